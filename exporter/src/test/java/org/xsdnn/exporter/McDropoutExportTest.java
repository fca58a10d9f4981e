package org.xsdnn.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.onnx.ModelProto;
import org.xsdnn.onnx.NodeProto;
import org.xsdnn.runtime.FusedContract;
import org.xsdnn.runtime.FusedModel;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringOptions;

/**
 * Frozen MC dropout: real spread under ONNX Runtime's default session options, the same numbers every run, and
 * every pass equal to a double-precision Java forward pass with the same masks.
 */
class McDropoutExportTest {
    private static final int PASSES = 50;
    private static final long SEED = 20240101L;
    private static final VerificationPoints POINTS = CarbonPoints.every(145);
    private static NetworkWeights base;

    @TempDir
    Path tmp;

    @BeforeAll
    static void network() {
        base = RandomNetworks.network(31, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300);
    }

    @Test
    void spreadIsRealUnderDefaultOptionsAndGrowsWithP() throws Exception {
        double previous = 0;
        for (double p : new double[] {0.01, 0.05, 0.2}) {
            Path file = tmp.resolve("mc-" + p + ".onnx");
            McDropoutExport.write(withDropout(base, p), PASSES, SEED, 12, file);
            float[][] out = runWithDefaultOptions(file, POINTS);
            double relative = 0;
            for (int i = 0; i < POINTS.size(); i++) {
                assertTrue(out[1][i] > 0, "p = " + p + ": std at point " + i + " is " + out[1][i]);
                relative += out[1][i] / out[0][i] / POINTS.size();
            }
            System.out.printf(
                    Locale.ROOT,
                    "MC dropout p = %.2f, T = %d, 10x300: mean std/mean over %d carbon points " + "= %.4g%n",
                    p,
                    PASSES,
                    POINTS.size(),
                    relative);
            assertTrue(relative > previous, "spread " + relative + " at p = " + p + " does not exceed " + previous);
            previous = relative;
        }
    }

    @Test
    void passesEqualJavaRecomputationWithTheSameMasks() throws Exception {
        NetworkWeights net = withDropout(base, 0.01);
        Path file = tmp.resolve("mc.onnx");
        FusedVerificationReport writeCheck = McDropoutExport.write(net, PASSES, SEED, 12, Map.of(), file, true);
        DropoutMasks masks = McDropoutExport.masks(net, PASSES, SEED);
        Prediction expected = ReferenceForward.mcDropout(net, masks, 12, POINTS);
        FusedVerificationReport report = ExportVerifier.verifyFused(
                file, expected, POINTS.energyGeV(), POINTS.thetaDeg(), POINTS.omegaGeV(), 1e-5, 1e-4);
        System.out.printf(
                Locale.ROOT,
                "MC dropout p = 0.01, T = %d, 10x300, %d carbon points vs Java double: max "
                        + "relative difference per pass %.3g, mean %.3g, std %.3g (write-time grid: std %.3g)%n",
                PASSES,
                POINTS.size(),
                report.maxRelativeMemberDifference(),
                report.maxRelativeMeanDifference(),
                report.maxRelativeStdDifference(),
                writeCheck.maxRelativeStdDifference());
        assertTrue(report.maxRelativeMemberDifference() < 1e-5, report.toString());
        assertTrue(report.maxRelativeMeanDifference() < 1e-5, report.toString());
        assertTrue(report.maxRelativeStdDifference() < 1e-4, report.toString());
        // The passes really differ: masks of p = 0.01 drop about 3 of 300 units per layer and pass.
        Prediction p;
        try (FusedModel model = FusedModel.open(file, ScoringOptions.defaults())) {
            assertEquals(PASSES, model.members());
            assertEquals(FusedContract.KIND_MC_DROPOUT, model.kind());
            assertEquals("0.01", model.metadata().get(FusedContract.KEY_DROPOUT_P));
            assertEquals(Long.toString(SEED), model.metadata().get(FusedContract.KEY_DROPOUT_SEED));
            p = model.score(POINTS.energyGeV(), POINTS.thetaDeg(), POINTS.omegaGeV());
        }
        assertFalse(p.perMember()[0][0] == p.perMember()[1][0]);
    }

