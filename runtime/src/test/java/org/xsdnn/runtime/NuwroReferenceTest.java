package org.xsdnn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xsdnn.core.Kinematics;

/** Our runtime reproduces, from third-party files, the values ONNX Runtime gave their authors' setup. */
class NuwroReferenceTest {
    private static final double REL_TOL = 1e-6;
    private static Ensemble ensemble;
    private static List<GoldenRow> golden;

    /** One row of golden.csv: member index, kinematics, features, r and σ. */
    record GoldenRow(
            int member, double energyGeV, double thetaDeg, double omegaGeV, float[] x, double r, double sigma) {}

    @BeforeAll
    static void open() throws Exception {
        ensemble = Ensemble.open(TestDirectories.nuwro(), ScoringOptions.defaults());
        golden = readGolden();
    }

    @AfterAll
    static void close() {
        ensemble.close();
    }

    @Test
    void readsLayoutFromFileNames() {
        assertEquals(2, ensemble.members());
        assertEquals(12, ensemble.massNumber());
        assertTrue(ensemble.card().isEmpty());
        assertTrue(ensemble.warnings().isEmpty());
        assertEquals(24, golden.size());
    }

    @Test
    void featuresMatchGolden() {
        float[] x = new float[Kinematics.FEATURES];
        for (GoldenRow row : golden) {
            Kinematics.features(row.energyGeV(), row.thetaDeg(), row.omegaGeV(), x, 0);
            for (int k = 0; k < x.length; k++) {
                assertClose(row.x()[k], x[k], "x" + k + " of " + row);
            }
        }
    }

    @Test
    void memberRMatchesGoldenOnePointAtATime() throws Exception {
        for (GoldenRow row : golden) {
            assertClose(row.r(), ensemble.memberR(row.member(), row.x(), 1)[0], "r of " + row);
        }
    }

    @Test
    void memberRMatchesGoldenAsOneBatch() throws Exception {
        for (int m = 0; m < ensemble.members(); m++) {
            List<GoldenRow> rows = rowsOf(m);
            float[] x = new float[rows.size() * Kinematics.FEATURES];
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(rows.get(i).x(), 0, x, i * Kinematics.FEATURES, Kinematics.FEATURES);
            }
            double[] r = ensemble.memberR(m, x, rows.size());
            for (int i = 0; i < rows.size(); i++) {
                assertClose(rows.get(i).r(), r[i], "r of " + rows.get(i));
            }
        }
    }

    @Test
    void sigmaMatchesGoldenAsOneBatch() throws Exception {
        List<GoldenRow> points = rowsOf(0);
        double[] e = points.stream().mapToDouble(GoldenRow::energyGeV).toArray();
        double[] theta = points.stream().mapToDouble(GoldenRow::thetaDeg).toArray();
        double[] omega = points.stream().mapToDouble(GoldenRow::omegaGeV).toArray();
        Prediction p = ensemble.score(e, theta, omega);
        for (int m = 0; m < ensemble.members(); m++) {
            List<GoldenRow> rows = rowsOf(m);
            for (int i = 0; i < rows.size(); i++) {
                assertClose(rows.get(i).sigma(), p.perMember()[m][i], "sigma of " + rows.get(i));
            }
        }
        for (int i = 0; i < points.size(); i++) {
            double a = rowsOf(0).get(i).sigma();
            double b = rowsOf(1).get(i).sigma();
            assertClose((a + b) / 2, p.mean()[i], "mean at point " + i);
            assertClose(Math.abs(a - b) / 2, p.std()[i], "population std at point " + i);
        }
    }

    @Test
    void sigmaMatchesGoldenOnePointAtATime() throws Exception {
        for (GoldenRow row : golden) {
            Prediction p = ensemble.score(
                    new double[] {row.energyGeV()}, new double[] {row.thetaDeg()}, new double[] {row.omegaGeV()});
            assertClose(row.sigma(), p.perMember()[row.member()][0], "sigma of " + row);
        }
    }

    private static List<GoldenRow> rowsOf(int member) {
        return golden.stream().filter(r -> r.member() == member).toList();
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, REL_TOL * Math.abs(expected), what);
    }

    private static List<GoldenRow> readGolden() throws IOException {
        List<String> lines = Files.readAllLines(TestDirectories.nuwro().resolve("golden.csv"));
        List<GoldenRow> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int member = Integer.parseInt(f[0].replaceAll(".*_(\\d+)\\.onnx", "$1"));
            float[] x = new float[Kinematics.FEATURES];
            for (int k = 0; k < x.length; k++) {
                x[k] = Float.parseFloat(f[4 + k]);
            }
            rows.add(new GoldenRow(
                    member,
                    Double.parseDouble(f[1]),
                    Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]),
                    x,
                    Double.parseDouble(f[9]),
                    Double.parseDouble(f[10])));
        }
        return rows;
    }
}
