package org.xsdnn.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.NetworkWeights;

/**
 * Trains one ensemble member with AdamW on the χ² loss, keeps the state with the best held-out
 * χ²/N, checkpoints atomically and resumes from the last checkpoint after a crash or a kill.
 *
 * <p>A resumed run computes exactly what an uninterrupted run computes: the optimizer state is
 * saved, and every random draw is a function of (seed, member, epoch).
 */
public final class MemberTrainer {
    private final TrainerConfig config;
    private final ProgressListener progress;

    public MemberTrainer(TrainerConfig config, ProgressListener progress) {
        this.config = config;
        this.progress = progress;
    }

    /**
     * @param train the member's training points (its bootstrap replica, if any, already applied)
     * @param heldOut points never trained on; their χ²/N picks the best state
     * @param untouched points neither trained on nor used to pick the best state; their χ²/N is
     *     recorded only (may be empty)
     * @param dataIdentity identifies the data, split and cut; part of the checkpoint fingerprint
     * @param checkpoint file to resume from and to write; null trains without checkpoints
     */
    public MemberResult train(
            int member,
            TrainingData train,
            TrainingData heldOut,
            TrainingData untouched,
            String dataIdentity,
            Path checkpoint)
            throws IOException {
        return train(member, null, train, heldOut, untouched, dataIdentity, checkpoint);
    }

    /**
     * As {@link #train(int, TrainingData, TrainingData, TrainingData, String, Path)}, starting from a parent
     * network with its first layers frozen instead of from random weights.
     *
     * @param fineTuning the parent and its trainable layers; null trains every layer from random weights
     */
    public MemberResult train(
            int member,
            FineTuning fineTuning,
            TrainingData train,
            TrainingData heldOut,
            TrainingData untouched,
            String dataIdentity,
            Path checkpoint)
            throws IOException {
        ParameterLayout layout = fineTuning == null
                ? new ParameterLayout(config.network(), train.groups())
                : fineTuning.layout(train.groups());
        INDArray trainX = inputs(fineTuning, train);
        INDArray heldOutX = inputs(fineTuning, heldOut);
        INDArray untouchedX = untouched.size() == 0 ? null : inputs(fineTuning, untouched);
        String fingerprint = config.fingerprint() + ";data=" + dataIdentity + ";member=" + member;
        float[] initial = fineTuning == null
                ? Initializer.initial(
                        layout,
                        RandomStreams.of(config.seed(), member, RandomStreams.INITIALIZATION, 0)
                                .nextLong(),
                        train.y())
                : fineTuning.initialParameters(layout, trainX);
        State state = new State(layout, initial, config.optimizer());
        if (checkpoint != null && Files.exists(checkpoint)) {
            state.restore(Checkpoint.read(checkpoint), fingerprint, checkpoint);
        }
        FusedEngine engine =
                new FusedEngine(layout, config.bf16Products() ? Matmul.Precision.BF16 : Matmul.Precision.FP32);
        INDArray gradient = Nd4j.zeros(DataType.FLOAT, layout.size());
        double secondsBefore = state.curve.isEmpty()
                ? 0
                : state.curve.get(state.curve.size() - 1).seconds();
        long start = System.nanoTime();
        long lastCheckpoint = start;
        int epochAtLastEval = state.epochsDone;
        long timeAtLastEval = start;
        double lossSum = 0;
        int lossEpochs = 0;
        int shapeEpochs = config.shape().epochs();
        int total = config.totalEpochs();
        while (state.epochsDone < total) {
            int epoch = state.epochsDone;
            boolean shapePhase = epoch < shapeEpochs;
            if (epoch == shapeEpochs && shapeEpochs > 0) {
                // Adam's second moments from the log loss are orders of magnitude below χ²'s: carried over,
                // they turn the first χ² steps into jumps (measured: χ²/N 7 -> 9000 in one evaluation).
                state.optimizer.reset();
            }
            double rate = shapePhase
                    ? config.shape().learningRate()
                    : config.learningRateAt(epoch - shapeEpochs, state.rampStart) * state.rateScale;
            lossSum += runEpoch(engine, state, layout, train, trainX, gradient, member, epoch, shapePhase, rate);
            lossEpochs++;
            state.epochsDone++;
            double elapsed = (System.nanoTime() - start) / 1e9;
            boolean outOfTime = config.maxSeconds() > 0 && elapsed >= config.maxSeconds();
            boolean last = state.epochsDone == total;
            if (state.epochsDone % config.evalEvery() != 0 && !last && !outOfTime) {
                continue;
            }
            double loss = (shapePhase ? 2 : 2.0 / train.size()) * lossSum / lossEpochs;
            lossSum = 0;
            lossEpochs = 0;
            BatchNormStatistics statistics = engine.statistics(state.parameters, trainX);
            double chi2 = evaluate(engine, layout, state.parameters, statistics, heldOut, heldOutX);
            double untouchedChi2 = evaluate(engine, layout, state.parameters, statistics, untouched, untouchedX);
            state.curve.add(new LearningCurve.Point(
                    state.epochsDone, loss, chi2, untouchedChi2, rate, secondsBefore + elapsed));
            judge(state, shapePhase, chi2, untouchedChi2, heldOut.size() == 0);
            long now = System.nanoTime();
            double secondsPerEpoch = (now - timeAtLastEval) / 1e9 / Math.max(1, state.epochsDone - epochAtLastEval);
            epochAtLastEval = state.epochsDone;
            timeAtLastEval = now;
            progress.evaluated(member, state.epochsDone, total, loss, chi2, state.bestChi2, secondsPerEpoch);
            boolean stalled = config.patience() > 0 && state.epochsDone - state.bestEpoch >= config.patience();
            boolean converged = state.rateScale < TrainerConfig.MIN_RATE_FRACTION;
            boolean stopping = last || outOfTime || stalled || converged;
            if (checkpoint != null && (stopping || (now - lastCheckpoint) / 1e9 >= config.checkpointSeconds())) {
                state.toCheckpoint(fingerprint, member).write(checkpoint);
                lastCheckpoint = now;
            }
            if (stopping) {
                break;
            }
        }
        BatchNormStatistics statistics = engine.statistics(state.best, trainX);
        double seconds = secondsBefore + (System.nanoTime() - start) / 1e9;
        NetworkWeights weights =
                layout.weights(state.best, statistics, fineTuning == null ? List.of() : fineTuning.frozenLayers());
        return new MemberResult(
                member,
                weights,
                layout.views(state.best).lambda().toDoubleVector(),
                state.bestChi2,
                state.bestUntouchedChi2,
                state.bestEpoch,
                state.epochsDone,
                state.restarts,
                seconds,
                List.copyOf(state.curve));
    }

