package org.xsdnn.trainer;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.incubator.vector.FloatVector;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training step as a JVM limited to fewer instruction sets computes it, for {@link InstructionSetsTest}: the
 * parent starts this with {@code ONEDNN_MAX_CPU_ISA} and {@code -XX:UseAVX} set, and this writes to the file given as
 * the only argument what ran (the Vector API's vector size, the oneDNN implementation of an fp32 and a bf16 product)
 * and the fused engine's loss and gradient on {@link GradientEnginesTest#carbonCase()}, fp32 then bf16 where oneDNN
 * offers a bf16 product, else whether a bf16 training run is refused before its directory is made.
 */
public final class InstructionSetProbe {
    /** What the bf16 product's implementation reads where oneDNN refused it, followed by the message. */
    static final String REFUSED = "refused: ";

    private InstructionSetProbe() {}

    public static void main(String[] args) throws Exception {
        GradientEnginesTest.Case c = GradientEnginesTest.carbonCase();
        int n = c.batch().size();
        Matmul matmul = Matmul.ofThisThread();
        String bf16;
        try {
            bf16 = matmul.implementation(n, 300, 300, false, false, Matmul.Precision.BF16);
        } catch (IllegalStateException refused) {
            bf16 = REFUSED + refused.getMessage();
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[0])))) {
            out.writeInt(FloatVector.SPECIES_PREFERRED.vectorBitSize());
            out.writeUTF(matmul.implementation(n, 300, 300, false, false, Matmul.Precision.FP32));
            out.writeUTF(bf16);
            write(out, c, Matmul.Precision.FP32);
            if (!bf16.startsWith(REFUSED)) {
                write(out, c, Matmul.Precision.BF16);
            } else {
                out.writeBoolean(refusedBeforeTheRunDirectory(Path.of(args[0] + ".run")));
            }
        }
    }

    /** Whether a bf16 run is refused before its directory is made. */
    private static boolean refusedBeforeTheRunDirectory(Path directory) throws Exception {
        TrainerConfig bf16 = SharedData.small().bf16Products(true).build();
        try {
            TrainingRun.open(directory, SharedData.carbon(), 0.9, 3, bf16, "test");
            return false;
        } catch (IllegalStateException refused) {
            return !Files.exists(directory);
        }
    }

    private static void write(DataOutputStream out, GradientEnginesTest.Case c, Matmul.Precision precision)
            throws IOException {
        INDArray gradient = Nd4j.zeros(DataType.FLOAT, c.layout().size());
        out.writeDouble(new FusedEngine(c.layout(), precision).lossAndGradient(c.parameters(), c.batch(), gradient));
        for (float v : gradient.toFloatVector()) {
            out.writeFloat(v);
        }
    }
}
