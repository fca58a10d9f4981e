package org.xsdnn.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The hand-derived engine against SameDiff's automatic differentiation and against finite differences. */
class GradientEnginesTest {
    private static final NetworkConfig SMALL = new NetworkConfig(3, 7, 0.0, 1e-3);

    @Test
    void fusedEqualsSameDiffInDoublePrecision() {
        for (NetworkConfig net : List.of(SMALL, new NetworkConfig(2, 6, 0.2, 1e-3))) {
            ParameterLayout layout = new ParameterLayout(net, 3);
            INDArray params = perturbedParameters(layout, 11);
            Batch batch = SyntheticData.batch(layout, 40, 0.5, 5, DataType.DOUBLE);
            INDArray fused = Nd4j.zeros(DataType.DOUBLE, layout.size());
            INDArray reference = Nd4j.zeros(DataType.DOUBLE, layout.size());
            double lossFused = new FusedEngine(layout).lossAndGradient(params, batch, fused);
            double lossReference;
            try (SameDiffEngine sd = new SameDiffEngine(layout, DataType.DOUBLE)) {
                lossReference = sd.lossAndGradient(params, batch, reference);
            }
            assertEquals(lossReference, lossFused, 1e-10 * Math.abs(lossReference), "loss, " + net);
            double scale = reference.norm2Number().doubleValue();
            double diff = fused.sub(reference).norm2Number().doubleValue();
            assertTrue(diff <= 1e-9 * scale, "gradient differs by " + diff + " (norm " + scale + "), " + net);
        }
    }

    @Test
    void fusedEqualsSameDiffOnRealCarbonPoints() throws Exception {
        TrainingData carbon = TrainingRun.trainingDataOf(SharedData.carbon());
        int[] every40th = java.util.stream.IntStream.range(0, carbon.size())
                .filter(i -> i % 40 == 0)
                .toArray();
        TrainingData data = carbon.subset(every40th);
        ParameterLayout layout = new ParameterLayout(new NetworkConfig(3, 12, 0.0, 1e-3), data.groups());
        INDArray params = perturbedParameters(layout, 5);
        Batch batch = new Batch(
                Nd4j.createFromArray(data.features()).castTo(DataType.DOUBLE).reshape(data.size(), 5),
                data.y(),
                data.error(),
                data.group(),
                data.groupUncertainty(),
                (double) carbon.size() / data.size(),
                List.of());
        INDArray fused = Nd4j.zeros(DataType.DOUBLE, layout.size());
        INDArray reference = Nd4j.zeros(DataType.DOUBLE, layout.size());
        double lossFused = new FusedEngine(layout).lossAndGradient(params, batch, fused);
        double lossReference;
        try (SameDiffEngine sd = new SameDiffEngine(layout, DataType.DOUBLE)) {
            lossReference = sd.lossAndGradient(params, batch, reference);
        }
        assertEquals(lossReference, lossFused, 1e-10 * Math.abs(lossReference));
        double diff = fused.sub(reference).norm2Number().doubleValue();
        assertTrue(diff <= 1e-9 * reference.norm2Number().doubleValue(), "gradient differs by " + diff);
    }

    @Test
    void fusedGradientMatchesFiniteDifferences() {
        ParameterLayout layout = new ParameterLayout(SMALL, 3);
        INDArray params = perturbedParameters(layout, 3);
        Batch batch = SyntheticData.batch(layout, 30, 1.0, 9, DataType.DOUBLE);
        FusedEngine engine = new FusedEngine(layout);
        INDArray gradient = Nd4j.zeros(DataType.DOUBLE, layout.size());
        engine.lossAndGradient(params, batch, gradient);
        assertMatchesFiniteDifferences(engine, params, batch, gradient, layout.size(), 60, 5);
    }

