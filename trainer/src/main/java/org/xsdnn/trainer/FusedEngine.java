package org.xsdnn.trainer;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The optimized gradient engine: forward and backward pass derived by hand, the matrix products in oneDNN
 * ({@link Matmul}) and the element-wise work of each hidden block in {@link BlockKernels} (two passes each way).
 * FLOAT only: it is what training runs in, and {@link SameDiffEngine} in DOUBLE is the reference it is tested
 * against.
 *
 * <p>Why it is fast: every off-heap temporary of a step is allocated from one ND4J workspace, which is reset, not
 * freed, after the step (the naive SameDiff loop spends about half its time allocating native buffers), and the
 * heap side is allocated once; the matrix products write straight into the flat gradient vector; the χ² and its λ
 * derivatives are computed on the host from the B network outputs (no one-hot matrix, no gather).
 *
 * <p>Batch normalization backward pass, per channel with x̂ = (z − μ)/sqrt(v + ε) and
 * g = dL/dx̂: dL/dz = (g − mean(g) − x̂ · mean(g x̂)) / sqrt(v + ε) (population variance).
 *
 * <p>Not thread-safe: one engine per training thread.
 */
public final class FusedEngine implements GradientEngine {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final WorkspaceConfiguration STEP_WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.3)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private final ParameterLayout layout;
    private final Matmul.Precision training;
    private final String workspaceId = "xsdnn-fused-" + INSTANCES.incrementAndGet();
    /**
     * Views of the flat vectors this engine is handed (parameters, best state, gradient), made once per vector and
     * held here. Made afresh at every step, they were garbage the collector could free while a native op still
     * read them: ND4J 1.0.0-M2.1 crashed twice with SIGSEGV in DataBuffer::primary() under a broadcast op of
     * the forward pass (once in 1500 carbon epochs, once in 5000 fine-tuning epochs); see BENCHMARKS.md §2.
     */
    private final Map<INDArray, ParameterLayout.Views> views = new IdentityHashMap<>();

    private final HeapBlocks heap = new HeapBlocks();

    /** Training products in fp32. */
    public FusedEngine(ParameterLayout layout) {
        this(layout, Matmul.Precision.FP32);
    }

    /**
     * @param training what the training step's matrix products compute in; evaluation ({@link #predict}, {@link
     *     #statistics}) is always fp32, so the held-out χ²/N that picks the best state is that of the fp32 weights
     *     as they are exported
     */
    public FusedEngine(ParameterLayout layout, Matmul.Precision training) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new IllegalStateException("the fused engine needs the JVM option --add-modules jdk.incubator.vector"
                    + " (the ./xsdnn launcher and the Maven build set it)");
        }
        if (training == Matmul.Precision.BF16) {
            Matmul.requireBf16Instructions(); // at once, not at the first step
        }
        this.layout = layout;
        this.training = training;
    }

    private ParameterLayout.Views viewsOf(INDArray flat) {
        if (views.size() >= 8 && !views.containsKey(flat)) {
            views.clear(); // a caller cycling through many vectors: keep the map small
        }
        return views.computeIfAbsent(flat, layout::views);
    }

    @Override
    public double lossAndGradient(INDArray parameters, Batch batch, INDArray gradient) {
        requireFloat(parameters);
        ParameterLayout.Views p = viewsOf(parameters);
        ParameterLayout.Views g = viewsOf(gradient);
        int layers = layout.network().hiddenLayers();
        int width = layout.network().width();
        int b = batch.size();
        try (MemoryWorkspace ignored =
                Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, workspaceId)) {
            Activations act = forward(p, batch.x(), batch.dropoutMasks(), null, training);
            Matmul matmul = Matmul.ofThisThread();
            double[] r = act.output.data().asDouble();
            double[] lambda = p.lambda().toDoubleVector();
            double[] dLossDr = new double[b];
            double[] dLossDLambda = new double[lambda.length];
            double loss = batch.objective() == Batch.Objective.CHI2
                    ? Chi2.lossAndGradient(
                            r,
                            batch.y(),
                            batch.error(),
                            batch.group(),
                            lambda,
                            batch.groupUncertainty(),
                            batch.dataScale(),
                            dLossDr,
                            dLossDLambda)
                    : LogShapeLoss.lossAndGradient(r, batch.y(), dLossDr); // λ held: dLossDLambda stays 0

            double[] dz = new double[b];
            double dBias = 0;
            for (int i = 0; i < b; i++) {
                dz[i] = dLossDr[i] * r[i] * (1.0 - r[i]); // sigmoid'
                dBias += dz[i];
            }
            INDArray dOut = Nd4j.createFromArray(dz).castTo(DataType.FLOAT).reshape(b, 1);
            g.lambda().assign(Nd4j.createFromArray(dLossDLambda).castTo(DataType.FLOAT));
            g.outputBias().assign(dBias);
            matmul.multiply(act.input[layers], dOut, g.outputKernel(), true, false);
            if (layers == 0) {
                return loss;
            }
            INDArray product = Nd4j.createUninitialized(DataType.FLOAT, b, width);
            matmul.multiply(dOut, p.outputKernel(), product, false, true); // dL/da of the last block
            BlockKernels.Matrix d = heap.gradient(b);
            for (int l = layers - 1; l >= 0; l--) {
                BlockKernels.Matrix mask = batch.dropoutMasks().isEmpty() ? null : heap.masks[l];
                float[] dBeta = BlockKernels.columnVector(width);
                float[] dGamma = BlockKernels.columnVector(width);
                float[] gamma = BlockKernels.columnVector(p.gamma().get(l).toFloatVector());
                BlockKernels.reluBackward(
                        product,
                        d,
                        mask,
                        heap.normalized[l],
                        gamma,
                        BlockKernels.columnVector(p.beta().get(l).toFloatVector()),
                        dBeta,
                        dGamma);
                g.beta().get(l).assign(real(dBeta, width));
                g.gamma().get(l).assign(real(dGamma, width));
                float[] factor = gamma;
                float[] meanG = BlockKernels.columnVector(width);
                float[] meanGx = BlockKernels.columnVector(width);
                if (!layout.network().fixedStatistics()) { // else dL/dz = γ dL/dy
                    for (int j = 0; j < width; j++) {
                        factor[j] *= act.inverseStd[l][j];
                        meanG[j] = dBeta[j] / b;
                        meanGx[j] = dGamma[j] / b;
                    }
                }
                float[] dBiasL = BlockKernels.columnVector(width);
                INDArray dZ = Nd4j.createUninitialized(DataType.FLOAT, b, width);
                BlockKernels.normalizationBackward(d, heap.normalized[l], factor, meanG, meanGx, dBiasL, dZ);
                g.bias().get(l).assign(real(dBiasL, width));
                matmul.multiply(act.input[l], dZ, g.kernel().get(l), true, false, hidden(l, training));
                if (l > 0) { // dL/da of the block below
                    matmul.multiply(dZ, p.kernel().get(l), product, false, true, training);
                }
            }
            return loss;
        }
    }

    /**
     * What block l's products compute in: the first block's stay fp32, since rounding the kinematic features to
     * bfloat16 (0.4 %) moves the cross section itself, and its products are 5 wide, nothing to gain; the output
     * layer's (300 × 1) stay fp32 for the same reason.
     */
    private static Matmul.Precision hidden(int l, Matmul.Precision precision) {
        return l == 0 ? Matmul.Precision.FP32 : precision;
    }

    private static INDArray real(float[] padded, int width) {
        return Nd4j.createFromArray(Arrays.copyOf(padded, width));
    }

    private static void requireFloat(INDArray parameters) {
        if (parameters.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("the fused engine trains in FLOAT; got " + parameters.dataType()
                    + " parameters (SameDiffEngine takes any type)");
        }
    }

    /**
     * The forward pass. With {@code statistics} null, training mode: each block normalizes with its batch mean and
     * variance, which are kept for the inference statistics, with x̂ and 1/sqrt(v + ε) for the backward pass; else
     * inference with the given statistics. Blocks with fixed statistics have x̂ = z + b either way.
     *
     * <p>The bias is not added to the product: with batch statistics it cancels in z − mean(z) (the recorded mean
     * includes it, as inference expects), and otherwise it is the shift −b.
     */
    Activations forward(
            ParameterLayout.Views p,
            INDArray x,
            List<INDArray> masks,
            BatchNormStatistics statistics,
            Matmul.Precision precision) {
        int layers = layout.network().hiddenLayers();
        int width = layout.network().width();
        boolean fixed = layout.network().fixedStatistics();
        int b = (int) x.size(0);
        heap.ensure(b);
        Matmul matmul = Matmul.ofThisThread();
        Activations act = new Activations(layers);
        act.input[0] = x.castTo(DataType.FLOAT);
        for (int l = 0; l < layers; l++) {
            INDArray z = Nd4j.createUninitialized(DataType.FLOAT, b, width);
            matmul.multiply(act.input[l], p.kernel().get(l), z, false, false, hidden(l, precision));
            boolean batchStatistics = !fixed && statistics == null;
            float[] shift = BlockKernels.columnVector(width); // with batch statistics, first the column sums
            BlockKernels.Matrix normalized = heap.normalized[l].load(z, batchStatistics ? shift : null);
            float[] bias = p.bias().get(l).toFloatVector();
            float[] scale = BlockKernels.columnVector(width);
            if (fixed) {
                for (int j = 0; j < width; j++) {
                    shift[j] = -bias[j];
                    scale[j] = 1;
                }
            } else if (statistics != null) {
                for (int j = 0; j < width; j++) {
                    shift[j] = statistics.mean()[l][j] - bias[j];
                    scale[j] = inverseStd(statistics.variance()[l][j]);
                }
            } else {
                for (int j = 0; j < width; j++) {
                    shift[j] /= b;
                }
                float[] squares = BlockKernels.columnVector(width);
                BlockKernels.columnSquares(normalized, shift, squares);
                act.mean[l] = new float[width];
                act.variance[l] = new float[width];
                for (int j = 0; j < width; j++) {
                    act.mean[l][j] = shift[j] + bias[j];
                    act.variance[l][j] = squares[j] / b;
                    scale[j] = inverseStd(act.variance[l][j]);
                }
                act.inverseStd[l] = scale;
            }
            BlockKernels.Matrix mask = masks.isEmpty() ? null : heap.masks[l].load(masks.get(l));
            BlockKernels.forward(
                    normalized,
                    shift,
                    scale,
                    BlockKernels.columnVector(p.gamma().get(l).toFloatVector()),
                    BlockKernels.columnVector(p.beta().get(l).toFloatVector()),
                    mask,
                    z); // the product is spent (x̂ holds it): its buffer takes the activation
            act.input[l + 1] = z;
        }
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, b, 1);
        matmul.multiply(act.input[layers], p.outputKernel(), out, false, false);
        out.addi(p.outputBias().getDouble(0));
        act.output = Transforms.sigmoid(out, false);
        return act;
    }

    private float inverseStd(float variance) {
        return (float) (1.0 / Math.sqrt(variance + layout.network().batchNormEpsilon()));
    }

    /**
     * Population mean and variance of each batch-norm input over the given points (no dropout):
     * the inference statistics "set from the training set after training". Null for blocks with fixed statistics.
     */
    public BatchNormStatistics statistics(INDArray parameters, INDArray x) {
        if (layout.network().fixedStatistics()) {
            return null;
        }
        requireFloat(parameters);
        ParameterLayout.Views p = viewsOf(parameters);
        try (MemoryWorkspace ignored =
                Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, workspaceId)) {
            Activations act = forward(p, x, List.of(), null, Matmul.Precision.FP32);
            return new BatchNormStatistics(act.mean, act.variance);
        }
    }

    /**
     * Inference-mode forward pass (batch norm with the given statistics, null for fixed ones; no dropout): r for
     * each row of x.
     */
    public double[] predict(INDArray parameters, BatchNormStatistics statistics, INDArray x) {
        requireFloat(parameters);
        ParameterLayout.Views p = viewsOf(parameters);
        if (statistics == null && !layout.network().fixedStatistics()) {
            throw new IllegalArgumentException("inference with batch norm needs its statistics");
        }
        try (MemoryWorkspace ignored =
                Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, workspaceId)) {
            return forward(p, x, List.of(), statistics, Matmul.Precision.FP32)
                    .output
                    .data()
                    .asDouble();
        }
    }

    /**
     * The heap side of the hidden blocks, per block: x̂ and the dropout mask of the last forward pass (the backward
     * pass reads them; the ReLU's condition is recomputed from x̂), and one dL/d· matrix that the backward pass walks
     * down the blocks with. Grown to the largest batch seen, then reused: a carbon step would otherwise allocate
     * about 60 MB.
     */
    private final class HeapBlocks {
        BlockKernels.Matrix[] normalized = new BlockKernels.Matrix[0];
        BlockKernels.Matrix[] masks;
        BlockKernels.Matrix gradient;

        void ensure(int rows) {
            if (normalized.length > 0 && normalized[0].capacityRows() >= rows) {
                return;
            }
            int layers = layout.network().hiddenLayers();
            int width = layout.network().width();
            normalized = new BlockKernels.Matrix[layers];
            masks = new BlockKernels.Matrix[layers];
            for (int l = 0; l < layers; l++) {
                normalized[l] = new BlockKernels.Matrix(rows, width);
                masks[l] = new BlockKernels.Matrix(rows, width);
            }
            gradient = new BlockKernels.Matrix(rows, width);
        }

        BlockKernels.Matrix gradient(int rows) {
            ensure(rows);
            return gradient;
        }
    }

    /**
     * What one forward pass keeps: each block's input (off-heap, for the matrix products), and in training mode
     * with batch statistics their mean, variance and 1/sqrt(v + ε) (padded); x̂ stays in {@link HeapBlocks}.
     */
    static final class Activations {
        final INDArray[] input;
        final float[][] inverseStd;
        final float[][] mean;
        final float[][] variance;
        INDArray output;

        Activations(int layers) {
            input = new INDArray[layers + 1];
            inverseStd = new float[layers][];
            mean = new float[layers][];
            variance = new float[layers][];
        }
    }
}
