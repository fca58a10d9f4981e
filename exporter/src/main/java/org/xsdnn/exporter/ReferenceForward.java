package org.xsdnn.exporter;

import java.util.List;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.runtime.Prediction;

/** Double-precision, member-by-member σ that fused files are checked against. */
final class ReferenceForward {
    private ReferenceForward() {}

    /** σ of every member by {@link NetworkWeights#forward}, with mean and population std over members. */
    static Prediction ensemble(List<NetworkWeights> members, int massNumber, VerificationPoints points) {
        float[] x = points.features();
        double[][] r = new double[members.size()][];
        for (int m = 0; m < r.length; m++) {
            r[m] = members.get(m).forward(x, points.size());
        }
        return prediction(r, massNumber, points);
    }

    /** σ of every frozen dropout pass by {@link DropoutMasks#forward}, with mean and population std over passes. */
    static Prediction mcDropout(NetworkWeights net, DropoutMasks masks, int massNumber, VerificationPoints points) {
        return prediction(masks.forward(net, points.features(), points.size()), massNumber, points);
    }

    /** σ = r·S(E, θ)·A/12 per member, then mean and population standard deviation over the members. */
    static Prediction prediction(double[][] r, int massNumber, VerificationPoints points) {
        int n = points.size();
        double[][] sigma = new double[r.length][n];
        for (int m = 0; m < r.length; m++) {
            for (int i = 0; i < n; i++) {
                sigma[m][i] =
                        Kinematics.sigmaNbPerSrGeV(r[m][i], points.energyGeV()[i], points.thetaDeg()[i], massNumber);
            }
        }
        return Prediction.fromMembers(sigma, n);
    }
}
