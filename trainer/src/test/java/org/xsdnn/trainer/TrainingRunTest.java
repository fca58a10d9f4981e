package org.xsdnn.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.data.QesDataset;

/** Training runs on the real carbon data with a small network. */
class TrainingRunTest {
    private static QesDataset carbon;

    @BeforeAll
    static void load() throws Exception {
        carbon = SharedData.carbon();
    }

    @Test
    void trainingLowersTheHeldOutChi2AndKeepsTheBestState(@TempDir Path dir) throws Exception {
        TrainingRun run = TrainingRun.open(dir, carbon, 0.9, 3, SharedData.smallConfig(60), "test");
        assertEquals(2311, run.manifest().pointsTrain());
        assertEquals(257, run.manifest().pointsHeldOut());
        MemberRecord record = run.train(0, ProgressListener.SILENT);
        List<String> curve = Files.readAllLines(dir.resolve("member-00-curve.csv"));
        assertEquals(13, curve.size(), "header + one line per 5 epochs");
        double first = Double.parseDouble(curve.get(1).split(",")[2]);
        assertTrue(
                record.heldOutChi2PerPoint() < first / 10,
                "held-out χ²/N went from " + first + " to only " + record.heldOutChi2PerPoint());
        double minimum = curve.stream()
                .skip(1)
                .mapToDouble(l -> Double.parseDouble(l.split(",")[2]))
                .min()
                .orElseThrow();
        assertEquals(
                minimum,
                record.heldOutChi2PerPoint(),
                1e-5 * minimum,
                "the best held-out state is kept (curve has 6 digits)");
        assertEquals(10, record.lambdas().size());
        record.lambdas().values().forEach(l -> assertTrue(l > 0.5 && l < 1.5, "λ = " + l));
    }

    @Test
    void membersDependOnlyOnSeedAndIndexSoShardsAgree(@TempDir Path dir) throws Exception {
        TrainingRun both = TrainingRun.open(dir.resolve("both"), carbon, 0.9, 3, SharedData.smallConfig(10), "test");
        both.train(0, ProgressListener.SILENT);
        both.train(1, ProgressListener.SILENT);
        TrainingRun alone = TrainingRun.open(dir.resolve("alone"), carbon, 0.9, 3, SharedData.smallConfig(10), "test");
        alone.train(1, ProgressListener.SILENT);
        NetworkWeights a = both.weights(1);
        NetworkWeights b = alone.weights(1);
        assertArrayEquals(a.hidden().get(0).weight(), b.hidden().get(0).weight());
        assertArrayEquals(a.output().weight(), b.output().weight());
        float[] member0 = both.weights(0).output().weight();
        assertTrue(!java.util.Arrays.equals(member0, a.output().weight()), "members 0 and 1 must differ");
    }

    @Test
    void aRunDirectoryRefusesOtherSettings(@TempDir Path dir) throws Exception {
        TrainingRun.open(dir, carbon, 0.9, 3, SharedData.smallConfig(10), "test");
        IOException e = assertThrows(
                IOException.class, () -> TrainingRun.open(dir, carbon, 0.9, 3, SharedData.smallConfig(20), "test"));
        assertTrue(e.getMessage().contains("run.json"), e.getMessage());
        assertThrows(
                IOException.class, () -> TrainingRun.open(dir, carbon, 0.7, 3, SharedData.smallConfig(10), "test"));
    }

    @Test
    void aCheckpointOfOtherSettingsIsRefused(@TempDir Path dir) throws Exception {
        TrainingData data = TrainingRun.trainingDataOf(carbon).subset(new int[] {0, 1, 2, 3, 4, 5, 6, 7});
        Path checkpoint = dir.resolve("member-00.checkpoint");
        new MemberTrainer(SharedData.smallConfig(5), ProgressListener.SILENT)
                .train(0, data, data, data.subset(new int[0]), "data-a", checkpoint);
        assertTrue(Files.exists(checkpoint));
        IOException e = assertThrows(
                IOException.class,
                () -> new MemberTrainer(SharedData.smallConfig(5), ProgressListener.SILENT)
                        .train(0, data, data, data.subset(new int[0]), "data-b", checkpoint));
        assertTrue(e.getMessage().contains("other settings or data"), e.getMessage());
    }

    @Test
    void aMemberBeingTrainedElsewhereIsRefusedWithTheHoldersPid(@TempDir Path dir) throws Exception {
        TrainingRun run = TrainingRun.open(dir, carbon, 0.9, 3, SharedData.smallConfig(5), "test");
        try (MemberLock held = MemberLock.acquire(dir.resolve("member-00.lock"), 0)) {
            IOException e = assertThrows(IOException.class, () -> run.train(0, ProgressListener.SILENT));
            assertTrue(
                    e.getMessage()
                            .contains("member 00 is being trained by another process (pid "
                                    + ProcessHandle.current().pid()),
                    e.getMessage());
            run.train(1, ProgressListener.SILENT); // other members are free
        }
        run.train(0, ProgressListener.SILENT);
        assertTrue(run.isFinished(0) && run.isFinished(1));
    }

    @Test
    void damagedWeightsAreDetected(@TempDir Path dir) throws Exception {
        TrainingRun run = TrainingRun.open(dir, carbon, 0.9, 3, SharedData.smallConfig(5), "test");
        run.train(0, ProgressListener.SILENT);
        Path weights = dir.resolve(MemberRecord.weightsName(0));
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length / 2] ^= 1;
        Files.write(weights, bytes);
        IOException e = assertThrows(IOException.class, () -> run.weights(0));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }
}
