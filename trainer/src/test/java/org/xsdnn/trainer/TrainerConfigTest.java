package org.xsdnn.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
