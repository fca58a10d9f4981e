package org.xsdnn.trainer;

/**
 * The loss of the shape phase ({@link TrainerConfig.ShapePhase}): the mean over points with y > 0
 * of ½ (log r − log y)², with every λ held at 1. Points whose target is not positive (a bootstrap
 * replica can push a point with a large error below zero) carry no logarithm and are left out.
 */
public final class LogShapeLoss {
    private LogShapeLoss() {}

    /** Loss of a batch; writes dLoss/dr to {@code dLossDr} (0 for points left out). */
    public static double lossAndGradient(double[] r, double[] y, double[] dLossDr) {
        int used = 0;
        for (double target : y) {
            if (target > 0) {
                used++;
            }
        }
        double loss = 0;
        for (int i = 0; i < r.length; i++) {
            if (!(y[i] > 0) || used == 0) {
                dLossDr[i] = 0;
                continue;
            }
            double d = Math.log(r[i]) - Math.log(y[i]);
            loss += 0.5 * d * d / used;
            dLossDr[i] = d / (r[i] * used);
        }
        return loss;
    }
}
