package org.xsdnn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.xsdnn.runtime.table.InterpolationError;

/** The interpolation error of a table as xsdnn tabulate prints it: midpoints, each axis alone, and a hint. */
final class InterpolationReport {
    /** Above this median relative error of σ mean at cell midpoints the command suggests a finer grid. */
    private static final double HINT_MEDIAN = 0.01;

    private InterpolationReport() {}

    static void print(PrintWriter err, InterpolationError error) {
        InterpolationError.Stats mid = error.midpoints();
        if (mid.pointsCompared() == 0) {
            err.println(
                    "xsdnn tabulate: interpolation error: no cell midpoint to compare (σ mean too small everywhere)");
            return;
        }
        double[] at = mid.worstPoint();
        err.printf(
                Locale.ROOT,
                "xsdnn tabulate: interpolation error of σ mean at %d cell midpoints (%d of %d cells, seed %d; "
                        + "%d with σ ≤ %.3g nb/(sr·GeV), 1e-6 of the table's largest, left out): "
                        + "median %s, 95th percentile %s, max %s at E %.4g GeV, θ %.4g°, ω %.4g GeV%n",
                mid.pointsCompared(),
                error.cellsSampled(),
                error.physicalCells(),
                error.seed(),
                error.cellsSampled() - mid.pointsCompared(),
                error.thresholdSigma(),
                percent(mid.medianRelative()),
                percent(mid.p95Relative()),
                percent(mid.maxRelative()),
                at[0],
                at[1],
                at[2]);
        err.printf(
                Locale.ROOT,
                "xsdnn tabulate:   along one axis only (edge midpoints), median / max: E %s, θ %s, ω %s%n",
                both(error.alongEnergy()),
                both(error.alongTheta()),
                both(error.alongOmega()));
        if (mid.medianRelative() > HINT_MEDIAN) {
            err.printf(
                    Locale.ROOT,
                    "xsdnn tabulate: hint: the median interpolation error %s exceeds 1 %%: refine the grid, "
                            + "%s first (its step causes the largest error).%n",
                    percent(mid.medianRelative()),
                    worstAxis(error));
        }
        err.flush();
    }

    private static String worstAxis(InterpolationError error) {
        String[] options = {"-E", "--theta", "--omega"};
        InterpolationError.Stats[] s = {error.alongEnergy(), error.alongTheta(), error.alongOmega()};
        int worst = 0;
        for (int a = 1; a < 3; a++) {
            if (median(s[a]) > median(s[worst])) {
                worst = a;
            }
        }
        return options[worst];
    }

    private static double median(InterpolationError.Stats s) {
        return s.medianRelative() == null ? -1 : s.medianRelative();
    }

    private static String both(InterpolationError.Stats s) {
        return s.pointsCompared() == 0 ? "n/a" : percent(s.medianRelative()) + " / " + percent(s.maxRelative());
    }

    private static String percent(Double fraction) {
        return fraction == null ? "n/a" : String.format(Locale.ROOT, "%.3g %%", 100 * fraction);
    }
}
