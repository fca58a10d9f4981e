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
     * @param dataIdentity identifies the data, split and cut; part of the checkpoint fingerprint
     * @param checkpoint file to resume from and to write; null trains without checkpoints
     */
    public MemberResult train(int member, TrainingData train, TrainingData heldOut, String dataIdentity, Path checkpoint)
            throws IOException {
        ParameterLayout layout = new ParameterLayout(config.network(), train.groups());
        String fingerprint = config.fingerprint() + ";data=" + dataIdentity + ";member=" + member;
        State state = new State(layout, Initializer.initial(layout, RandomStreams.of(config.seed(), member,
                RandomStreams.INITIALIZATION, 0).nextLong(), train.y()), config.optimizer());
        if (checkpoint != null && Files.exists(checkpoint)) {
            state.restore(Checkpoint.read(checkpoint), fingerprint, checkpoint);
        }
        FusedEngine engine = new FusedEngine(layout);
        INDArray trainX = matrix(train.features());
        INDArray heldOutX = matrix(heldOut.features());
        INDArray gradient = Nd4j.zeros(DataType.FLOAT, layout.size());
        double secondsBefore = state.curve.isEmpty() ? 0 : state.curve.get(state.curve.size() - 1).seconds();
        long start = System.nanoTime();
        long lastCheckpoint = start;
        int epochAtLastEval = state.epochsDone;
        long timeAtLastEval = start;
        double lossSum = 0;
        int lossEpochs = 0;
        while (state.epochsDone < config.epochs()) {
            int epoch = state.epochsDone;
            lossSum += runEpoch(engine, state, train, trainX, gradient, member, epoch);
            lossEpochs++;
            state.epochsDone++;
            double elapsed = (System.nanoTime() - start) / 1e9;
            boolean outOfTime = config.maxSeconds() > 0 && elapsed >= config.maxSeconds();
            boolean last = state.epochsDone == config.epochs();
            if (state.epochsDone % config.evalEvery() != 0 && !last && !outOfTime) {
                continue;
            }
            double trainChi2 = 2 * lossSum / lossEpochs / train.size();
            lossSum = 0;
            lossEpochs = 0;
            double chi2 = evaluate(engine, state.parameters, trainX, heldOut, heldOutX);
            // Without held-out points the latest state is the result; a NaN χ² is never better.
            if (heldOut.size() == 0 || chi2 < state.bestChi2) {
                state.best.assign(state.parameters);
                state.bestChi2 = chi2;
                state.bestEpoch = state.epochsDone;
            }
            state.curve.add(new LearningCurve.Point(state.epochsDone, trainChi2, chi2, secondsBefore + elapsed));
            long now = System.nanoTime();
            double secondsPerEpoch = (now - timeAtLastEval) / 1e9 / Math.max(1, state.epochsDone - epochAtLastEval);
            epochAtLastEval = state.epochsDone;
            timeAtLastEval = now;
            progress.evaluated(member, state.epochsDone, config.epochs(), trainChi2, chi2, state.bestChi2, secondsPerEpoch);
            boolean stalled = config.patience() > 0 && state.epochsDone - state.bestEpoch >= config.patience();
            boolean stopping = last || outOfTime || stalled;
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
        return new MemberResult(member, weights(layout, state.best, statistics), layout.views(state.best).lambda().toDoubleVector(),
                state.bestChi2, state.bestEpoch, state.epochsDone, seconds, List.copyOf(state.curve));
    }

    private double runEpoch(FusedEngine engine, State state, TrainingData train, INDArray trainX, INDArray gradient,
                            int member, int epoch) {
        int n = train.size();
        int batch = config.batchSize() == 0 ? n : Math.min(config.batchSize(), n);
        double learningRate = config.learningRateAt(epoch);
        SplittableRandom dropout = RandomStreams.of(config.seed(), member, RandomStreams.DROPOUT, epoch);
        if (batch == n) {
            Batch all = new Batch(trainX, train.y(), train.error(), train.group(), train.groupUncertainty(), 1.0,
                    masks(dropout, n));
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
            Batch b = new Batch(matrix(part.features()), part.y(), part.error(), part.group(), part.groupUncertainty(),
                    (double) n / indices.length, masks(dropout, indices.length));
            lossSum += engine.lossAndGradient(state.parameters, b, gradient);
            state.optimizer.update(state.parameters, gradient, learningRate);
            steps++;
        }
        return lossSum / steps;
    }

    /** Dropout masks made on the host: values 0 (probability p) or 1/(1−p). */
    private List<INDArray> masks(SplittableRandom random, int rows) {
        double p = config.network().dropout();
        if (p == 0) {
            return List.of();
        }
        int width = config.network().width();
        float keep = (float) (1.0 / (1.0 - p));
        List<INDArray> masks = new ArrayList<>();
        for (int l = 0; l < config.network().hiddenLayers(); l++) {
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

    private double evaluate(FusedEngine engine, INDArray parameters, INDArray trainX, TrainingData heldOut, INDArray heldOutX) {
        if (heldOut.size() == 0) {
            return Double.NaN;
        }
        BatchNormStatistics statistics = engine.statistics(parameters, trainX);
        double[] r = engine.predict(parameters, statistics, heldOutX);
        ParameterLayout layout = new ParameterLayout(config.network(), heldOut.groups());
        double[] lambda = layout.views(parameters).lambda().toDoubleVector();
        return Chi2.perPoint(r, heldOut.y(), heldOut.error(), heldOut.group(), lambda, heldOut.groupUncertainty());
    }

    static INDArray matrix(float[] features) {
        return Nd4j.createFromArray(features).reshape(features.length / Kinematics.FEATURES, Kinematics.FEATURES);
    }

    /** Plain-array weights of a parameter vector with its inference statistics, for export. */
    static NetworkWeights weights(ParameterLayout layout, INDArray parameters, BatchNormStatistics statistics) {
        ParameterLayout.Views v = layout.views(parameters);
        NetworkConfig net = layout.network();
        List<NetworkWeights.Layer> hidden = new ArrayList<>();
        for (int l = 0; l < net.hiddenLayers(); l++) {
            NetworkWeights.BatchNorm bn = new NetworkWeights.BatchNorm(v.gamma().get(l).toFloatVector(),
                    v.beta().get(l).toFloatVector(), statistics.mean()[l], statistics.variance()[l], net.batchNormEpsilon());
            hidden.add(new NetworkWeights.Layer(layout.inputsOf(l), net.width(), v.kernel().get(l).dup('c').data().asFloat(),
                    v.bias().get(l).toFloatVector(), bn));
        }
        NetworkWeights.Layer output = new NetworkWeights.Layer(net.width(), 1, v.outputKernel().dup('c').data().asFloat(),
                v.outputBias().toFloatVector(), null);
        return new NetworkWeights(hidden, output, net.dropout());
    }

    /** Mutable training state of one member. */
    private static final class State {
        final INDArray parameters;
        final INDArray best;
        final AdamW optimizer;
        int epochsDone;
        int bestEpoch;
        double bestChi2 = Double.POSITIVE_INFINITY;
        final List<LearningCurve.Point> curve = new ArrayList<>();

        State(ParameterLayout layout, float[] initial, OptimizerConfig optimizerConfig) {
            parameters = Nd4j.createFromArray(initial);
            best = parameters.dup();
            ParameterLayout.Views views = layout.views(parameters);
            List<INDArray> kernels = new ArrayList<>(views.kernel());
            kernels.add(views.outputKernel());
            optimizer = new AdamW(optimizerConfig, layout.size(), kernels, parameters.dataType(), layout.lambdaOffset(),
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
            curve.addAll(c.curve());
        }

        Checkpoint toCheckpoint(String fingerprint, int member) {
            return new Checkpoint(fingerprint, member, epochsDone, optimizer.step(), parameters.toFloatVector(),
                    optimizer.firstMoment().toFloatVector(), optimizer.secondMoment().toFloatVector(), best.toFloatVector(),
                    bestEpoch, bestChi2, List.copyOf(curve));
        }
    }
}
