package org.xsdnn.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.report.FrozenModel;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringException;

/**
 * Reference outputs of a model directory, computed by ONNX Runtime Java at export time and checked
 * by the Java, C++ and Python front ends alike. Columns: E_GeV, theta_deg, omega_GeV,
 * sigma_mean_nb_per_sr_GeV, sigma_std_nb_per_sr_GeV, sigma_member_00, … (17 significant digits).
 * The points cover the carbon data's range: quasielastic peaks and tails at several (E, θ).
 */
final class GoldenVectors {
    static final String FILE_NAME = "golden.csv";
    private static final double[][] SETTINGS = {{0.16, 36}, {0.5, 60}, {0.68, 36}, {0.961, 37.5}, {1.3, 37.5},
        {2.02, 15}, {3.595, 16}, {5.766, 18}};

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
        StringBuilder csv = new StringBuilder("E_GeV,theta_deg,omega_GeV,sigma_mean_nb_per_sr_GeV,sigma_std_nb_per_sr_GeV");
        for (int m = 0; m < members; m++) {
            csv.append(String.format(",sigma_member_%02d", m));
        }
        csv.append('\n');
        for (int i = 0; i < n; i++) {
            csv.append(e[i]).append(',').append(theta[i]).append(',').append(omega[i]).append(',')
                    .append(p.mean()[i]).append(',').append(p.std()[i]);
            for (int m = 0; m < members; m++) {
                csv.append(',').append(p.perMember()[m][i]);
            }
            csv.append('\n');
        }
        AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
    }
}
