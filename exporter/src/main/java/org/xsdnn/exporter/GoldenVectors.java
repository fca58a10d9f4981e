package org.xsdnn.exporter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.report.FrozenModel;
import org.xsdnn.runtime.ContractException;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringException;

/**
 * Reference outputs of a model directory, computed by ONNX Runtime Java at export time and checked
 * by the Java, C++ and Python front ends alike. Columns: E_GeV, theta_deg, omega_GeV,
 * sigma_mean_nb_per_sr_GeV, sigma_std_nb_per_sr_GeV, sigma_member_00, … (17 significant digits).
 * The points cover the carbon data's range: quasielastic peaks and tails at several (E, θ).
 */
public final class GoldenVectors {
    public static final String FILE_NAME = "golden.csv";
    private static final String HEADER = "E_GeV,theta_deg,omega_GeV,sigma_mean_nb_per_sr_GeV,sigma_std_nb_per_sr_GeV";
    /** How close a model must reproduce its golden σ (the front ends' tests use the same). */
    public static final double TOLERANCE = 1e-6;

    private static final double[][] SETTINGS = {
        {0.16, 36}, {0.5, 60}, {0.68, 36}, {0.961, 37.5}, {1.3, 37.5}, {2.02, 15}, {3.595, 16}, {5.766, 18}
    };

    private GoldenVectors() {}

    static void write(FrozenModel model, Path file) throws IOException, ScoringException {
        List<double[]> points = new ArrayList<>();
        for (double[] s : SETTINGS) {
            for (double fraction : new double[] {0.05, 0.15, 0.3, 0.5}) {
                points.add(new double[] {s[0], s[1], fraction * s[0]});
            }
        }
        int n = points.size();
        double[] e = new double[n];
        double[] theta = new double[n];
        double[] omega = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = points.get(i)[0];
            theta[i] = points.get(i)[1];
            omega[i] = points.get(i)[2];
        }
        Prediction p = model.score(e, theta, omega);
        int members = p.perMember() == null ? 0 : p.perMember().length;
        StringBuilder csv = new StringBuilder(HEADER);
        for (int m = 0; m < members; m++) {
            csv.append(String.format(",sigma_member_%02d", m));
        }
        csv.append('\n');
        for (int i = 0; i < n; i++) {
            csv.append(e[i])
                    .append(',')
                    .append(theta[i])
                    .append(',')
                    .append(omega[i])
                    .append(',')
                    .append(p.mean()[i])
                    .append(',')
                    .append(p.std()[i]);
            for (int m = 0; m < members; m++) {
                csv.append(',').append(p.perMember()[m][i]);
            }
            csv.append('\n');
        }
        AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The largest relative difference between the ensemble's σ (mean and every member) and a golden file's; empty
     * when the file is not one {@link #write} wrote (a third party's golden file has its own columns).
     *
     * @throws IOException when the file cannot be read, or has xsdnn's header but not its rows
     */
    public static java.util.OptionalDouble check(org.xsdnn.runtime.Ensemble ensemble, Path file)
            throws IOException, ScoringException {
        List<String> lines = java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).startsWith(HEADER)) {
            return java.util.OptionalDouble.empty();
        }
        int n = lines.size() - 1;
        if (n < 1) {
            throw new IOException(file + ": no golden points");
        }
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            try {
                rows[i] = java.util.Arrays.stream(lines.get(i + 1).split(","))
                        .mapToDouble(Double::parseDouble)
                        .toArray();
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + (i + 2) + ": not a row of numbers: " + e.getMessage(), e);
            }
            if (rows[i].length != 5 + ensemble.members()) {
                throw new IOException(file + ":" + (i + 2) + ": " + rows[i].length + " columns; expected "
                        + (5 + ensemble.members()) + " (E, θ, ω, mean, std and one per member)");
            }
        }
        double[] e = new double[n];
        double[] theta = new double[n];
        double[] omega = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = rows[i][0];
            theta[i] = rows[i][1];
            omega[i] = rows[i][2];
        }
        Prediction p = ensemble.score(e, theta, omega);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, relative(p.mean()[i], rows[i][3]));
            for (int m = 0; m < ensemble.members(); m++) {
                worst = Math.max(worst, relative(p.perMember()[m][i], rows[i][5 + m]));
            }
        }
        return java.util.OptionalDouble.of(worst);
    }

    /**
     * Checks the ensemble opened from {@code dir} against the directory's golden file, as every front end does: a
     * changed weight that no checksum covers (a NuWro set without SHA256SUMS) or a runtime that computes
     * differently shows here.
     *
     * @return the largest relative difference; empty when {@code dir} has no golden file or one in another format
     * @throws ContractException when the model is further than {@link #TOLERANCE} from its golden vectors
     */
    public static java.util.OptionalDouble verify(org.xsdnn.runtime.Ensemble ensemble, Path dir)
            throws IOException, ScoringException, ContractException {
        Path golden = dir.resolve(FILE_NAME);
        if (!java.nio.file.Files.isRegularFile(golden)) {
            return java.util.OptionalDouble.empty();
        }
        java.util.OptionalDouble worst = check(ensemble, golden);
        if (worst.isPresent() && !(worst.getAsDouble() <= TOLERANCE)) {
            throw new ContractException(String.format(
                    java.util.Locale.ROOT,
                    "%s: the model gives σ up to %.3g relative away from its golden vectors (tolerance %.0e); a file"
                            + " was changed or the runtime differs.",
                    golden,
                    worst.getAsDouble(),
                    TOLERANCE));
        }
        return worst;
    }

    /** |got − expected| / |expected|; 0 when equal (also at σ = 0 in deep tails), infinite when only expected is 0. */
    private static double relative(double got, double expected) {
        double diff = Math.abs(got - expected);
        return diff == 0 ? 0 : diff / Math.abs(expected);
    }
}
