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