    /**
     * Keeps the best held-out state, and applies the divergence guard and the plateau schedule,
     * which act in the χ² phase only (the shape phase runs its fixed epochs at a fixed rate).
     */
    private void judge(State state, boolean shapePhase, double chi2, double untouchedChi2, boolean noHeldOut) {
        // The first sane χ²-phase state replaces a shape-phase best even when it scores worse: the shape phase's
        // held-out χ²/N swings by 10x between evaluations, and a lucky one kept as "best" let the plateau rule spend
        // the χ² phase's rate while it was still improving (measured: carbon-a2 member 07 kept a shape-phase state).
        // "Sane" is what the divergence guard accepts, so a first χ² step that blows up still restores the shape best.
        boolean overShapeBest = !shapePhase
                && state.bestEpoch <= config.shape().epochs()
                && Double.isFinite(chi2)
                && !(config.divergenceFactor() > 0 && chi2 > config.divergenceFactor() * state.bestChi2);
        // Without held-out points the latest state is the result; a NaN χ² is never better.
        if (noHeldOut || chi2 < state.bestChi2 || overShapeBest) {
            state.best.assign(state.parameters);
            state.bestChi2 = chi2;
            state.bestUntouchedChi2 = untouchedChi2;
            state.bestEpoch = state.epochsDone;
            state.evalsSinceBest = 0;
            return;
        }
        if (shapePhase) {
            return;
        }
        state.evalsSinceBest++;
        boolean diverged = config.divergenceFactor() > 0
                && Double.isFinite(state.bestChi2)
                && !(chi2 <= config.divergenceFactor() * state.bestChi2);
        if (diverged) {
            state.parameters.assign(state.best);
            state.optimizer.reset();
            state.rampStart = state.epochsDone - config.shape().epochs();
            state.rateScale /= 2;
            state.restarts++;
            state.evalsSinceBest = 0;
        } else if (config.schedule() == TrainerConfig.Schedule.PLATEAU
                && state.evalsSinceBest >= config.plateauEvals()) {
            state.rateScale /= 2;
            state.evalsSinceBest = 0;
        }
    }

    private double runEpoch(
            FusedEngine engine,
            State state,
            ParameterLayout layout,
            TrainingData train,
            INDArray trainX,
            INDArray gradient,
            int member,
            int epoch,
            boolean shapePhase,
            double learningRate) {
        int n = train.size();
        int size = shapePhase ? config.shape().batchSize() : config.batchSize();
        int batch = size == 0 ? n : Math.min(size, n);
        Batch.Objective objective = shapePhase ? Batch.Objective.LOG_SHAPE : Batch.Objective.CHI2;
        SplittableRandom dropout = RandomStreams.of(config.seed(), member, RandomStreams.DROPOUT, epoch);
        if (batch == n) {
            Batch all = new Batch(
                    trainX,
                    train.y(),
                    train.error(),
                    train.group(),
                    train.groupUncertainty(),
                    1.0,
                    masks(layout.network(), dropout, n),
                    objective);
            double loss = engine.lossAndGradient(state.parameters, all, gradient);
            state.optimizer.update(state.parameters, gradient, learningRate);
            return loss;
        }
        int[] order = permutation(n, RandomStreams.of(config.seed(), member, RandomStreams.BATCH_ORDER, epoch));
        double lossSum = 0;
        int steps = 0;
        for (int from = 0; from < n; from += batch) {
            int[] indices = java.util.Arrays.copyOfRange(order, from, Math.min(n, from + batch));
            TrainingData part = train.subset(indices);
            Batch b = new Batch(
                    trainX.getRows(indices),
                    part.y(),
                    part.error(),
                    part.group(),
                    part.groupUncertainty(),
                    (double) n / indices.length,
                    masks(layout.network(), dropout, indices.length),
                    objective);
            lossSum += engine.lossAndGradient(state.parameters, b, gradient);
            state.optimizer.update(state.parameters, gradient, learningRate);
            steps++;
        }
        return lossSum / steps;
    }

