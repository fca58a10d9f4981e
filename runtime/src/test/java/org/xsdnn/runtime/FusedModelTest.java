package org.xsdnn.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contract checks, batching, threads and closing of FusedModel, on tiny echo models (TinyOnnx). */
class FusedModelTest {
    private static final double[] E = {0.68, 0.5, 1.5, 2.02, 3.595};
    private static final double[] THETA = {36, 60, 13.54, 15.022, 16.02};
    private static final double[] OMEGA = {0.1, 0.12, 0.2, 0.45, 0.9};

    @TempDir
    Path tmp;

    @Test
    void scoresEveryPointAlsoWhenSplitIntoOnePointRuns() throws Exception {
        // Hidden width 2^22 makes the activation budget allow one point per run.
        Path file = write(FusedContract.INPUTS, 3, metadata(3, "4194304"));
        try (FusedModel model = FusedModel.open(file, ScoringOptions.defaults())) {
            assertEquals(1, model.pointsPerRun());
            assertEquals(3, model.members());
            assertEquals(12, model.massNumber());
            assertEquals("ensemble", model.kind());
            assertTrue(model.hasPerMember());
            Prediction p = model.score(E, THETA, OMEGA);
            for (int i = 0; i < E.length; i++) {
                assertEquals((float) E[i], p.mean()[i]);
                assertEquals((float) THETA[i], p.std()[i]);
                for (int m = 0; m < 3; m++) {
                    assertEquals((float) OMEGA[i], p.perMember()[m][i]);
                }
            }
        }
        try (FusedModel model =
                FusedModel.open(write(FusedContract.INPUTS, 3, metadata(3, "300,300")), ScoringOptions.defaults())) {
            assertEquals((1 << 22) / (3 * 300), model.pointsPerRun());
        }
    }

    @Test
    void withoutPerMemberOutputPerMemberIsEmpty() throws Exception {
        try (FusedModel model =
                FusedModel.open(write(FusedContract.INPUTS, 0, metadata(50, "300")), ScoringOptions.defaults())) {
            assertFalse(model.hasPerMember());
            Prediction p = model.score(E, THETA, OMEGA);
            assertEquals(0, p.perMember().length);
            assertEquals((float) E[4], p.mean()[4]);
        }
    }

    @Test
    void filesOutsideTheContractAreRefusedWithReasons() throws Exception {
        Map<String, String> noContract = new HashMap<>(metadata(2, "8"));
        noContract.remove("xsdnn.contract");
        ContractException e = assertThrows(
                ContractException.class,
                () -> FusedModel.open(write(FusedContract.INPUTS, 2, noContract), ScoringOptions.defaults()));
        assertEquals(
                "fused.onnx: metadata xsdnn.contract is missing; a fused model has \"xsdnn-fused-1\". For member "
                        + "files (contract xsdnn-1 or NuWro's) use Ensemble.open on their directory.",
                e.getMessage());

        e = assertThrows(
                ContractException.class,
                () -> FusedModel.open(
                        write(List.of("E", "theta_deg", "omega_GeV"), 2, metadata(2, "8")), ScoringOptions.defaults()));
        assertEquals(
                "fused.onnx: inputs are [E, omega_GeV, theta_deg]; contract xsdnn-fused-1 expects [E_GeV, "
                        + "theta_deg, omega_GeV], float32 [N] each (GeV, degrees, GeV). Re-export with xsdnn export.",
                e.getMessage());

        e = assertThrows(
                ContractException.class,
                () -> FusedModel.open(write(FusedContract.INPUTS, 2, metadata(3, "8")), ScoringOptions.defaults()));
        assertTrue(e.getMessage().startsWith("fused.onnx: output sigma_members is "), e.getMessage());
        assertTrue(e.getMessage().contains("expects float32 [N,3] (xsdnn.fused.members = 3)"), e.getMessage());

        Map<String, String> noA = new HashMap<>(metadata(2, "8"));
        noA.put("xsdnn.target.a", "carbon");
        e = assertThrows(
                ContractException.class,
                () -> FusedModel.open(write(FusedContract.INPUTS, 2, noA), ScoringOptions.defaults()));
        assertEquals(
                "fused.onnx: metadata xsdnn.target.a is \"carbon\"; contract xsdnn-fused-1 expects a whole "
                        + "number >= 1. Re-export with xsdnn export.",
                e.getMessage());

        Path notOnnx = tmp.resolve("junk.onnx");
        Files.writeString(notOnnx, "not a model");
        e = assertThrows(ContractException.class, () -> FusedModel.open(notOnnx, ScoringOptions.defaults()));
        assertTrue(e.getMessage().startsWith("junk.onnx: ONNX Runtime cannot load it: "), e.getMessage());
    }

    @Test
    void threadsGetIdenticalResultsAndClosedModelRefuses() throws Exception {
        FusedModel model = FusedModel.open(write(FusedContract.INPUTS, 2, metadata(2, "8")), ScoringOptions.defaults());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Prediction reference = model.score(E, THETA, OMEGA);
            List<Future<Prediction>> futures = new ArrayList<>();
            for (int t = 0; t < 40; t++) {
                futures.add(pool.submit(() -> model.score(E, THETA, OMEGA)));
            }
            for (Future<Prediction> f : futures) {
                assertArrayEquals(reference.mean(), f.get().mean());
                assertArrayEquals(reference.perMember()[1], f.get().perMember()[1]);
            }
        } finally {
            pool.shutdownNow();
        }
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class,
                () -> model.score(new double[] {1, 1}, new double[] {30, 30}, new double[] {0.5, 1.5}));
        assertEquals("point 1: omega = 1.5 GeV; expected 0 <= omega < E = 1.0 GeV", bad.getMessage());
        model.close();
        model.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.score(E, THETA, OMEGA));
        assertEquals("Trying to score a closed FusedModel.", e.getMessage());
    }

    private Path write(List<String> inputs, int memberColumns, Map<String, String> metadata) throws Exception {
        Path file = tmp.resolve("fused.onnx");
        Files.write(file, TinyOnnx.fusedEcho(inputs, memberColumns, metadata));
        return file;
    }

    private static Map<String, String> metadata(int members, String widths) {
        return Map.of(
                "xsdnn.contract",
                FusedContract.ID,
                "xsdnn.target.a",
                "12",
                FusedContract.KEY_KIND,
                "ensemble",
                FusedContract.KEY_MEMBERS,
                Integer.toString(members),
                FusedContract.KEY_HIDDEN_WIDTHS,
                widths);
    }
}
