package org.xsdnn.trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.xsdnn.core.AtomicFiles;

/** The learning curve of one member: loss and held-out χ²/N at each evaluation epoch. */
public final class LearningCurve {
    private LearningCurve() {}

    /**
     * @param loss the training objective since the previous point: χ²/N in the χ² phase, the mean of
     *     (log r − log y)² in the shape phase
     * @param untouchedChi2PerPoint χ²/N of the untouched points (NaN when the run has none)
     * @param learningRate the rate of the last epoch, after any halving
     * @param seconds wall time since training started (summed over resumed runs)
     */
    public record Point(
            int epoch,
            double loss,
            double heldOutChi2PerPoint,
            double untouchedChi2PerPoint,
            double learningRate,
            double seconds) {}

    /** Writes the curve as CSV, atomically. */
    public static void writeCsv(List<Point> curve, Path file) throws IOException {
        StringBuilder csv = new StringBuilder(
                "epoch,train_loss,heldout_chi2_per_point,untouched_chi2_per_point,learning_rate,seconds\n");
        for (Point p : curve) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%d,%.6g,%.6g,%.6g,%.4g,%.2f%n",
                    p.epoch(),
                    p.loss(),
                    p.heldOutChi2PerPoint(),
                    p.untouchedChi2PerPoint(),
                    p.learningRate(),
                    p.seconds()));
        }
        AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
    }
}
