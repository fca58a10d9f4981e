package org.xsdnn.trainer;

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
 * The optimized gradient engine: forward and backward pass derived by hand and run as BLAS calls
 * and in-place ND4J operations.
 *
 * <p>Why it is fast: every temporary of a step is allocated from one ND4J workspace, which is
 * reset, not freed, after the step (the naive SameDiff loop spends about half its time
 * allocating native buffers); the matrix products write straight into the flat gradient
 * vector; the χ² and its λ derivatives are computed on the host from the B network outputs
 * (no one-hot matrix, no gather).
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
    private final String workspaceId = "xsdnn-fused-" + INSTANCES.incrementAndGet();
    /**
     * Views of the flat vectors this engine is handed (parameters, best state, gradient), made once per vector and
     * held here. Made afresh at every step, they were garbage the collector could free while a native op still
     * read them: ND4J 1.0.0-M2.1 crashed twice with SIGSEGV in DataBuffer::primary() under a broadcast op of
     * the forward pass (once in 1500 carbon epochs, once in 5000 fine-tuning epochs); see BENCHMARKS.md §2.
     */
    private final Map<INDArray, ParameterLayout.Views> views = new IdentityHashMap<>();

    public FusedEngine(ParameterLayout layout) {
        this.layout = layout;
    }

    private ParameterLayout.Views viewsOf(INDArray flat) {
        if (views.size() >= 8 && !views.containsKey(flat)) {
            views.clear(); // a caller cycling through many vectors: keep the map small
        }
        return views.computeIfAbsent(flat, layout::views);
    }

    @Override
    public double lossAndGradient(INDArray parameters, Batch batch, INDArray gradient) {
        ParameterLayout.Views p = viewsOf(parameters);
        ParameterLayout.Views g = viewsOf(gradient);
        int layers = layout.network().hiddenLayers();
        int b = batch.size();
        DataType type = parameters.dataType();
        try (MemoryWorkspace ignored =
                Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, workspaceId)) {
            Activations act = forward(p, batch.x(), batch.dropoutMasks());
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
            INDArray dOut = Nd4j.createFromArray(dz).castTo(type).reshape(b, 1);
            g.lambda().assign(Nd4j.createFromArray(dLossDLambda).castTo(type));
            g.outputBias().assign(dBias);
            Nd4j.gemm(act.input[layers], dOut, g.outputKernel(), true, false, 1.0, 0.0);
            if (layers == 0) {
                return loss;
            }
            INDArray dA = Nd4j.createUninitialized(type, b, layout.network().width());
            Nd4j.gemm(dOut, p.outputKernel(), dA, false, true, 1.0, 0.0);

            for (int l = layers - 1; l >= 0; l--) {
                if (!batch.dropoutMasks().isEmpty()) {
                    dA.muli(batch.dropoutMasks().get(l));
                }
                dA.muli(Transforms.step(act.input[l + 1], true)); // ReLU': now dL/dy
                INDArray dBeta = dA.sum(0);
                INDArray dGamma = dA.mul(act.normalized[l]).sum(0);
                g.beta().get(l).assign(dBeta);
                g.gamma().get(l).assign(dGamma);
                INDArray gamma = p.gamma().get(l);
                dA.muliRowVector(gamma); // dL/dx̂, which is dL/dz where the statistics are fixed
                if (!layout.network().fixedStatistics()) {
                    INDArray meanG = dBeta.mul(gamma).divi(b);
                    INDArray meanGx = dGamma.mul(gamma).divi(b);
                    dA.subiRowVector(meanG)
                            .subi(act.normalized[l].mulRowVector(meanGx))
                            .muliRowVector(act.inverseStd[l]);
                }
                Nd4j.gemm(act.input[l], dA, g.kernel().get(l), true, false, 1.0, 0.0);
                g.bias().get(l).assign(dA.sum(0));
                if (l > 0) {
                    INDArray previous =
                            Nd4j.createUninitialized(type, b, layout.network().width());
                    Nd4j.gemm(dA, p.kernel().get(l), previous, false, true, 1.0, 0.0);
                    dA = previous;
                }
            }
            return loss;
        }
    }

    /**
     * Training-mode forward pass. For each hidden layer keeps its input, x̂ and 1/sqrt(v + ε)
     * for the backward pass, and the batch mean and variance for inference statistics.
     */
    Activations forward(ParameterLayout.Views p, INDArray x, List<INDArray> masks) {
        int layers = layout.network().hiddenLayers();
        int width = layout.network().width();
        long b = x.size(0);
        DataType type = x.dataType();
        Activations act = new Activations(layers);
        act.input[0] = x;
        for (int l = 0; l < layers; l++) {
            INDArray z = Nd4j.createUninitialized(type, b, width);
            Nd4j.gemm(act.input[l], p.kernel().get(l), z, false, false, 1.0, 0.0);
            z.addiRowVector(p.bias().get(l));
            INDArray mean = null;
            INDArray variance = null;
            INDArray inverseStd = null;
            if (!layout.network().fixedStatistics()) { // else x̂ = z
                mean = z.mean(0);
                z.subiRowVector(mean);
                variance = z.norm2(0);
                variance.muli(variance).divi(b);
                inverseStd = Transforms.pow(variance.add(layout.network().batchNormEpsilon()), -0.5, false);
                z.muliRowVector(inverseStd);
            }
            INDArray a = z.mulRowVector(p.gamma().get(l)).addiRowVector(p.beta().get(l));
            Transforms.relu(a, false);
            if (!masks.isEmpty()) {
                a.muli(masks.get(l));
            }
            act.mean[l] = mean;
            act.variance[l] = variance;
            act.normalized[l] = z;
            act.inverseStd[l] = inverseStd;
            act.input[l + 1] = a;
        }
        INDArray out = Nd4j.createUninitialized(type, b, 1);
        Nd4j.gemm(act.input[layers], p.outputKernel(), out, false, false, 1.0, 0.0);
        out.addi(p.outputBias().getDouble(0));
        act.output = Transforms.sigmoid(out, false);
        return act;
    }

    /**
     * Population mean and variance of each batch-norm input over the given points (no dropout):
     * the inference statistics "set from the training set after training". Null for blocks with fixed statistics.
     */
    public BatchNormStatistics statistics(INDArray parameters, INDArray x) {
        if (layout.network().fixedStatistics()) {
            return null;
        }
        ParameterLayout.Views p = viewsOf(parameters);
        int layers = layout.network().hiddenLayers();
        float[][] mean = new float[layers][];
        float[][] variance = new float[layers][];
        try (MemoryWorkspace ignored =
                Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, workspaceId)) {
            Activations act = forward(p, x, List.of());
            for (int l = 0; l < layers; l++) {
                mean[l] = act.mean[l].toFloatVector();
                variance[l] = act.variance[l].toFloatVector();
            }
        }
        return new BatchNormStatistics(mean, variance);
    }

    /**
     * Inference-mode forward pass (batch norm with the given statistics, null for fixed ones; no dropout): r for
     * each row of x.
     */
    public double[] predict(INDArray parameters, BatchNormStatistics statistics, INDArray x) {
        ParameterLayout.Views p = viewsOf(parameters);
        int layers = layout.network().hiddenLayers();
        DataType type = parameters.dataType();
        long b = x.size(0);
        try (MemoryWorkspace ignored =
                Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, workspaceId)) {
            INDArray a = x;
            for (int l = 0; l < layers; l++) {
                INDArray z = Nd4j.createUninitialized(type, b, layout.network().width());
                Nd4j.gemm(a, p.kernel().get(l), z, false, false, 1.0, 0.0);
                z.addiRowVector(p.bias().get(l));
                if (!layout.network().fixedStatistics()) {
                    INDArray mean = Nd4j.createFromArray(statistics.mean()[l]).castTo(type);
                    INDArray variance =
                            Nd4j.createFromArray(statistics.variance()[l]).castTo(type);
                    z.subiRowVector(mean)
                            .muliRowVector(Transforms.pow(
                                    variance.addi(layout.network().batchNormEpsilon()), -0.5, false));
                }
                z.muliRowVector(p.gamma().get(l)).addiRowVector(p.beta().get(l));
                a = Transforms.relu(z, false);
            }
            INDArray out = Nd4j.createUninitialized(type, b, 1);
            Nd4j.gemm(a, p.outputKernel(), out, false, false, 1.0, 0.0);
            out.addi(p.outputBias().getDouble(0));
            return Transforms.sigmoid(out, false).data().asDouble();
        }
    }

    /** What one training-mode forward pass keeps for the backward pass. */
    static final class Activations {
        final INDArray[] input;
        final INDArray[] normalized;
        final INDArray[] inverseStd;
        final INDArray[] mean;
        final INDArray[] variance;
        INDArray output;

        Activations(int layers) {
            input = new INDArray[layers + 1];
            normalized = new INDArray[layers];
            inverseStd = new INDArray[layers];
            mean = new INDArray[layers];
            variance = new INDArray[layers];
        }
    }
}
