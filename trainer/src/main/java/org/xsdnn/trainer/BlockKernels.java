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
 * to 25. The matrix products are oneDNN's ({@link Matmul}), on ND4J's off-heap arrays: a block copies its product in
 * and its activation out, one memcpy-speed pass each.
 *
 * <p>Padding lanes hold whatever the last copy left; every kernel's per-column factors are 0 there, so padding never
 * reaches a result (sums are read for the real columns only).
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
            FloatBuffer in = buffer(from);
            rows = (int) from.size(0);
            for (int i = 0; i < rows; i++) {
                in.get(i * cols, values, i * stride, cols);
            }
            return this;
        }

        /** Copies this matrix into {@code to} (c-order FLOAT, same shape, off-heap). */
        void store(INDArray to) {
            FloatBuffer out = buffer(to);
            for (int i = 0; i < rows; i++) {
                out.put(i * cols, values, i * stride, cols);
            }
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

    /** Adds each column's sum of x − shift (shift null: of x), or of its square, to {@code sums}. */
    static void columnSums(Matrix x, float[] shift, boolean squared, float[] sums) {
        float[] v = x.values;
        for (int i = 0; i < x.rows; i++) {
            int row = i * x.stride;
            for (int j = 0; j < x.stride; j += LANES) {
                FloatVector e = FloatVector.fromArray(SPECIES, v, row + j);
                if (shift != null) {
                    e = e.sub(FloatVector.fromArray(SPECIES, shift, j));
                }
                if (squared) {
                    e = e.mul(e);
                }
                FloatVector.fromArray(SPECIES, sums, j).add(e).intoArray(sums, j);
            }
        }
    }

    /**
     * The forward pass of a block after its matrix product z (in {@code z}): x̂ = (z − shift)·scale in place, and
     * {@code a} = max(γ x̂ + β, 0), times the dropout mask where one is given.
     */
    static void forward(Matrix z, float[] shift, float[] scale, float[] gamma, float[] beta, Matrix mask, Matrix a) {
        float[] v = z.values;
        float[] out = a.values;
        a.rows = z.rows;
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int i = 0; i < z.rows; i++) {
            int row = i * z.stride;
            for (int j = 0; j < z.stride; j += LANES) {
                FloatVector xHat = FloatVector.fromArray(SPECIES, v, row + j)
                        .sub(FloatVector.fromArray(SPECIES, shift, j))
                        .mul(FloatVector.fromArray(SPECIES, scale, j));
                xHat.intoArray(v, row + j);
                FloatVector y = xHat.fma(
                                FloatVector.fromArray(SPECIES, gamma, j), FloatVector.fromArray(SPECIES, beta, j))
                        .max(zero);
                if (mask != null) {
                    y = y.mul(FloatVector.fromArray(SPECIES, mask.values, row + j));
                }
                y.intoArray(out, row + j);
            }
        }
    }

    /**
     * Through the mask and the ReLU: {@code d} = dL/da becomes dL/dy = dL/da · mask · [a &gt; 0] in place (a &gt; 0
     * exactly where y &gt; 0 and the mask keeps the unit); adds Σ dL/dy to {@code dBeta} and Σ dL/dy · x̂ to
     * {@code dGamma}.
     */
    static void reluBackward(Matrix d, Matrix a, Matrix mask, Matrix xHat, float[] dBeta, float[] dGamma) {
        float[] v = d.values;
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int i = 0; i < d.rows; i++) {
            int row = i * d.stride;
            for (int j = 0; j < d.stride; j += LANES) {
                FloatVector g = FloatVector.fromArray(SPECIES, v, row + j);
                if (mask != null) {
                    g = g.mul(FloatVector.fromArray(SPECIES, mask.values, row + j));
                }
                g = g.blend(
                        zero, FloatVector.fromArray(SPECIES, a.values, row + j).compare(VectorOperators.LE, 0f));
                g.intoArray(v, row + j);
                FloatVector.fromArray(SPECIES, dBeta, j).add(g).intoArray(dBeta, j);
                FloatVector.fromArray(SPECIES, dGamma, j)
                        .add(g.mul(FloatVector.fromArray(SPECIES, xHat.values, row + j)))
                        .intoArray(dGamma, j);
            }
        }
    }

    /**
     * Through the scale and the normalization: {@code d} = dL/dy becomes dL/dz = factor · (dL/dy − meanG − x̂ ·
     * meanGx) in place (with batch statistics factor = γ/sqrt(v + ε), meanG = mean(dL/dy), meanGx = mean(dL/dy · x̂);
     * with fixed ones factor = γ and both means 0); adds Σ dL/dz, the bias gradient, to {@code dBias}.
     */
    static void normalizationBackward(
            Matrix d, Matrix xHat, float[] factor, float[] meanG, float[] meanGx, float[] dBias) {
        float[] v = d.values;
        for (int i = 0; i < d.rows; i++) {
            int row = i * d.stride;
            for (int j = 0; j < d.stride; j += LANES) {
                FloatVector dz = FloatVector.fromArray(SPECIES, v, row + j)
                        .sub(FloatVector.fromArray(SPECIES, meanG, j))
                        .sub(FloatVector.fromArray(SPECIES, xHat.values, row + j)
                                .mul(FloatVector.fromArray(SPECIES, meanGx, j)))
                        .mul(FloatVector.fromArray(SPECIES, factor, j));
                dz.intoArray(v, row + j);
                FloatVector.fromArray(SPECIES, dBias, j).add(dz).intoArray(dBias, j);
            }
        }
    }
}
