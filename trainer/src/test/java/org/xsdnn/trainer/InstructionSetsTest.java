package org.xsdnn.trainer;

import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx2;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_bf16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_sse41;
import static org.bytedeco.dnnl.global.dnnl.dnnl_get_effective_cpu_isa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training step is right on older x86 CPUs too, not only on this machine's. oneDNN picks its kernels from the
 * CPU's instruction sets at run time and the Vector API its vector size, so a machine with AVX-512 never runs what an
 * AVX2 or SSE cluster node runs. Each case computes the step in a child JVM limited to fewer instruction sets
 * ({@code ONEDNN_MAX_CPU_ISA}, {@code -XX:UseAVX}) and checks what ran and that the gradient is SameDiff's.
 */
class InstructionSetsTest {
    /**
     * Two bf16 kernels (here the same one; on a Xeon with AMX, AMX against AVX512-BF16) sum in different orders, and
     * a last-bit difference can flip the bf16 rounding of a later block's input by one bf16 step (0.4 %) for a few
     * elements: allowed, while a wrong rounding or product (tens of per cent, as bf16 against fp32) is not.
     */
    private static final double BF16_KERNELS_TOLERANCE = 1e-3;

    private static GradientEnginesTest.Case carbon;
    private static double referenceLoss;
    private static INDArray reference;
    private static int machineBits;

    @BeforeAll
    static void reference() throws Exception {
        carbon = GradientEnginesTest.carbonCase();
        reference = Nd4j.zeros(DataType.DOUBLE, carbon.layout().size());
        referenceLoss = GradientEnginesTest.sameDiff(carbon, reference);
        machineBits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    /**
     * oneDNN's limit and -XX:UseAVX; the Vector API's vector size and oneDNN's fp32 implementation they give on a CPU
     * that has the instruction set (one without it runs what it has, as this JVM does, and only the gradients are
     * compared); whether a bf16 product is offered there: not on AVX-512 without its bf16 instructions, where oneDNN
     * would emulate it at less than half fp32's speed.
     */
    static Stream<Arguments> instructionSets() {
        return Stream.of(
                Arguments.of("SSE41", 0, 128, dnnl_cpu_isa_sse41, "gemm:jit:f32", false),
                Arguments.of("AVX2", 2, 256, dnnl_cpu_isa_avx2, "brg_matmul:avx2", false),
                Arguments.of("AVX512_CORE", 3, 512, dnnl_cpu_isa_avx512_core, "brg_matmul:avx512_core", false),
                Arguments.of(
                        "AVX512_CORE_BF16", 3, 512, dnnl_cpu_isa_avx512_core_bf16, "brg_matmul:avx512_core", true));
    }

    @ParameterizedTest(name = "oneDNN {0}, -XX:UseAVX={1}")
    @MethodSource("instructionSets")
    void theStepIsTheSameWithFewerInstructionSets(
            String isa, int useAvx, int bits, int isaBits, String kernel, boolean bf16, @TempDir Path tmp)
            throws Exception {
        Path result = tmp.resolve("probe.bin");
        Path log = tmp.resolve("probe.log");
        ProcessBuilder child = ChildJvm.of(
                        List.of("-XX:UseAVX=" + useAvx), InstructionSetProbe.class, result.toString())
                .redirectOutput(log.toFile());
        child.environment().put("ONEDNN_MAX_CPU_ISA", isa);
        child.environment().put("OMP_NUM_THREADS", "1");
        Process process = child.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "probe still running after 120 s");
        assertEquals(0, process.exitValue(), () -> "probe failed: " + read(log));

        boolean machineHasIt = (dnnl_get_effective_cpu_isa() & isaBits) == isaBits;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(result))) {
            assertEquals(Math.min(bits, machineBits), in.readInt(), "Vector API vector size in bits");
            String fp32 = in.readUTF();
            String bf16Kernel = in.readUTF();
            boolean refused = bf16Kernel.startsWith(InstructionSetProbe.REFUSED);
            if (machineHasIt) {
                assertEquals(kernel, fp32, "oneDNN's fp32 product");
                assertEquals(bf16, !refused, "a bf16 product offered: '" + bf16Kernel + "'");
            }
            assertTrue(!refused || bf16Kernel.contains("leave out --bf16"), bf16Kernel);
            INDArray gradient = Nd4j.zeros(DataType.FLOAT, carbon.layout().size());
            double loss = readStep(in, gradient);
            GradientEnginesTest.assertAgrees(referenceLoss, reference, loss, gradient, isa + ", " + fp32);
            if (refused) {
                assertTrue(in.readBoolean(), "a bf16 training run is refused before its directory is made");
            } else {
                INDArray ours = Nd4j.zeros(DataType.FLOAT, carbon.layout().size());
                double oursLoss = new FusedEngine(carbon.layout(), Matmul.Precision.BF16)
                        .lossAndGradient(carbon.parameters(), carbon.batch(), ours);
                INDArray theirs = Nd4j.zeros(DataType.FLOAT, carbon.layout().size());
                double theirsLoss = readStep(in, theirs);
                GradientEnginesTest.assertAgrees(
                        oursLoss,
                        ours.castTo(DataType.DOUBLE),
                        theirsLoss,
                        theirs,
                        BF16_KERNELS_TOLERANCE,
                        "bf16 " + bf16Kernel + " against this JVM's");
            }
        }
    }

    private static double readStep(DataInputStream in, INDArray gradient) throws IOException {
        double loss = in.readDouble();
        float[] values = new float[(int) gradient.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        gradient.assign(Nd4j.createFromArray(values));
        return loss;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
