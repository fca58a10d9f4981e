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

    /** @param seconds wall time since training started (summed over resumed runs) */
    public record Point(int epoch, double loss, double heldOutChi2PerPoint, double seconds) {}

    /** Writes the curve as CSV (epoch, training loss, held-out χ²/N, seconds), atomically. */
    public static void writeCsv(List<Point> curve, Path file) throws IOException {
        StringBuilder csv = new StringBuilder("epoch,train_loss,heldout_chi2_per_point,seconds\n");
        for (Point p : curve) {
            csv.append(String.format(Locale.ROOT, "%d,%.6g,%.6g,%.2f%n", p.epoch(), p.loss(), p.heldOutChi2PerPoint(), p.seconds()));
        }
        AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
    }
}
