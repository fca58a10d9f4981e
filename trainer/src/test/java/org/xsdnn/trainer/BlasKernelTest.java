package org.xsdnn.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The OpenBLAS that ND4J calls must pick kernels that use the CPU's vector units. OpenBLAS 0.3.19 (ND4J's own)
 * did not know an Emerald Rapids Xeon and ran its SSE3 "Prescott" kernels there, at a third of the speed; the
 * build pins a newer OpenBLAS. OpenBLAS reports its choice only on standard error at load time
 * ({@code OPENBLAS_VERBOSE=2}), so a child JVM loads it and this test reads the line.
 */
class BlasKernelTest {
    /** Kernel families OpenBLAS falls back to that predate AVX2: on a CPU with AVX2 they waste most of it. */
    private static final Set<String> PRE_AVX2 = Set.of(
            "Prescott",
            "Katmai",
            "Coppermine",
            "Northwood",
            "Banias",
            "Core2",
            "Penryn",
            "Dunnington",
            "Nehalem",
            "Atom",
            "Sandybridge",
            "Athlon",
            "Opteron",
            "Opteron_SSE3",
            "Barcelona",
            "Bobcat",
            "Bulldozer",
            "Piledriver",
            "Steamroller",
            "Excavator",
            "Unknown");

    /** The child process: one matrix product through ND4J, which loads OpenBLAS. */
    public static void main(String[] args) {
        INDArray a = Nd4j.ones(DataType.FLOAT, 64, 64);
        System.out.println("product " + a.mmul(a).getFloat(0, 0));
    }

    @Test
    void openBlasUsesTheVectorUnitsThisCpuHas() throws Exception {
        ProcessBuilder child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BlasKernelTest.class.getName())
                .redirectErrorStream(true);
        child.environment().put("OPENBLAS_VERBOSE", "2");
        child.environment().remove("OPENBLAS_CORETYPE"); // the automatic choice is what users get
        Process process = child.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        assertTrue(out.contains("product 64.0"), out);
        Matcher core = Pattern.compile("Core: (\\w+)").matcher(out);
        assertTrue(core.find(), "OpenBLAS did not report its kernels:\n" + out);
        String cpuFlags = Files.readString(Path.of("/proc/cpuinfo"));
        if (Pattern.compile("^flags\\s*:.*\\bavx2\\b", Pattern.MULTILINE)
                .matcher(cpuFlags)
                .find()) {
            assertFalse(
                    PRE_AVX2.contains(core.group(1)),
                    "this CPU has AVX2 but OpenBLAS picked its " + core.group(1) + " kernels");
        }
    }
}