    /** Dropout masks made on the host: values 0 (probability p) or 1/(1−p). */
    private static List<INDArray> masks(NetworkConfig network, SplittableRandom random, int rows) {
        double p = network.dropout();
        if (p == 0) {
            return List.of();
        }
        int width = network.width();
        float keep = (float) (1.0 / (1.0 - p));
        List<INDArray> masks = new ArrayList<>();
        for (int l = 0; l < network.hiddenLayers(); l++) {
            float[] m = new float[rows * width];
            for (int i = 0; i < m.length; i++) {
                m[i] = random.nextDouble() < p ? 0f : keep;
            }
            masks.add(Nd4j.createFromArray(m).reshape(rows, width));
        }
        return masks;
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static double evaluate(
            FusedEngine engine,
            ParameterLayout layout,
            INDArray parameters,
            BatchNormStatistics statistics,
            TrainingData points,
            INDArray x) {
        if (points.size() == 0) {
            return Double.NaN;
        }
        double[] r = engine.predict(parameters, statistics, x);
        double[] lambda = layout.views(parameters).lambda().toDoubleVector();
        return Chi2.perPoint(r, points.y(), points.error(), points.group(), lambda, points.groupUncertainty());
    }

    /** The network's input for the points: their kinematic features, through the frozen layers when fine-tuning. */
    private static INDArray inputs(FineTuning fineTuning, TrainingData points) {
        INDArray x = matrix(points.features());
        return fineTuning == null ? x : fineTuning.frozenFeatures(x);
    }

    static INDArray matrix(float[] features) {
        return Nd4j.createFromArray(features).reshape(features.length / Kinematics.FEATURES, Kinematics.FEATURES);
    }

    /** Mutable training state of one member. */
    private static final class State {
        final INDArray parameters;
        final INDArray best;
        final AdamW optimizer;
        int epochsDone;
        int bestEpoch;
        double bestChi2 = Double.POSITIVE_INFINITY;
        double bestUntouchedChi2 = Double.NaN;
        double rateScale = 1;
        int rampStart;
        int evalsSinceBest;
        int restarts;
        final List<LearningCurve.Point> curve = new ArrayList<>();

        State(ParameterLayout layout, float[] initial, OptimizerConfig optimizerConfig) {
            parameters = Nd4j.createFromArray(initial);
            best = parameters.dup();
            ParameterLayout.Views views = layout.views(parameters);
            List<INDArray> kernels = new ArrayList<>(views.kernel());
            kernels.add(views.outputKernel());
            optimizer = new AdamW(
                    optimizerConfig,
                    layout.size(),
                    kernels,
                    parameters.dataType(),
                    layout.lambdaOffset(),
                    layout.groups());
        }

        void restore(Checkpoint c, String fingerprint, Path file) throws IOException {
            if (!c.fingerprint().equals(fingerprint)) {
                throw new IOException(file + ": this checkpoint was written by a run with other settings or data, so"
                        + " it cannot be resumed.\n  checkpoint: " + c.fingerprint() + "\n  this run:   " + fingerprint
                        + "\nDelete the file to start over, or train into another --out directory.");
            }
            parameters.assign(Nd4j.createFromArray(c.parameters()));
            best.assign(Nd4j.createFromArray(c.bestParameters()));
            optimizer.restore(c.firstMoment(), c.secondMoment(), c.optimizerSteps());
            epochsDone = c.epochsDone();
            bestEpoch = c.bestEpoch();
            bestChi2 = c.bestHeldOutChi2();
            bestUntouchedChi2 = c.bestUntouchedChi2();
            rateScale = c.rateScale();
            rampStart = c.rampStart();
            evalsSinceBest = c.evalsSinceBest();
            restarts = c.restarts();
            curve.addAll(c.curve());
        }

        Checkpoint toCheckpoint(String fingerprint, int member) {
            return new Checkpoint(
                    fingerprint,
                    member,
                    epochsDone,
                    optimizer.step(),
                    parameters.toFloatVector(),
                    optimizer.firstMoment().toFloatVector(),
                    optimizer.secondMoment().toFloatVector(),
                    best.toFloatVector(),
                    bestEpoch,
                    bestChi2,
                    bestUntouchedChi2,
                    rateScale,
                    rampStart,
                    evalsSinceBest,
                    restarts,
                    List.copyOf(curve));
        }
    }
}
