package org.xsdnn.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hand-derived engine (FLOAT, as it trains) against SameDiff's automatic differentiation in DOUBLE on the same
 * parameters, and the shape loss's derivative against finite differences.
 */
class GradientEnginesTest {
    private static final NetworkConfig SMALL = new NetworkConfig(3, 7, 0.0, 1e-3);
    /** Relative agreement of a FLOAT engine with a DOUBLE one: loss, and gradient in norm. */
    private static final double LOSS_TOLERANCE = 1e-5;

    private static final double GRADIENT_TOLERANCE = 1e-5;

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void fusedEqualsSameDiff(NetworkConfig net) {
        ParameterLayout layout = new ParameterLayout(net, 3);
        INDArray params = perturbedParameters(layout, 11).castTo(DataType.FLOAT);
        assertEnginesAgree(layout, params, SyntheticData.batch(layout, 40, 0.5, 5, DataType.FLOAT), net.toString());
    }

    /** Widths below, at and across the vector length of the element-wise kernels, dropout, fixed statistics. */
    static List<NetworkConfig> networks() {
        return List.of(
                SMALL,
                new NetworkConfig(2, 6, 0.2, 1e-3),
                new NetworkConfig(2, 16, 0.0, 1e-3),
                new NetworkConfig(2, 37, 0.1, 1e-3),
                new NetworkConfig(3, 7, 0.0, 1e-3, true),
                new NetworkConfig(2, 37, 0.1, 1e-3, true),
                new NetworkConfig(0, 1, 0.0, 1e-3));
    }

    /** A small network, and the shipped one (the paper's 10 × 300) whose products and kernels training runs. */
    @ParameterizedTest(name = "{0} × {1}")
    @CsvSource({"3, 24", "10, 300"})
    void fusedEqualsSameDiffOnRealCarbonPoints(int layers, int width) throws Exception {
        Batch batch = everyNthCarbonPoint(40);
        ParameterLayout layout = new ParameterLayout(new NetworkConfig(layers, width, 0.0, 1e-3), groups(batch));
        INDArray params = perturbedParameters(layout, 5).castTo(DataType.FLOAT);
        assertEnginesAgree(layout, params, batch, "carbon, " + layers + " × " + width);
    }

    /**
     * The training step with bf16 products on the shipped network points the way fp32's does. Not closer: rounding
     * every hidden block's operands moves the outputs by about a per cent, and the χ² gradient at these perturbed
     * parameters is sensitive to that (measured: 28 % of its norm, cosine 0.96); that the products themselves are
     * right is {@code MatmulTest}'s, and the carbon recipe's quality with --bf16 is measured in BENCHMARKS.md §1.
     */
    @Test
    void bf16ProductsPointTheGradientTheWayFp32Does() throws Exception {
        Batch batch = everyNthCarbonPoint(10);
        ParameterLayout layout = new ParameterLayout(NetworkConfig.paperDefault(), groups(batch));
        INDArray params = perturbedParameters(layout, 5).castTo(DataType.FLOAT);
        INDArray fp32 = Nd4j.zeros(DataType.FLOAT, layout.size());
        INDArray bf16 = Nd4j.zeros(DataType.FLOAT, layout.size());
        new FusedEngine(layout).lossAndGradient(params, batch, fp32);
        try {
            new FusedEngine(layout, Matmul.Precision.BF16).lossAndGradient(params, batch, bf16);
        } catch (IllegalStateException refused) {
            assertTrue(refused.getMessage().contains("no bf16 matrix product"), refused.getMessage());
            return;
        }
        double relative =
                bf16.sub(fp32).norm2Number().doubleValue() / fp32.norm2Number().doubleValue();
        double cosine = bf16.mul(fp32).sumNumber().doubleValue()
                / (bf16.norm2Number().doubleValue() * fp32.norm2Number().doubleValue());
        assertTrue(
                cosine > 0.9 && relative > 1e-6,
                "bf16 gradient against fp32: " + relative + " of its norm, cosine " + cosine);
    }

    /** A network, its parameters and a batch: one gradient to compute. */
    record Case(ParameterLayout layout, INDArray parameters, Batch batch) {}

    /** The shipped network (the paper's 10 × 300) at perturbed parameters on every 40th real carbon point. */
    static Case carbonCase() throws Exception {
        Batch batch = everyNthCarbonPoint(40);
        ParameterLayout layout = new ParameterLayout(NetworkConfig.paperDefault(), groups(batch));
        return new Case(layout, perturbedParameters(layout, 5).castTo(DataType.FLOAT), batch);
    }

    /** Every n-th point of the real carbon training data as a FLOAT batch, weighted as the whole set. */
    private static Batch everyNthCarbonPoint(int n) throws Exception {
        TrainingData carbon = TrainingRun.trainingDataOf(SharedData.carbon());
        TrainingData data = carbon.subset(java.util.stream.IntStream.range(0, carbon.size())
                .filter(i -> i % n == 0)
                .toArray());
        return new Batch(
                MemberTrainer.matrix(data.features()),
                data.y(),
                data.error(),
                data.group(),
                data.groupUncertainty(),
                (double) carbon.size() / data.size(),
                List.of());
    }

    private static int groups(Batch batch) {
        return batch.groupUncertainty().length;
    }

