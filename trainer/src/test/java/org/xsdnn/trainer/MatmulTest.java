package org.xsdnn.trainer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** oneDNN's products against ND4J's OpenBLAS, in every transposition the fused engine uses and into views. */
class MatmulTest {
    @ParameterizedTest(name = "{0} × {1} × {2}, transpose A {3}, B {4}")
    @CsvSource({
        "37, 5, 16, false, false",
        "37, 16, 16, false, false",
        "16, 37, 7, true, false",
        "37, 7, 16, false, true",
        "2311, 300, 300, false, false",
        "300, 2311, 300, true, false",
        "2311, 300, 300, false, true",
        "300, 2311, 1, true, false",
        "2311, 1, 300, false, true"
    })
    void equalsOpenBlas(int m, int k, int n, boolean transposeA, boolean transposeB) {
        INDArray a = transposeA ? Nd4j.rand(DataType.FLOAT, k, m) : Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = transposeB ? Nd4j.rand(DataType.FLOAT, n, k) : Nd4j.rand(DataType.FLOAT, k, n);
        INDArray expected = Nd4j.create(DataType.FLOAT, m, n);
        Nd4j.gemm(a, b, expected, transposeA, transposeB, 1.0, 0.0);
        INDArray actual = Nd4j.rand(DataType.FLOAT, m, n); // overwritten, not added to
        Matmul.ofThisThread().multiply(a, b, actual, transposeA, transposeB);
        double difference = actual.sub(expected).norm2Number().doubleValue();
        assertTrue(
                difference <= 1e-6 * expected.norm2Number().doubleValue(),
                "differs by " + difference + " (norm " + expected.norm2Number() + ")");
    }

    /**
     * bf16: exactly the fp32 product of the operands rounded to bfloat16 (round to nearest even), up to the order of
     * the fp32 sums, and so not fp32's own product; where oneDNN has no bf16 product for this CPU, a refusal that says
     * so.
     */
    @ParameterizedTest(name = "{0} × {1} × {2}, transpose A {3}, B {4}")
    @CsvSource({"2311, 300, 300, false, false", "300, 2311, 300, true, false", "2311, 300, 300, false, true"})
    void bf16IsTheProductOfRoundedOperands(int m, int k, int n, boolean transposeA, boolean transposeB) {
        INDArray a = transposeA ? Nd4j.rand(DataType.FLOAT, k, m) : Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = transposeB ? Nd4j.rand(DataType.FLOAT, n, k) : Nd4j.rand(DataType.FLOAT, k, n);
        INDArray fp32 = Nd4j.create(DataType.FLOAT, m, n);
        INDArray rounded = Nd4j.create(DataType.FLOAT, m, n);
        INDArray bf16 = Nd4j.create(DataType.FLOAT, m, n);
        Matmul matmul = Matmul.ofThisThread();
        matmul.multiply(a, b, fp32, transposeA, transposeB);
        matmul.multiply(toBf16(a), toBf16(b), rounded, transposeA, transposeB);
        try {
            matmul.multiply(a, b, bf16, transposeA, transposeB, Matmul.Precision.BF16);
        } catch (IllegalStateException refused) {
            assertTrue(refused.getMessage().contains("no bf16 matrix product"), refused.getMessage());
            return;
        }
        double scale = fp32.norm2Number().doubleValue();
        double fromRounded = bf16.sub(rounded).norm2Number().doubleValue() / scale;
        double fromFp32 = bf16.sub(fp32).norm2Number().doubleValue() / scale;
        assertTrue(fromRounded < 1e-6, "against the product of rounded operands: " + fromRounded);
        assertTrue(fromFp32 > 1e-5, "against fp32's own product: " + fromFp32 + " (no rounding happened?)");
        String implementation = matmul.implementation(m, k, n, transposeA, transposeB, Matmul.Precision.BF16);
        assertTrue(!implementation.isEmpty(), "oneDNN names what it runs");
    }

    /** Each value rounded to the nearest bfloat16 (ties to even), kept in fp32. */
    private static INDArray toBf16(INDArray x) {
        float[] v = x.dup('c').data().asFloat();
        for (int i = 0; i < v.length; i++) {
            int bits = Float.floatToRawIntBits(v[i]);
            bits = (bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF0000;
            v[i] = Float.intBitsToFloat(bits);
        }
        return Nd4j.createFromArray(v).reshape('c', x.shape());
    }

    /** The engine multiplies views of the flat parameter and gradient vectors: they start at their offset. */
    @Test
    void readsAndWritesViewsAtTheirOffset() {
        INDArray flat = Nd4j.rand(DataType.FLOAT, 200);
        INDArray kernel = flat.get(NDArrayIndex.interval(13, 13 + 6 * 4)).reshape('c', 6, 4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 6);
        INDArray gradient = Nd4j.zeros(DataType.FLOAT, 200);
        INDArray out = gradient.get(NDArrayIndex.interval(101, 101 + 5 * 4)).reshape('c', 5, 4);
        Matmul.ofThisThread().multiply(x, kernel, out, false, false);
        INDArray expected = x.mmul(kernel.dup());
        assertTrue(out.equalsWithEps(expected, 1e-5), out + " vs " + expected);
        assertTrue(gradient.getDouble(100) == 0 && gradient.getDouble(121) == 0, "nothing written outside the view");
    }

    @Test
    void refusesWhatItCannotRead() {
        INDArray c = Nd4j.create(DataType.FLOAT, 3, 3);
        IllegalArgumentException wrongShape = assertThrows(
                IllegalArgumentException.class,
                () -> Matmul.ofThisThread()
                        .multiply(Nd4j.rand(DataType.FLOAT, 3, 4), Nd4j.rand(DataType.FLOAT, 5, 3), c, false, false));
        assertTrue(wrongShape.getMessage().contains("do not multiply"), wrongShape.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Matmul.ofThisThread()
                        .multiply(Nd4j.rand(DataType.DOUBLE, 3, 3), Nd4j.rand(DataType.FLOAT, 3, 3), c, false, false));
        INDArray columnMajor = Nd4j.rand(DataType.FLOAT, 3, 3).dup('f');
        assertThrows(
                IllegalArgumentException.class,
                () -> Matmul.ofThisThread().multiply(columnMajor, Nd4j.rand(DataType.FLOAT, 3, 3), c, false, false));
    }
}
