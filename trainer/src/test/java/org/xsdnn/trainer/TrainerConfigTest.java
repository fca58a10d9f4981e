package org.xsdnn.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.CardJson;

/** The run identity and checkpoint fingerprint of runs made before a change to the configuration records. */
class TrainerConfigTest {
    /** run.json of the o16-a run as it was trained (onnx-models/o16-a carries its identity). */
    private static RunManifest o16a(Path dir) throws Exception {
        try (InputStream in = TrainerConfigTest.class.getResourceAsStream("o16-a-run.json")) {
            Files.writeString(
                    dir.resolve(RunManifest.FILE_NAME), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return RunManifest.read(dir);
    }

    @Test
    void aShippedRunKeepsItsIdentityAndFingerprint(@TempDir Path dir) throws Exception {
        RunManifest manifest = o16a(dir);
        assertEquals("ae5fb36951e7432a270d75b20b9966b915393ee67f27fb694741674d209b34e5", manifest.identity());
        assertEquals(
                "network=NetworkConfig[hiddenLayers=10, width=300, dropout=0.0, batchNormEpsilon=0.001];"
                        + "optimizer=OptimizerConfig[beta1=0.9, beta2=0.999, epsilon=1.0E-7, weightDecay=0.004,"
                        + " lambdaLearningRateFactor=0.01];shape=ShapePhase[epochs=0, batchSize=0, learningRate=0.001];"
                        + "lr=5.0E-4;warmup=0;schedule=CONSTANT;epochs=1000;batch=0;evalEvery=10;seed=2024;"
                        + "bootstrap=true;plateau=0;guard=10.0",
                manifest.config().fingerprint());
    }

    /** A bf16 run computes other epochs than an fp32 one: it must not resume or merge with one. */
    @Test
    void bf16ProductsEnterTheFingerprintOnlyWhenSet() {
        TrainerConfig fp32 = TrainerConfig.builder().build();
        TrainerConfig bf16 = TrainerConfig.builder().bf16Products(true).build();
        assertFalse(fp32.fingerprint().contains("bf16"), fp32::fingerprint);
        assertTrue(bf16.fingerprint().contains("bf16Products=true"), bf16::fingerprint);
    }

    @Test
    void fixedStatisticsEnterTheFingerprintOnlyWhenSet() {
        TrainerConfig paper = TrainerConfig.builder().build();
        TrainerConfig fixed = TrainerConfig.builder()
                .network(new NetworkConfig(10, 300, 0.0, 1e-3, true))
                .build();
        assertTrue(paper.fingerprint()
                .startsWith("network=NetworkConfig[hiddenLayers=10, width=300, dropout=0.0,"
                        + " batchNormEpsilon=0.001];optimizer="));
        assertTrue(
                fixed.fingerprint()
                        .startsWith("network=NetworkConfig[hiddenLayers=10, width=300, dropout=0.0,"
                                + " batchNormEpsilon=0.001, fixedStatistics=true];optimizer="),
                fixed::fingerprint);
    }

    @Test
    void theStopRulesChangeNeitherIdentityNorFingerprint(@TempDir Path dir) throws Exception {
        RunManifest manifest = o16a(dir);
        TrainerConfig c = manifest.config();
        TrainerConfig stopsEarlier = new TrainerConfig(
                c.network(),
                c.optimizer(),
                c.shape(),
                c.learningRate(),
                c.warmupEpochs(),
                c.schedule(),
                c.epochs(),
                c.batchSize(),
                c.evalEvery(),
                50,
                600,
                c.seed(),
                c.bootstrap(),
                5,
                c.plateauEvals(),
                c.divergenceFactor(),
                c.bf16Products());
        assertEquals(c.fingerprint(), stopsEarlier.fingerprint());
        assertEquals(manifest.identity(), withConfig(manifest, stopsEarlier).identity());
        assertEquals(manifest.cardTraining(), withConfig(manifest, stopsEarlier).cardTraining());
    }

    @Test
    void theCardsTrainingSectionIsTheConfigurationAndReadsBackAsIt(@TempDir Path dir) throws Exception {
        RunManifest manifest = o16a(dir);
        Map<String, Object> training = manifest.cardTraining();
        // The keys the shipped cards carry, with their values, and no stop rules.
        assertEquals(10, training.get("hidden-layers"));
        assertEquals(5e-4, training.get("learning-rate"));
        assertEquals(0.004, training.get("weight-decay"));
        assertEquals(0, training.get("shape-epochs"));
        assertEquals(0.7, training.get("train-fraction"));
        assertEquals(7, training.get("split-seed"));
        assertEquals(36, training.get("points-held-out"));
        assertEquals("C12", training.get("parent-target"));
        assertEquals(6, training.get("trainable-layers"));
        assertEquals("ae5fb36951e7432a270d75b20b9966b915393ee67f27fb694741674d209b34e5", training.get("run-identity"));
        assertFalse(training.containsKey("patience") || training.containsKey("max-seconds"), training::toString);
        assertFalse(training.containsKey("fixed-statistics"), "left out at its default, as from run.json");

        // Every setting away from the run's, so that each one is seen to come back.
        TrainerConfig changed = TrainerConfig.builder()
                .network(new NetworkConfig(3, 16, 0.1, 1e-2, true))
                .optimizer(new OptimizerConfig(0.8, 0.99, 1e-8, 0.01, 0.5))
                .shape(new TrainerConfig.ShapePhase(20, 64, 3e-3))
                .learningRate(1e-3)
                .warmupEpochs(7)
                .schedule(TrainerConfig.Schedule.COSINE)
                .epochs(77)
                .batchSize(128)
                .evalEvery(3)
                .seed(99)
                .bootstrap(false)
                .plateauEvals(4)
                .divergenceFactor(3)
                .build();
        RunManifest.CardTraining read = CardJson.read(
                CardJson.write(withConfig(manifest, changed).cardTraining()), RunManifest.CardTraining.class);
        // The config's records are written flat beside it; put them back in the components' order.
        RecordComponent[] components = TrainerConfig.class.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = switch (components[i].getName()) {
                case "network" -> read.network();
                case "optimizer" -> read.optimizer();
                case "shape" -> read.shape();
                default -> components[i].getAccessor().invoke(read.config());
            };
        }
        TrainerConfig back = TrainerConfig.class
                .getDeclaredConstructor(
                        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new))
                .newInstance(values);
        assertEquals(changed.withoutStopRules(), back);
        assertEquals(0.7, read.trainFraction());
        assertEquals(6, read.trainableLayers());
    }

    private static RunManifest withConfig(RunManifest m, TrainerConfig config) {
        return new RunManifest(
                m.xsdnnVersion(),
                m.target(),
                m.selection(),
                m.trainFraction(),
                m.splitSeed(),
                config,
                m.dataFiles(),
                m.groups(),
                m.pointsTrain(),
                m.pointsHeldOut(),
                m.pointsDropped(),
                m.pointsCutPerDataset(),
                m.leftOut(),
                m.domain(),
                m.heldOut(),
                m.untouchedFraction(),
                m.untouched(),
                m.parent());
    }
}