    /** The fused engine on FLOAT {@code params} and {@code batch}; SameDiff on both cast to DOUBLE. */
    private static void assertEnginesAgree(ParameterLayout layout, INDArray params, Batch batch, String what) {
        INDArray fused = Nd4j.zeros(DataType.FLOAT, layout.size());
        double lossFused = new FusedEngine(layout).lossAndGradient(params, batch, fused);
        INDArray reference = Nd4j.zeros(DataType.DOUBLE, layout.size());
        double lossReference = sameDiff(new Case(layout, params, batch), reference);
        assertAgrees(lossReference, reference, lossFused, fused, what);
    }

    /** Loss to {@link #LOSS_TOLERANCE} of the reference's, gradient to {@link #GRADIENT_TOLERANCE} of its norm. */
    static void assertAgrees(double lossReference, INDArray reference, double loss, INDArray gradient, String what) {
        assertAgrees(lossReference, reference, loss, gradient, GRADIENT_TOLERANCE, what);
    }

    /** Loss and gradient (in norm) to {@code tolerance} of the reference's, relative. */
    static void assertAgrees(
            double lossReference, INDArray reference, double loss, INDArray gradient, double tolerance, String what) {
        assertEquals(
                lossReference, loss, Math.max(LOSS_TOLERANCE, tolerance) * Math.abs(lossReference), "loss, " + what);
        double scale = reference.norm2Number().doubleValue();
        double diff =
                gradient.castTo(DataType.DOUBLE).sub(reference).norm2Number().doubleValue();
        assertTrue(
                diff <= tolerance * scale,
                "gradient differs by " + diff + " (norm " + scale + ", relative " + diff / scale + "), " + what);
    }

    /** SameDiff's loss and gradient of {@code c} in DOUBLE, into {@code gradient}. */
    static double sameDiff(Case c, INDArray gradient) {
        try (SameDiffEngine sd = new SameDiffEngine(c.layout(), DataType.DOUBLE)) {
            return sd.lossAndGradient(c.parameters().castTo(DataType.DOUBLE), inDouble(c.batch()), gradient);
        }
    }

    private static Batch inDouble(Batch batch) {
        List<INDArray> masks = new ArrayList<>();
        for (INDArray mask : batch.dropoutMasks()) {
            masks.add(mask.castTo(DataType.DOUBLE));
        }
        return new Batch(
                batch.x().castTo(DataType.DOUBLE),
                batch.y(),
                batch.error(),
                batch.group(),
                batch.groupUncertainty(),
                batch.dataScale(),
                masks);
    }

    @Test
    void theFusedEngineRefusesOtherTypesThanFloat() {
        ParameterLayout layout = new ParameterLayout(SMALL, 3);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new FusedEngine(layout)
                        .lossAndGradient(
                                perturbedParameters(layout, 1),
                                SyntheticData.batch(layout, 10, 1.0, 2, DataType.DOUBLE),
                                Nd4j.zeros(DataType.DOUBLE, layout.size())));
        assertTrue(e.getMessage().contains("FLOAT") && e.getMessage().contains("DOUBLE"), e.getMessage());
    }

    /**
     * The shape phase differs from χ² only in dLoss/dr (the network's backward pass is the one checked against
     * SameDiff above): its derivative against central differences, in double on the host.
     */
    @Test
    void shapeLossDerivativeMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(8);
        int n = 30;
        double[] r = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = 0.05 + 0.9 * random.nextDouble();
            y[i] = 0.05 + 0.9 * random.nextDouble();
        }
        y[3] = -0.1; // a bootstrap replica below zero: no logarithm, left out
        double[] dLossDr = new double[n];
        LogShapeLoss.lossAndGradient(r, y, dLossDr);
        assertEquals(0.0, dLossDr[3], "a point left out has no gradient");
        double h = 1e-6;
        double[] scratch = new double[n];
        for (int i = 0; i < n; i++) {
            double original = r[i];
            r[i] = original + h;
            double up = LogShapeLoss.lossAndGradient(r, y, scratch);
            r[i] = original - h;
            double down = LogShapeLoss.lossAndGradient(r, y, scratch);
            r[i] = original;
            assertEquals((up - down) / (2 * h), dLossDr[i], 1e-7 * Math.max(1, Math.abs(dLossDr[i])), "point " + i);
        }
    }

    @Test
    void shapePhaseLeavesLambdaAlone() {
        ParameterLayout layout = new ParameterLayout(SMALL, 3);
        INDArray params = perturbedParameters(layout, 4).castTo(DataType.FLOAT);
        Batch chi2 = SyntheticData.batch(layout, 30, 1.0, 8, DataType.FLOAT);
        Batch batch = new Batch(
                chi2.x(),
                chi2.y(),
                chi2.error(),
                chi2.group(),
                chi2.groupUncertainty(),
                1.0,
                List.of(),
                Batch.Objective.LOG_SHAPE);
        INDArray gradient = Nd4j.zeros(DataType.FLOAT, layout.size());
        double loss = new FusedEngine(layout).lossAndGradient(params, batch, gradient);
        assertTrue(loss > 0 && Double.isFinite(loss), "loss " + loss);
        for (int k = 0; k < layout.groups(); k++) {
            assertEquals(0.0, gradient.getDouble(layout.lambdaOffset() + k), "λ is held at 1 in the shape phase");
        }
        assertTrue(gradient.norm2Number().doubleValue() > 0, "the network's parameters move");
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
