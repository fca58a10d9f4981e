package org.xsdnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpectrumScatterTest {
    /** A cubic in ω is predicted exactly by the cubic through its neighbours, whatever the spacing. */
    @Test
    void aCubicIsPredictedExactly() {
        double[] omega = {0.10, 0.13, 0.17, 0.22, 0.30};
        DataPoint[] around = new DataPoint[4];
        int[] neighbours = {0, 1, 3, 4};
        for (int j = 0; j < 4; j++) {
            around[j] = point("X", 1.0, 30, omega[neighbours[j]], cubic(omega[neighbours[j]]), 1.0);
        }
        DataPoint middle = point("X", 1.0, 30, omega[2], cubic(omega[2]) + 2.0, 1.0);
        // Residual 2 in units of an error of 1, the prediction's variance Σ w² from the neighbours' unit errors.
        double chi2 = SpectrumScatter.residual(middle, around);
        assertTrue(chi2 > 4 / 3.0 && chi2 < 4, "got " + chi2);
        assertEquals(0, SpectrumScatter.residual(point("X", 1.0, 30, omega[2], cubic(omega[2]), 1.0), around), 1e-9);
    }

    /** Smooth spectra with Gaussian noise of their quoted errors give about 1; noise of 3 errors gives about 9. */
    @Test
    void measuresTheScatterInUnitsOfTheErrors() {
        SplittableRandom random = new SplittableRandom(11);
        List<DataPoint> points = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            double energy = 1.0 + 0.05 * s;
            for (int i = 0; i < 40; i++) {
                double omega = 0.05 + 0.01 * i;
                double sigma = 1000 * Math.exp(-Math.pow((omega - 0.25) / 0.12, 2)) + 50;
                double error = 0.002 * sigma;
                points.add(point("Honest", energy, 30, omega, sigma + error * random.nextGaussian(), error));
                points.add(point("Scattered", energy, 30, omega, sigma + 3 * error * random.nextGaussian(), error));
            }
        }
        Map<String, SpectrumScatter.Figure> figures = SpectrumScatter.of(dataset(points));
        assertEquals(40 * 36, figures.get("Honest").points());
        assertEquals(1.0, figures.get("Honest").chi2PerPoint(), 0.15);
        assertEquals(9.0, figures.get("Scattered").chi2PerPoint(), 1.3);
    }

    /**
     * The real archive: carbon's experiments scatter about as their errors say, while our copy of Rock's ²⁷Al data
     * scatters by about 5 errors, and Heimlich's ⁶Li errors are far too small until a floor is applied.
     */
    @Test
    void realData() throws Exception {
        QesArchive archive = QesArchive.open(SharedData.qes());
        Map<String, SpectrumScatter.Figure> carbon = SpectrumScatter.of(archive.load(Selection.carbonPaper()));
        assertTrue(carbon.get("Day:1993md").chi2PerPoint() < 2, carbon.toString());
        assertTrue(carbon.get("Barreau:1983ht").chi2PerPoint() < 2, carbon.toString());
        Map<String, SpectrumScatter.Figure> aluminium = SpectrumScatter.of(archive.load(Selection.allOf("Al27")));
        assertTrue(aluminium.get("Rock-pc").chi2PerPoint() > 10, aluminium.toString());
        assertTrue(aluminium.get("Day:1993md").chi2PerPoint() < 2, aluminium.toString());
        double quoted = SpectrumScatter.of(archive.load(Selection.allOf("Li6")))
                .get("Heimlich:1973")
                .chi2PerPoint();
        double floored = SpectrumScatter.of(archive.load(Selection.allOf("Li6").withRelativeErrorFloor(0.03)))
                .get("Heimlich:1973")
                .chi2PerPoint();
        assertTrue(quoted > 50 && floored < 5, quoted + " and " + floored);
    }

    /** A floor raises every error to at least f·σ, in quadrature with the quoted one. */
    @Test
    void errorFloorOnRealData() throws Exception {
        QesArchive archive = QesArchive.open(SharedData.qes());
        QesDataset quoted = archive.load(Selection.allOf("Li6"));
        QesDataset floored = archive.load(Selection.allOf("Li6").withRelativeErrorFloor(0.03));
        assertEquals(quoted.size(), floored.size());
        for (int i = 0; i < quoted.size(); i++) {
            DataPoint q = quoted.points().get(i);
            DataPoint f = floored.points().get(i);
            assertEquals(Math.hypot(q.error(), 0.03 * q.sigma()), f.error(), 1e-12 * f.error());
            assertEquals(q.sigma(), f.sigma());
        }
    }

    private static double cubic(double w) {
        return 5 + 40 * w - 90 * w * w + 70 * w * w * w;
    }

    private static DataPoint point(String key, double energy, double theta, double omega, double sigma, double error) {
        return new DataPoint(6, 12, energy, theta, omega, sigma, error, key, "synthetic.dat", 1);
    }

    private static QesDataset dataset(List<DataPoint> points) {
        NormalizationGroup group = new NormalizationGroup("all", "C12", "all", null, 0.03);
        Map<String, Integer> keys = new java.util.LinkedHashMap<>();
        points.forEach(p -> keys.put(p.datasetKey(), 0));
        return new QesDataset(
                new Selection("C12", List.copyOf(keys.keySet()), 0),
                points,
                new int[points.size()],
                List.of(group),
                keys,
                0,
                List.of(),
                Map.of());
    }
}