    /** Central differences (h = 1e-6) at {@code trials} random parameters below {@code range}. */
    private static void assertMatchesFiniteDifferences(
            FusedEngine engine, INDArray params, Batch batch, INDArray gradient, long range, int trials, long seed) {
        INDArray scratch = Nd4j.zeros(DataType.DOUBLE, params.length());
        SplittableRandom random = new SplittableRandom(seed);
        double h = 1e-6;
        for (int trial = 0; trial < trials; trial++) {
            long i = random.nextLong(range);
            double original = params.getDouble(i);
            params.putScalar(i, original + h);
            double up = engine.lossAndGradient(params, batch, scratch);
            params.putScalar(i, original - h);
            double down = engine.lossAndGradient(params, batch, scratch);
            params.putScalar(i, original);
            double numeric = (up - down) / (2 * h);
            assertEquals(numeric, gradient.getDouble(i), 1e-5 * Math.max(1.0, Math.abs(numeric)), "parameter " + i);
        }
    }

    @Test
    void shapeLossGradientMatchesFiniteDifferencesAndLeavesLambdaAlone() {
        ParameterLayout layout = new ParameterLayout(SMALL, 3);
        INDArray params = perturbedParameters(layout, 4);
        Batch chi2 = SyntheticData.batch(layout, 30, 1.0, 8, DataType.DOUBLE);
        double[] y = chi2.y().clone();
        y[3] = -0.1; // a bootstrap replica below zero: no logarithm, left out
        Batch batch = new Batch(
                chi2.x(),
                y,
                chi2.error(),
                chi2.group(),
                chi2.groupUncertainty(),
                1.0,
                List.of(),
                Batch.Objective.LOG_SHAPE);
        FusedEngine engine = new FusedEngine(layout);
        INDArray gradient = Nd4j.zeros(DataType.DOUBLE, layout.size());
        double loss = engine.lossAndGradient(params, batch, gradient);
        assertTrue(loss > 0 && Double.isFinite(loss), "loss " + loss);
        for (int k = 0; k < layout.groups(); k++) {
            assertEquals(0.0, gradient.getDouble(layout.lambdaOffset() + k), "λ is held at 1 in the shape phase");
        }
        assertMatchesFiniteDifferences(engine, params, batch, gradient, layout.lambdaOffset(), 40, 6);
    }

    static INDArray perturbedParameters(ParameterLayout layout, long seed) {
        float[] init = Initializer.initial(layout, seed);
        SplittableRandom random = new SplittableRandom(seed + 1);
        double[] p = new double[init.length];
        for (int i = 0; i < p.length; i++) {
            // move γ, β, biases and λ away from their trivial initial values
            p[i] = init[i] + 0.1 * Initializer.gaussian(random);
        }
        return Nd4j.createFromArray(p);
    }

    /** Small random data sets for unit tests. */
    static final class SyntheticData {
        static Batch batch(ParameterLayout layout, int n, double dataScale, long seed, DataType type) {
            SplittableRandom random = new SplittableRandom(seed);
            double[] x = new double[n * 5];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextDouble();
            }
            double[] y = new double[n];
            double[] e = new double[n];
            int[] g = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = 0.2 + 0.6 * random.nextDouble();
                e[i] = 0.05 + 0.1 * random.nextDouble();
                g[i] = random.nextInt(layout.groups());
            }
            double[] uncertainty = new double[layout.groups()];
            java.util.Arrays.fill(uncertainty, 0.05);
            List<INDArray> masks = new ArrayList<>();
            double p = layout.network().dropout();
            if (p > 0) {
                for (int l = 0; l < layout.network().hiddenLayers(); l++) {
                    double[] m = new double[n * layout.network().width()];
                    for (int i = 0; i < m.length; i++) {
                        m[i] = random.nextDouble() < p ? 0.0 : 1.0 / (1.0 - p);
                    }
                    masks.add(Nd4j.createFromArray(m)
                            .castTo(type)
                            .reshape(n, layout.network().width()));
                }
            }
            return new Batch(
                    Nd4j.createFromArray(x).castTo(type).reshape(n, 5), y, e, g, uncertainty, dataScale, masks);
        }
    }
}
