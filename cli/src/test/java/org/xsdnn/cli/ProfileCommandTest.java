package org.xsdnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xsdnn.cli.CliRun.xsdnn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.CardJson;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.MetadataKeys;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.exporter.ModelDirectoryWriter;
import org.xsdnn.exporter.StoredNetwork;
import org.xsdnn.exporter.WeightStorage;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.FusedModel;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringOptions;

/**
 * xsdnn profile on a model directory with int16-stored members written here, and on the shipped carbon-a: the
 * profiles it writes give the member files' σ.
 */
class ProfileCommandTest {
    private static final Path ROOT = Path.of(System.getProperty("xsdnn.root", ".."));
    private static final Path SHARED = Path.of(System.getProperty("xsdnn.shared", "/work/shared"));
    private static final double[] E = new double[48];
    private static final double[] THETA = new double[48];
    private static final double[] OMEGA = new double[48];

    static {
        // Carbon kinematics from the quasi-elastic peak to the dip region, forward and backward angles.
        int i = 0;
        for (double e : new double[] {0.3, 0.68, 1.5, 3.6}) {
            for (double theta : new double[] {15, 36, 60, 120}) {
                for (double fraction : new double[] {0.1, 0.3, 0.6}) {
                    E[i] = e;
                    THETA[i] = theta;
                    OMEGA[i++] = fraction * e;
                }
            }
        }
    }

    @TempDir
    static Path tmp;

    private static Path model;

