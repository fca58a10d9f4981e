package org.xsdnn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.OnnxContract;
import org.xsdnn.core.Sha256Sums;

/** The xsdnn layout: card and checksums verified, tensors checked, bad directories refused with a reason. */
class XsdnnDirectoryTest {
    private static final float[] W5 = {0.1f, -0.2f, 0.3f, -0.4f, 0.5f};

    @TempDir
    Path tmp;

    @Test
    void opensAndScoresWithCardMassNumber() throws Exception {
        Path dir = TestDirectories.xsdnn(
                tmp.resolve("m"), Map.of("member-00.onnx", TinyOnnx.linearSigmoid(W5, OnnxContract.OUTPUT_NAME)));
        try (Ensemble e = Ensemble.open(dir, ScoringOptions.defaults())) {
            assertEquals(1, e.members());
            assertEquals(12, e.massNumber());
            assertEquals("tiny", e.card().orElseThrow().name());
            double energy = 1.2;
            double theta = 30;
            double omega = 0.4;
            float[] x = new float[Kinematics.FEATURES];
            Kinematics.features(energy, theta, omega, x, 0);
            double z = 0;
            for (int k = 0; k < x.length; k++) {
                z += (double) x[k] * W5[k];
            }
            double r = 1 / (1 + Math.exp(-z));
            Prediction p = e.score(new double[] {energy}, new double[] {theta}, new double[] {omega});
            assertEquals(Kinematics.sigmaNbPerSrGeV(r, energy, theta, 12), p.mean()[0], 1e-6 * p.mean()[0]);
            assertEquals(0.0, p.std()[0]);
        }
    }

    @Test
    void corruptedMemberIsRefusedNamingTheFile() throws Exception {
        Path dir = TestDirectories.xsdnn(
                tmp.resolve("m"), Map.of("member-00.onnx", TinyOnnx.linearSigmoid(W5, OnnxContract.OUTPUT_NAME)));
        byte[] bytes = Files.readAllBytes(dir.resolve("member-00.onnx"));
        bytes[bytes.length - 3] ^= 0x01;
        Files.write(dir.resolve("member-00.onnx"), bytes);
        ContractException e =
                assertThrows(ContractException.class, () -> Ensemble.open(dir, ScoringOptions.defaults()));
        assertTrue(e.getMessage().startsWith("member-00.onnx: SHA-256 is "), e.getMessage());
    }

    @Test
    void missingChecksumFileIsRefused() throws Exception {
        Path dir = TestDirectories.xsdnn(
                tmp.resolve("m"), Map.of("member-00.onnx", TinyOnnx.linearSigmoid(W5, OnnxContract.OUTPUT_NAME)));
        Files.delete(dir.resolve(Sha256Sums.FILE_NAME));
        ContractException e =
                assertThrows(ContractException.class, () -> Ensemble.open(dir, ScoringOptions.defaults()));
        assertTrue(e.getMessage().contains("no SHA256SUMS"), e.getMessage());
    }

    @Test
    void wrongInputShapeIsRefusedWithTheContractMessage() throws Exception {
        Path dir = TestDirectories.xsdnn(
                tmp.resolve("m"),
                Map.of("member-07.onnx", TinyOnnx.linearSigmoid(new float[] {1, 2, 3, 4}, OnnxContract.OUTPUT_NAME)));
        ContractException e =
                assertThrows(ContractException.class, () -> Ensemble.open(dir, ScoringOptions.defaults()));
        assertEquals(
                "member-07.onnx: input \"input\" is float32 [N,4]; contract xsdnn-1 expects [N,5] "
                        + "(E/20, ω/20, θ/180, cos θ, Q²/100). Re-export with xsdnn export.",
                e.getMessage());
    }

    @Test
    void wrongOutputNameIsRefused() throws Exception {
        Path dir = TestDirectories.xsdnn(
                tmp.resolve("m"), Map.of("member-00.onnx", TinyOnnx.linearSigmoid(W5, OnnxContract.NUWRO_OUTPUT_NAME)));
        ContractException e =
                assertThrows(ContractException.class, () -> Ensemble.open(dir, ScoringOptions.defaults()));
        assertEquals(
                "member-00.onnx: outputs are [\"Identity:0\" float32 [N,1]]; contract xsdnn-1 expects an output "
                        + "\"r\" float32 [N,1] (r, the sigmoid value). Re-export with xsdnn export.",
                e.getMessage());
    }

    @Test
    void unreadableOnnxIsRefusedNamingTheFile() throws Exception {
        Path dir = TestDirectories.xsdnn(tmp.resolve("m"), Map.of("member-00.onnx", new byte[] {1, 2, 3}));
        ContractException e =
                assertThrows(ContractException.class, () -> Ensemble.open(dir, ScoringOptions.defaults()));
        assertTrue(e.getMessage().startsWith("member-00.onnx: ONNX Runtime cannot load it"), e.getMessage());
    }

    @Test
    void directoryOfNeitherLayoutIsRefused() throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "nothing here");
        ContractException e =
                assertThrows(ContractException.class, () -> Ensemble.open(tmp, ScoringOptions.defaults()));
        assertTrue(e.getMessage().contains("neither " + ModelCard.FILE_NAME), e.getMessage());
    }
}
