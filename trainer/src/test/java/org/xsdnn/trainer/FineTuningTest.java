package org.xsdnn.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.data.QesDataset;

/**
 * Fine-tuning on the real data: a small carbon parent (3 × 16, trained briefly on 12C) fine-tuned to ¹⁶O. Frozen
 * layers come out bit-identical to the parent's (folded: weights and batch-norm statistics in one), trainable ones
 * change, and epoch 0 computes exactly the parent.
 */
class FineTuningTest {
    private static NetworkWeights parent;
    private static QesDataset oxygen;

    @BeforeAll
    static void trainParent(@TempDir Path tmp) throws Exception {
        TrainingRun carbon = TrainingRun.open(
                tmp.resolve("carbon"),
                SharedData.carbon(),
                0.9,
                3,
                TrainerConfig.builder()
                        .network(new NetworkConfig(3, 16, 0.0, 1e-3))
                        .shape(new TrainerConfig.ShapePhase(40, 0, 1e-2))
                        .learningRate(1e-3)
                        .warmupEpochs(5)
                        .schedule(TrainerConfig.Schedule.CONSTANT)
                        .epochs(40)
                        .seed(11)
                        .checkpointSeconds(0)
                        .plateauEvals(0)
                        .divergenceFactor(0)
                        .build(),
                "test");
        carbon.train(0, ProgressListener.SILENT);
        parent = carbon.weights(0);
        oxygen = SharedData.target("O16");
    }

    static TrainerConfig fineTuneConfig(int epochs) {
        return fineTuneConfig(epochs, false);
    }

    static TrainerConfig fineTuneConfig(int epochs, boolean fixedStatistics) {
        return TrainerConfig.builder()
                .network(new NetworkConfig(3, 16, 0.0, 1e-3, fixedStatistics))
                .shape(TrainerConfig.ShapePhase.NONE)
                .learningRate(5e-3)
                .warmupEpochs(0)
                .schedule(TrainerConfig.Schedule.CONSTANT)
                .epochs(epochs)
                .evalEvery(5)
                .seed(5)
                .checkpointSeconds(0)
                .plateauEvals(0)
                .build();
    }

    static RunManifest.Parent parentOf(int trainableLayers) {
        return new RunManifest.Parent("test-parent", "C12", trainableLayers);
    }

    @ParameterizedTest(name = "fixed statistics: {0}")
    @ValueSource(booleans = {false, true})
    void frozenLayersStayBitIdenticalAndTrainableOnesChange(boolean fixedStatistics, @TempDir Path tmp)
            throws Exception {
        TrainingRun run =
                TrainingRun.open(tmp, oxygen, 0.7, 0, 5, fineTuneConfig(40, fixedStatistics), "test", parentOf(2));
        MemberRecord record = run.train(0, new TrainingRun.ParentMember(parent, "0123"), ProgressListener.SILENT);
        NetworkWeights tuned = run.weights(0);
        assertEquals("0123", record.parentSha256(), "the member records its parent member's checksum");

        assertEquals(parent.hidden().size(), tuned.hidden().size());
        for (int l = 0; l < 2; l++) { // L = 2: hidden blocks 0 and 1 frozen
            NetworkWeights.Layer frozen = parent.hidden().get(l).folded();
            assertArrayEquals(frozen.weight(), tuned.hidden().get(l).weight(), "frozen layer " + l + " weights");
            assertArrayEquals(
                    frozen.bias(),
                    tuned.hidden().get(l).bias(),
                    "frozen layer " + l + " bias (and batch-norm statistics)");
            assertNull(
                    tuned.hidden().get(l).batchNorm(),
                    "a frozen layer's statistics are folded into it, never recomputed");
        }
        NetworkWeights.Layer trained = tuned.hidden().get(2);
        assertFalse(
                Arrays.equals(
                        parent.hidden().get(2).folded().weight(),
                        trained.folded().weight()),
                "last hidden block trained");
        assertFalse(Arrays.equals(parent.output().weight(), tuned.output().weight()), "output layer trained");
        assertTrue(
                record.heldOutChi2PerPoint() < baseline(run),
                "fine-tuning improves on the untuned parent: " + record.heldOutChi2PerPoint() + " vs " + baseline(run));
        // The stored network is what the trainer measured: its held-out χ²/N, recomputed from the exported weights.
        TrainingData held = run.heldOutPoints();
        double[] r = tuned.forward(held.features(), held.size());
        double chi2 = Chi2.perPoint(
                r,
                held.y(),
                held.error(),
                held.group(),
                record.lambdas().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray(),
                held.groupUncertainty());
        assertEquals(record.heldOutChi2PerPoint(), chi2, 1e-3 * chi2);
        if (fixedStatistics) {
            assertNull(trained.batchNorm(), "fixed statistics: the trained block is stored as a plain dense layer");
        }
    }

    @ParameterizedTest(name = "fixed statistics: {0}")
    @ValueSource(booleans = {false, true})
    void epochZeroComputesTheParent(boolean fixedStatistics) throws Exception {
        TrainingData train = TrainingRun.trainingDataOf(oxygen);
        for (int layers = 1; layers <= parent.hidden().size() + 1; layers++) {
            FineTuning fineTuning = FineTuning.of(parent, layers, 1e-3, fixedStatistics);
            ParameterLayout layout = fineTuning.layout(train.groups());
            INDArray x = fineTuning.frozenFeatures(MemberTrainer.matrix(train.features()));
            INDArray parameters = Nd4j.createFromArray(fineTuning.initialParameters(layout, x));
            FusedEngine engine = new FusedEngine(layout);
            double[] r = engine.predict(parameters, engine.statistics(parameters, x), x);
            double[] expected = parent.forward(train.features(), train.size());
            for (int i = 0; i < r.length; i++) {
                assertEquals(expected[i], r[i], 1e-4 * expected[i] + 1e-7, "L = " + layers + ", point " + i);
            }
        }
    }

    @Test
    void trainableLayersOutsideTheNetworkAreRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FineTuning.of(parent, 5, 1e-3, false));
        assertTrue(e.getMessage().contains("1..4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FineTuning.of(parent, 0, 1e-3, false));
    }

    @Test
    void aFineTuningRunNeedsItsParent(@TempDir Path tmp) throws Exception {
        TrainingRun run = TrainingRun.open(tmp, oxygen, 0.7, 0, 5, fineTuneConfig(5), "test", parentOf(2));
        assertThrows(
                IllegalArgumentException.class,
                () -> run.train(0, (TrainingRun.ParentMember) null, ProgressListener.SILENT));
        assertThrows(IllegalStateException.class, () -> run.train(0, ProgressListener.SILENT));
    }

    /** Held-out χ²/N of the parent itself, every λ = 1. */
    private static double baseline(TrainingRun run) {
        TrainingData held = run.heldOutPoints();
        double[] ones = new double[held.groups()];
        Arrays.fill(ones, 1);
        return Chi2.perPoint(
                parent.forward(held.features(), held.size()),
                held.y(),
                held.error(),
                held.group(),
                ones,
                held.groupUncertainty());
    }
}
