package org.xsdnn.trainer;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise work of a hidden block (batch norm, scale and shift, ReLU, dropout mask, and their derivatives) in
 * two passes forward and two backward, with the Java Vector API, instead of about eighteen ND4J operations each of
 * which reads and writes the whole batch (measured ≈ 48 % of a carbon step; BENCHMARKS.md §1).
 *
 * <p>The data sit on the Java heap in {@link Matrix} form, rows padded to a whole number of vectors, so that every
 * loop runs on full vectors with no scalar tail and no masked access (masked loads cost 10× in JDK 17). Only
 * {@code FloatVector.fromArray}/{@code intoArray} are used: the part of the incubating API that is the same from JDK 17
 * to 25. The matrix products are oneDNN's ({@link Matmul}), on ND4J's off-heap arrays: the kernels copy a product in
 * and a result out row by row, inside the pass that reads or writes that row anyway, so that no pass of its own goes
 * through memory for a copy. On the Zen 5 machine this was neutral in speed (the passes are not what limits the step
 * there; BENCHMARKS.md §1) and saves one heap matrix per block; on CPUs with less memory bandwidth per core it can
 * only help.
 *
 * <p>Padding lanes stay 0 (the copies leave them alone, and every kernel's per-column factors are 0 there), so
 * padding never reaches a result (sums are read for the real columns only).
 */
final class BlockKernels {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private BlockKernels() {}

    /** A rows × cols float matrix on the heap, row-major, each row {@link #stride} long. */
    static final class Matrix {
        final int cols;
        final int stride;
        final float[] values;
        int rows;

        Matrix(int capacityRows, int cols) {
            this.cols = cols;
            this.stride = padded(cols);
            this.values = new float[capacityRows * stride];
        }

        int capacityRows() {
            return values.length / stride;
        }

        /** Copies {@code from} (a c-order FLOAT matrix of this width, off-heap) in. */
        Matrix load(INDArray from) {
            return load(from, null);
        }

        /** Copies {@code from} in and, where {@code sums} is not null, adds each column's sum to it. */
        Matrix load(INDArray from, float[] sums) {
            FloatBuffer in = input(from);
            for (int i = 0; i < rows; i++) {
                in.get(i * cols, values, i * stride, cols);
                if (sums != null) { // while the row is in cache
                    for (int j = 0; j < stride; j += LANES) {
                        FloatVector.fromArray(SPECIES, sums, j)
                                .add(FloatVector.fromArray(SPECIES, values, i * stride + j))
                                .intoArray(sums, j);
                    }
                }
            }
            return this;
        }

        /** {@code a}'s buffer, to be copied in: this matrix takes its number of rows. */
        FloatBuffer input(INDArray a) {
            FloatBuffer in = buffer(a);
            rows = (int) a.size(0);
            return in;
        }

        /** {@code a}'s buffer, to be copied out to: checked to have this matrix's shape. */
        FloatBuffer output(INDArray a) {
            if (a.size(0) != rows) {
                throw new IllegalArgumentException(
                        "expected " + rows + " rows of " + cols + ", got " + a.shapeInfoToString());
            }
            return buffer(a);
        }

        private FloatBuffer buffer(INDArray a) {
            if (a.dataType() != DataType.FLOAT || a.ordering() != 'c' || a.rank() != 2 || a.size(1) != cols) {
                throw new IllegalArgumentException(
                        "expected a c-order FLOAT matrix of " + cols + " columns, got " + a.shapeInfoToString());
            }
            return a.data()
                    .asNio()
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer()
                    .position((int) a.offset())
                    .slice();
        }
    }

    /** A per-column vector of a matrix of {@code cols} columns, zero in its padding. */
    static float[] columnVector(int cols) {
        return new float[padded(cols)];
    }

    /** {@code values} (length cols) as a padded column vector. */
    static float[] columnVector(float[] values) {
        float[] v = columnVector(values.length);
        System.arraycopy(values, 0, v, 0, values.length);
        return v;
    }

    private static int padded(int cols) {
        return (cols + LANES - 1) / LANES * LANES;
    }

    /** Adds each column's sum of (x − shift)² to {@code sums}. */
    static void columnSquares(Matrix x, float[] shift, float[] sums) {
        float[] v = x.values;
        for (int i = 0; i < x.rows; i++) {
            int row = i * x.stride;
            for (int j = 0; j < x.stride; j += LANES) {
                FloatVector e =
                        FloatVector.fromArray(SPECIES, v, row + j).sub(FloatVector.fromArray(SPECIES, shift, j));
                FloatVector.fromArray(SPECIES, sums, j).add(e.mul(e)).intoArray(sums, j);
            }
        }
    }

    /**
     * The forward pass of a block after its matrix product z (in {@code z}): x̂ = (z − shift)·scale in place, and
     * {@code out} (off-heap, rows × cols) = max(γ x̂ + β, 0), times the dropout mask where one is given.
     */
    static void forward(
            Matrix z, float[] shift, float[] scale, float[] gamma, float[] beta, Matrix mask, INDArray out) {
        float[] v = z.values;
        float[] row = new float[z.stride];
        FloatBuffer to = z.output(out);
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int i = 0; i < z.rows; i++) {
            int at = i * z.stride;
            for (int j = 0; j < z.stride; j += LANES) {
                FloatVector xHat = FloatVector.fromArray(SPECIES, v, at + j)
                        .sub(FloatVector.fromArray(SPECIES, shift, j))
                        .mul(FloatVector.fromArray(SPECIES, scale, j));
                xHat.intoArray(v, at + j);
                FloatVector y = xHat.fma(
                                FloatVector.fromArray(SPECIES, gamma, j), FloatVector.fromArray(SPECIES, beta, j))
                        .max(zero);
                if (mask != null) {
                    y = y.mul(FloatVector.fromArray(SPECIES, mask.values, at + j));
                }
                y.intoArray(row, j);
            }
            to.put(i * z.cols, row, 0, z.cols);
        }
    }

    /**
     * Through the mask and the ReLU: {@code d} becomes dL/dy = dL/da · mask · [γ x̂ + β &gt; 0], with dL/da read
     * from {@code dA} (off-heap) and the ReLU's condition recomputed from x̂ as {@link #forward} computed it, so that
     * no activation needs keeping; adds Σ dL/dy to {@code dBeta} and Σ dL/dy · x̂ to {@code dGamma}.
     */
    static void reluBackward(
            INDArray dA,
            Matrix d,
            Matrix mask,
            Matrix xHat,
            float[] gamma,
            float[] beta,
            float[] dBeta,
            float[] dGamma) {
        FloatBuffer from = d.input(dA);
        float[] v = d.values;
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int i = 0; i < d.rows; i++) {
            int row = i * d.stride;
            from.get(i * d.cols, v, row, d.cols);
            for (int j = 0; j < d.stride; j += LANES) {
                FloatVector g = FloatVector.fromArray(SPECIES, v, row + j);
                if (mask != null) {
                    g = g.mul(FloatVector.fromArray(SPECIES, mask.values, row + j));
                }
                FloatVector x = FloatVector.fromArray(SPECIES, xHat.values, row + j);
                FloatVector y =
                        x.fma(FloatVector.fromArray(SPECIES, gamma, j), FloatVector.fromArray(SPECIES, beta, j));
                g = g.blend(zero, y.compare(VectorOperators.LE, 0f));
                g.intoArray(v, row + j);
                FloatVector.fromArray(SPECIES, dBeta, j).add(g).intoArray(dBeta, j);
                FloatVector.fromArray(SPECIES, dGamma, j).add(g.mul(x)).intoArray(dGamma, j);
            }
        }
    }

    /**
     * Through the scale and the normalization: {@code dZ} (off-heap) = dL/dz = factor · (dL/dy − meanG − x̂ · meanGx)
     * with dL/dy in {@code d} (with batch statistics factor = γ/sqrt(v + ε), meanG = mean(dL/dy), meanGx = mean(dL/dy ·
     * x̂); with fixed ones factor = γ and both means 0); adds Σ dL/dz, the bias gradient, to {@code dBias}.
     */
    static void normalizationBackward(
            Matrix d, Matrix xHat, float[] factor, float[] meanG, float[] meanGx, float[] dBias, INDArray dZ) {
        float[] v = d.values;
        float[] out = new float[d.stride];
        FloatBuffer to = d.output(dZ);
        for (int i = 0; i < d.rows; i++) {
            int row = i * d.stride;
            for (int j = 0; j < d.stride; j += LANES) {
                FloatVector dz = FloatVector.fromArray(SPECIES, v, row + j)
                        .sub(FloatVector.fromArray(SPECIES, meanG, j))
                        .sub(FloatVector.fromArray(SPECIES, xHat.values, row + j)
                                .mul(FloatVector.fromArray(SPECIES, meanGx, j)))
                        .mul(FloatVector.fromArray(SPECIES, factor, j));
                dz.intoArray(out, j);
                FloatVector.fromArray(SPECIES, dBias, j).add(dz).intoArray(dBias, j);
            }
            to.put(i * d.cols, out, 0, d.cols);
        }
    }
}