    @Test
    void deterministicRunToRunAndFileToFile() throws Exception {
        NetworkWeights net = withDropout(RandomNetworks.network(40, 64, 64, 64), 0.1);
        Path a = tmp.resolve("a.onnx");
        Path b = tmp.resolve("b.onnx");
        McDropoutExport.write(net, 20, SEED, 12, a);
        McDropoutExport.write(net, 20, SEED, 12, b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same seed, same bytes");
        float[][] first = runWithDefaultOptions(a, POINTS);
        float[][] again = runWithDefaultOptions(a, POINTS);
        assertArrayEquals(first[0], again[0]);
        assertArrayEquals(first[1], again[1]);
        try (FusedModel model = FusedModel.open(a, ScoringOptions.defaults())) {
            Prediction p1 = model.score(POINTS.energyGeV(), POINTS.thetaDeg(), POINTS.omegaGeV());
            Prediction p2 = model.score(POINTS.energyGeV(), POINTS.thetaDeg(), POINTS.omegaGeV());
            assertArrayEquals(p1.mean(), p2.mean());
            assertArrayEquals(p1.std(), p2.std());
        }
        Path c = tmp.resolve("c.onnx");
        McDropoutExport.write(net, 20, SEED + 1, 12, c);
        assertFalse(Arrays.equals(runWithDefaultOptions(c, POINTS)[1], first[1]), "another seed, other masks");
    }

    @Test
    void masksAreFrozenInitializersAndThereIsNoDropoutNode() throws Exception {
        NetworkWeights net = withDropout(RandomNetworks.network(41, 16, 12), 0.25);
        DropoutMasks masks = McDropoutExport.masks(net, 8, 7);
        ModelProto model = ModelProto.parseFrom(McDropoutExport.graph(net, masks, 12, Map.of(), false));
        List<String> ops = model.getGraph().getNodeList().stream()
                .map(NodeProto::getOpType)
                .toList();
        assertFalse(ops.contains("Dropout"));
        assertFalse(ops.contains("RandomUniform") || ops.contains("Bernoulli"));
        assertEquals(
                List.of(8L, 1L, 16L),
                model.getGraph().getInitializerList().stream()
                        .filter(t -> t.getName().equals("mask.0"))
                        .findFirst()
                        .orElseThrow()
                        .getDimsList());
        int kept = 0;
        for (int l = 0; l < masks.layers(); l++) {
            for (int t = 0; t < masks.passes(); t++) {
                for (int j = 0; j < masks.width(l); j++) {
                    float v = masks.value(l, t, j);
                    assertTrue(v == 0f || v == (float) (1 / 0.75), "mask value " + v);
                    kept += v == 0f ? 0 : 1;
                }
            }
        }
        int units = 8 * (16 + 12);
        assertTrue(Math.abs(kept - 0.75 * units) < 4 * Math.sqrt(units * 0.25 * 0.75), kept + " of " + units + " kept");
    }

    @Test
    void invalidArgumentsAreRejected() {
        NetworkWeights noDropout = RandomNetworks.network(42, 8);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> McDropoutExport.write(noDropout, 10, 1, 12, tmp.resolve("x.onnx")));
        assertEquals("network dropout p = 0.0; MC dropout needs 0 < p < 1 (model B uses p = 0.01)", e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> McDropoutExport.write(withDropout(noDropout, 0.1), 1, 1, 12, tmp.resolve("x.onnx")));
        assertThrows(
                IllegalArgumentException.class,
                () -> McDropoutExport.write(
                        withDropout(RandomNetworks.network(43), 0.1), 5, 1, 12, tmp.resolve("x.onnx")));
    }

    /** sigma_mean and sigma_std from a plain session with default options (all graph optimizations on). */
    private static float[][] runWithDefaultOptions(Path file, VerificationPoints points) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int n = points.size();
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(file.toString(), options)) {
            double[][] columns = {points.energyGeV(), points.thetaDeg(), points.omegaGeV()};
            for (int c = 0; c < 3; c++) {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) columns[c][i];
                }
                inputs.put(
                        FusedContract.INPUTS.get(c), OnnxTensor.createTensor(env, FloatBuffer.wrap(v), new long[] {n}));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[] mean =
                        (float[]) result.get(FusedContract.MEAN).orElseThrow().getValue();
                float[] std =
                        (float[]) result.get(FusedContract.STD).orElseThrow().getValue();
                return new float[][] {mean, std};
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static NetworkWeights withDropout(NetworkWeights net, double p) {
        return new NetworkWeights(net.hidden(), net.output(), p);
    }
}