    /** Three members of 8-32-32 with batch norm, stored as int16 where the rounding allows. */
    @BeforeAll
    static void writeInt16Model() throws Exception {
        float[] x = Kinematics.featureMatrix(E, THETA, OMEGA);
        List<NetworkWeights> nets = new ArrayList<>();
        List<ModelCard.Member> members = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            nets.add(network(100 + m, 8, 32, 32));
            members.add(new ModelCard.Member(null, null, 100 + m, Map.of("Day1993", 1.0), 1.0));
        }
        List<StoredNetwork> stored = nets.stream()
                .map(n -> WeightStorage.INT16.store(n, x, E.length))
                .toList();
        assertTrue(
                stored.stream().allMatch(s -> s.int16Layers() == 2), "layers 1 and 2 int16, or this test shows little");
        ModelCard card = new ModelCard(
                "test-int16",
                "0.1.0",
                "2026-01-01T00:00:00Z",
                new ModelCard.Target("carbon-12", 6, 12),
                ModelCard.Contract.xsdnn1(),
                members,
                Map.of("layers", "8,32,32"),
                null,
                Map.of(),
                null,
                "profile test");
        model = tmp.resolve("int16-model");
        ModelDirectoryWriter.writeStored(
                model,
                card,
                stored,
                x,
                E.length,
                nets.stream().map(n -> n.forward(x, E.length)).toList());
    }

    @Test
    void fusedAndNuwroProfilesOfAnInt16ModelGiveItsMembersSigma() throws Exception {
        Path fused = tmp.resolve("out/fused.onnx");
        Path nuwro = tmp.resolve("out/nuwro");
        List<Path> before = listing(model);
        byte[] sums = Files.readAllBytes(model.resolve("SHA256SUMS"));

        CliRun.Result r =
                xsdnn("profile", "--model", model.toString(), "--fused", fused.toString(), "--nuwro", nuwro.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("read 3 members of " + model + " (6 int16-stored layers)"), r::toString);

        Prediction members;
        try (Ensemble ensemble = Ensemble.open(model, ScoringOptions.defaults())) {
            members = ensemble.score(E, THETA, OMEGA);
        }
        try (FusedModel f = FusedModel.open(fused, ScoringOptions.defaults())) {
            assertEquals(3, f.members());
            assertEquals(12, f.massNumber());
            Prediction p = f.score(E, THETA, OMEGA);
            assertClose(members.mean(), p.mean(), 1e-5, "sigma_mean");
            assertClose(members.std(), p.std(), 1e-4, "sigma_std");
            for (int m = 0; m < 3; m++) {
                assertClose(members.perMember()[m], p.perMember()[m], 1e-5, "member " + m);
            }
            ModelCard embedded = CardJson.read(f.metadata().get(MetadataKeys.CARD), ModelCard.class);
            assertEquals("test-int16", embedded.name());
            assertTrue(embedded.members().stream().allMatch(m -> m.sha256() == null), "checksums left out");
        }
        try (Ensemble ensemble = Ensemble.open(nuwro, ScoringOptions.defaults())) {
            assertTrue(ensemble.card().isEmpty(), "NuWro layout");
            assertEquals(12, ensemble.massNumber());
            Prediction p = ensemble.score(E, THETA, OMEGA);
            for (int m = 0; m < 3; m++) {
                // The same float32 weights and graph, only the output name differs.
                assertClose(members.perMember()[m], p.perMember()[m], 1e-7, "NuWro member " + m);
            }
        }
        assertTrue(Files.exists(nuwro.resolve("model_electron_A_12_2.onnx")));
        assertEquals(before, listing(model), "the model directory is left as it was");
        assertArrayEquals(sums, Files.readAllBytes(model.resolve("SHA256SUMS")));
        assertEquals(
                List.of(fused),
                listing(fused.getParent()).stream().filter(Files::isRegularFile).toList(),
                "no staged file left beside the fused file");
    }

    @Test
    void shippedCarbonAGivesTheShippedFusedFile() throws Exception {
        Path carbonA = ROOT.resolve("onnx-models/carbon-a");
        Path fused = tmp.resolve("carbon-a-fused.onnx");
        CliRun.Result r = xsdnn("profile", "--model", carbonA.toString(), "--fused", fused.toString());
        assertEquals(0, r.code(), r::toString);
        try (FusedModel shipped = FusedModel.open(carbonA.resolve("fused.onnx"), ScoringOptions.defaults());
                FusedModel ours = FusedModel.open(fused, ScoringOptions.defaults())) {
            Prediction expected = shipped.score(E, THETA, OMEGA);
            Prediction got = ours.score(E, THETA, OMEGA);
            assertClose(expected.mean(), got.mean(), 1e-5, "sigma_mean");
            assertClose(expected.std(), got.std(), 1e-5, "sigma_std");
            assertEquals(shipped.members(), ours.members());
        }
    }

    @Test
    void withoutFusedOrNuwroItIsAUsageError() {
        CliRun.Result r = xsdnn("profile", "--model", model.toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("nothing to write: give --fused <file>, --nuwro <dir> or both"), r::toString);
    }

    @Test
    void outputsInsideTheModelDirectoryAreRefused() throws Exception {
        List<Path> before = listing(model);
        CliRun.Result r = xsdnn(
                "profile",
                "--model",
                model.toString(),
                "--fused",
                model.resolve("fused.onnx").toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("is inside the model directory " + model + ", where SHA256SUMS"), r::toString);
        // A path that walks out and back in through .. is still inside.
        Path sneaky = model.resolve("../" + model.getFileName() + "/nuwro");
        r = xsdnn("profile", "--model", model.toString(), "--nuwro", sneaky.toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--nuwro " + sneaky + " is inside the model directory"), r::toString);
        assertEquals(before, listing(model));
    }

    @Test
    void aNuwroDirectoryIsNotAnXsdnnModel() {
        Path theirs = SHARED.resolve("reference-models/nuwro-pr53");
        CliRun.Result r = xsdnn(
                "profile",
                "--model",
                theirs.toString(),
                "--fused",
                tmp.resolve("nuwro-fused.onnx").toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(
                r.err()
                        .contains(theirs + ": NuWro layout (model_electron_* files, no model-card.json); xsdnn profile"
                                + " reads xsdnn model directories"),
                r::toString);
        assertFalse(Files.exists(tmp.resolve("nuwro-fused.onnx")));
    }

    private static void assertClose(double[] expected, double[] got, double relative, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], relative * Math.abs(expected[i]), what + " at point " + i);
        }
    }

    private static List<Path> listing(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    /** Hidden blocks with batch norm far from the identity (so folding matters), LeCun-normal kernels. */
    private static NetworkWeights network(long seed, int... widths) {
        Random random = new Random(seed);
        List<NetworkWeights.Layer> hidden = new ArrayList<>();
        int in = Kinematics.FEATURES;
        for (int width : widths) {
            NetworkWeights.BatchNorm bn = new NetworkWeights.BatchNorm(
                    uniform(random, width, 0.5, 1.5),
                    uniform(random, width, -0.2, 0.2),
                    uniform(random, width, -0.3, 0.3),
                    uniform(random, width, 0.05, 2),
                    1e-3);
            hidden.add(new NetworkWeights.Layer(
                    in,
                    width,
                    gaussian(random, in * width, Math.sqrt(1.0 / in)),
                    uniform(random, width, -0.1, 0.1),
                    bn));
            in = width;
        }
        return new NetworkWeights(
                hidden,
                new NetworkWeights.Layer(in, 1, gaussian(random, in, Math.sqrt(1.0 / in)), new float[] {-4.5f}, null),
                0);
    }

    private static float[] gaussian(Random random, int n, double sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * sd);
        }
        return v;
    }

    private static float[] uniform(Random random, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return v;
    }
}
