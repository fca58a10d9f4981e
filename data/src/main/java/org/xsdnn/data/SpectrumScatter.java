package org.xsdnn.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far the points of each experiment scatter about their own neighbours, in units of their errors: a
 * model-free estimate of the χ²/N that even the true cross section would get against these data.
 *
 * <p>Each point of a spectrum (one experiment, E and θ) that has two neighbours on each side in ω is predicted by
 * the cubic through those four (Lagrange interpolation, exact for any cubic in ω); the figure is the mean of
 * (σ_i − pred)² / (Δσ_i² + Var pred) over the experiment's points, with Var pred from the neighbours' errors. If the
 * errors are the points' true point-to-point scatter and the spectrum is smooth on the scale of four points, it is
 * about 1 whatever the curve; a value s² means the data scatter by s times their errors (or vary faster than the
 * points are spaced), and a model that equals the true curve there gets about s² too. So it is the floor against
 * which a fitted model's χ²/N on an experiment is to be judged.
 */
public final class SpectrumScatter {
    private SpectrumScatter() {}

    /**
     * @param points points of the experiment that could be predicted from four neighbours
     * @param chi2PerPoint mean of the normalized squared residuals about the neighbours' cubic; NaN when no point could
     */
    public record Figure(int points, double chi2PerPoint) {}

    /** Per dataset key, in the dataset's order, the scatter of its points (errors as the dataset holds them). */
    public static Map<String, Figure> of(QesDataset dataset) {
        Map<List<Object>, List<DataPoint>> spectra = new LinkedHashMap<>();
        for (DataPoint p : dataset.points()) {
            spectra.computeIfAbsent(List.of(p.datasetKey(), p.energyGeV(), p.thetaDeg()), k -> new ArrayList<>())
                    .add(p);
        }
        Map<String, double[]> sums = new LinkedHashMap<>(); // key -> {Σ χ², n}
        dataset.removedByCutPerDataset().keySet().forEach(k -> sums.put(k, new double[2]));
        for (List<DataPoint> spectrum : spectra.values()) {
            spectrum.sort(Comparator.comparingDouble(DataPoint::omegaGeV));
            double[] sum = sums.computeIfAbsent(spectrum.get(0).datasetKey(), k -> new double[2]);
            for (int i = 2; i + 2 < spectrum.size(); i++) {
                DataPoint[] around = {spectrum.get(i - 2), spectrum.get(i - 1), spectrum.get(i + 1), spectrum.get(i + 2)
                };
                double chi2 = residual(spectrum.get(i), around);
                if (!Double.isNaN(chi2)) {
                    sum[0] += chi2;
                    sum[1]++;
                }
            }
        }
        Map<String, Figure> figures = new LinkedHashMap<>();
        sums.forEach((k, s) -> figures.put(k, new Figure((int) s[1], s[1] == 0 ? Double.NaN : s[0] / s[1])));
        return figures;
    }

    /** (σ − pred)² / (Δσ² + Var pred) for the cubic through the four neighbours; NaN where two share an ω. */
    static double residual(DataPoint p, DataPoint[] around) {
        double prediction = 0;
        double variance = 0;
        for (int j = 0; j < around.length; j++) {
            double weight = 1;
            for (int k = 0; k < around.length; k++) {
                if (k == j) {
                    continue;
                }
                double gap = around[j].omegaGeV() - around[k].omegaGeV();
                if (gap == 0 || p.omegaGeV() == around[j].omegaGeV()) {
                    return Double.NaN; // repeated ω (the archive has one duplicate point): nothing to interpolate
                }
                weight *= (p.omegaGeV() - around[k].omegaGeV()) / gap;
            }
            prediction += weight * around[j].sigma();
            variance += weight * weight * around[j].error() * around[j].error();
        }
        double d = p.sigma() - prediction;
        return d * d / (p.error() * p.error() + variance);
    }
}
