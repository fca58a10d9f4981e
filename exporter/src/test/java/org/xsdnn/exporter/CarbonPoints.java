package org.xsdnn.exporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xsdnn.core.Kinematics;

/** The kinematics (E, θ, ω) of every point of the shared carbon archive file, 12C.dat. */
final class CarbonPoints {
    private static VerificationPoints all;

    private CarbonPoints() {}

    /** The shared data directory ({@code xsdnn.shared} property, default /work/shared). */
    static Path shared() {
        return Path.of(System.getProperty("xsdnn.shared", "/work/shared"));
    }

    /** All physical points of 12C.dat, in file order (columns Z, A, E GeV, θ deg, ω GeV, σ, error, key). */
    static synchronized VerificationPoints all() {
        if (all == null) {
            List<double[]> rows = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(shared().resolve("data/qes/12C.dat"))) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length < 5) {
                        continue;
                    }
                    double e = Double.parseDouble(f[2]);
                    double theta = Double.parseDouble(f[3]);
                    double omega = Double.parseDouble(f[4]);
                    if (Kinematics.validate(e, theta, omega) == null) {
                        rows.add(new double[] {e, theta, omega});
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            all = of(rows);
        }
        return all;
    }

    /** Every {@code step}-th point, from the first. */
    static VerificationPoints every(int step) {
        VerificationPoints a = all();
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < a.size(); i += step) {
            rows.add(new double[] {a.energyGeV()[i], a.thetaDeg()[i], a.omegaGeV()[i]});
        }
        return of(rows);
    }

    /** The first {@code n} points. */
    static VerificationPoints first(int n) {
        VerificationPoints a = all();
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new double[] {a.energyGeV()[i], a.thetaDeg()[i], a.omegaGeV()[i]});
        }
        return of(rows);
    }

    private static VerificationPoints of(List<double[]> rows) {
        return new VerificationPoints(
                rows.stream().mapToDouble(r -> r[0]).toArray(),
                rows.stream().mapToDouble(r -> r[1]).toArray(),
                rows.stream().mapToDouble(r -> r[2]).toArray());
    }
}
