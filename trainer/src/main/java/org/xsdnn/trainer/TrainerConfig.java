package org.xsdnn.trainer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonView;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every setting of one training run; recorded in run.json and the model card's training section, and part of the
 * fingerprint that a resumed run and a merged shard must match. Build one with {@link #builder()}.
 *
 * <p>A member trains in two phases. The optional shape phase ({@link ShapePhase}) fits log σ with
 * every λ held at 1; then the χ² phase fits the loss of physics.md with fitted λ for up to
 * {@code epochs} epochs, with its own learning-rate warm-up and schedule.
 *
 * <p>A new setting is a component here (or in {@link NetworkConfig}, {@link OptimizerConfig}, {@link ShapePhase})
 * and its default in {@link Builder}: run.json, the run identity, the fingerprint and the card follow from the
 * component. Mark it {@code @JsonInclude(NON_DEFAULT)} with 0 or false meaning "as before", so that runs made
 * before it keep their identity and fingerprint ({@link NetworkConfig#fixedStatistics()} does); mark a rule that
 * only decides when to stop {@code @JsonView(StopRule.class)}.
 *
 * @param shape the log-σ warm-up before the χ² phase ({@link ShapePhase#NONE} for none)
 * @param learningRate peak AdamW learning rate of the χ² phase
 * @param warmupEpochs epochs of linear learning-rate warm-up from 0 to the peak, at the start of the χ² phase
 * @param schedule what happens after warm-up
 * @param epochs maximum number of χ²-phase epochs
 * @param batchSize points per step; 0 means the whole training set (full batch)
 * @param evalEvery epochs between held-out evaluations (the best held-out state is kept)
 * @param patience stop after this many epochs without a better held-out χ²/N; 0 never stops early
 * @param maxSeconds stop after this wall time (the best state so far is the result); 0 = no limit
 * @param seed ensemble seed; member m derives its own seeds from (seed, m)
 * @param bootstrap train member m on its bootstrap replica of the data (model A); false trains on
 *     the data as measured
 * @param checkpointSeconds minimum time between checkpoints, taken at evaluation epochs; 0 = at every evaluation
 * @param plateauEvals {@link Schedule#PLATEAU}: halve the rate after this many evaluations without a
 *     better held-out χ²/N
 * @param divergenceFactor the divergence guard: in the χ² phase, an evaluation whose held-out χ²/N
 *     exceeds this multiple of the best (or is not a number) restores the best state, restarts the
 *     optimizer's moments and halves the rate; 0 turns the guard off
 * @param bf16Products the fused engine's matrix products in bfloat16 with fp32 accumulation ({@link
 *     Matmul.Precision#BF16}); weights, gradients and optimizer stay fp32. False: fp32 products, as every run before
 */
public record TrainerConfig(
        NetworkConfig network,
        OptimizerConfig optimizer,
        ShapePhase shape,
        double learningRate,
        int warmupEpochs,
        Schedule schedule,
        int epochs,
        int batchSize,
        int evalEvery,
        @JsonView(StopRule.class) int patience,
        @JsonView(StopRule.class) double maxSeconds,
        long seed,
        boolean bootstrap,
        @JsonView(StopRule.class) double checkpointSeconds,
        int plateauEvals,
        double divergenceFactor,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean bf16Products) {

    /** The rate never falls below this fraction of the peak; a plateau schedule that gets there stops. */
    public static final double MIN_RATE_FRACTION = 1.0 / 64;

    /**
     * Jackson view of the stop rules: they decide when a member stops or checkpoints, not what an epoch computes, so
     * they are left out of the fingerprint and the model card, and a run may resume with other values.
     */
    public interface StopRule {}

    /** The fingerprint's names of the settings that checkpoints have named so since the first runs. */
    private static final Map<String, String> FINGERPRINT_NAMES = Map.of(
            "learningRate", "lr",
            "warmupEpochs", "warmup",
            "batchSize", "batch",
            "plateauEvals", "plateau",
            "divergenceFactor", "guard");

    /** Learning rate after warm-up. */
    public enum Schedule {
        /** Keep the peak rate (the published models). */
        CONSTANT,
        /** Cosine decay from the peak to 1 % of it at the last epoch. */
        COSINE,
        /** Keep the rate until the held-out χ²/N stops improving, then halve it; stop below {@link #MIN_RATE_FRACTION}. */
        PLATEAU
    }

    /**
     * The shape phase: minimize the mean of ½ (log r − log y)² over the points with y > 0, every λ
     * held at 1. From random weights, χ² spends its first minutes on the huge residuals of the
     * points with the smallest errors while the λ drift; fitting the logarithm first gets every
     * spectrum's shape to within tens of percent, after which χ² only refines (issue 8's probe,
     * measured again in BENCHMARKS.md).
     *
     * @param epochs epochs of the phase (0: no shape phase)
     * @param batchSize points per step (0: full batch)
     * @param learningRate constant AdamW rate of the phase
     */
    public record ShapePhase(int epochs, int batchSize, double learningRate) {
        public static final ShapePhase NONE = new ShapePhase(0, 0, 1e-3);

        public ShapePhase {
            if (epochs < 0 || batchSize < 0 || !(learningRate > 0)) {
                throw new IllegalArgumentException("shape phase: epochs >= 0, batch >= 0 and rate > 0 expected; got "
                        + epochs + ", " + batchSize + ", " + learningRate);
            }
        }
    }

    public TrainerConfig {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0; got " + learningRate);
        }
        if (epochs < 1 || evalEvery < 1 || batchSize < 0 || warmupEpochs < 0 || patience < 0 || plateauEvals < 0) {
            throw new IllegalArgumentException(
                    "epochs >= 1, eval-every >= 1, batch >= 0, warm-up >= 0, patience >= 0, plateau >= 0 expected");
        }
        if (schedule == Schedule.PLATEAU && plateauEvals < 1) {
            throw new IllegalArgumentException("the plateau schedule needs plateau evaluations >= 1");
        }
        if (!(divergenceFactor == 0 || divergenceFactor > 1)) {
            throw new IllegalArgumentException("divergence factor = " + divergenceFactor + "; expected 0 (off) or > 1");
        }
    }

    /** Epochs of both phases together: the epoch counter of checkpoints and learning curves. */
    public int totalEpochs() {
        return shape.epochs() + epochs;
    }

    /**
     * Learning rate at 0-based epoch {@code epoch} of the χ² phase, before any halving by the plateau
     * schedule or the divergence guard. The linear warm-up runs over the {@code warmupEpochs} epochs
     * after {@code rampStart}: the start of the phase, or the epoch the divergence guard last
     * restarted the optimizer (a fresh Adam takes steps of the full rate on every parameter at once).
     */
    public double learningRateAt(int epoch, int rampStart) {
        double ramp = epoch - rampStart < warmupEpochs ? (double) (epoch - rampStart + 1) / warmupEpochs : 1;
        return ramp
                * switch (schedule) {
                    case CONSTANT, PLATEAU -> learningRate;
                    case COSINE -> {
                        double progress = (double) (epoch - warmupEpochs) / Math.max(1, epochs - warmupEpochs - 1);
                        yield learningRate
                                * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * Math.max(0, Math.min(1.0, progress)))));
                    }
                };
    }

    /** The same settings with the stop rules (patience, time limit, checkpoint interval) cleared. */
    public TrainerConfig withoutStopRules() {
        return Settings.withoutStopRules(this);
    }

    /**
     * The settings that change the trained weights, as one string: every component but the stop rules, in
     * declaration order, records as {@link Settings} writes them.
     */
    public String fingerprint() {
        return Settings.components(this).entrySet().stream()
                .map(e -> FINGERPRINT_NAMES.getOrDefault(e.getKey(), e.getKey()) + "=" + Settings.of(e.getValue()))
                .collect(Collectors.joining(";"));
    }

    /**
     * The recipe of {@code xsdnn train}, which trained carbon-a2: the paper's network, AdamW's defaults, a 700-epoch
     * full-batch shape phase at 2e-3, then up to 20000 full-batch χ² epochs at 2e-4 after a 100-epoch warm-up, the
     * plateau schedule (halving after 10 evaluations without progress, one every 10 epochs) and the divergence guard at
     * 10; seed 2024, bootstrap replicas, no early stop, no time limit, checkpoints at most once a minute.
     */
    public static Builder builder() {
        return new Builder();
    }

    /*
     * The defaults of builder() that command-line options also show: constants, so that an option's default names
     * them instead of restating the number (picocli takes "" + CONSTANT, a compile-time constant).
     */
    public static final int DEFAULT_SHAPE_EPOCHS = 700;
    public static final double DEFAULT_SHAPE_LEARNING_RATE = 2e-3;
    public static final double DEFAULT_LEARNING_RATE = 2e-4;
    public static final int DEFAULT_WARMUP_EPOCHS = 100;
    public static final int DEFAULT_EPOCHS = 20000;
    public static final int DEFAULT_EVAL_EVERY = 10;
    public static final long DEFAULT_SEED = 2024;
    public static final int DEFAULT_PLATEAU_EVALS = 10;
    public static final double DEFAULT_DIVERGENCE_FACTOR = 10;
    /** Not a compile-time constant (an enum), so an option names it through a default provider instead. */
    public static final Schedule DEFAULT_SCHEDULE = Schedule.PLATEAU;

    /** Settings by name, from the defaults of {@link #builder()}; the record's constructor checks them. */
    public static final class Builder {
        private NetworkConfig network = NetworkConfig.paperDefault();
        private OptimizerConfig optimizer = OptimizerConfig.defaults();
        private ShapePhase shape = new ShapePhase(DEFAULT_SHAPE_EPOCHS, 0, DEFAULT_SHAPE_LEARNING_RATE);
        private double learningRate = DEFAULT_LEARNING_RATE;
        private int warmupEpochs = DEFAULT_WARMUP_EPOCHS;
        private Schedule schedule = DEFAULT_SCHEDULE;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = 0;
        private int evalEvery = DEFAULT_EVAL_EVERY;
        private int patience = 0;
        private double maxSeconds = 0;
        private long seed = DEFAULT_SEED;
        private boolean bootstrap = true;
        private double checkpointSeconds = 60;
        private int plateauEvals = DEFAULT_PLATEAU_EVALS;
        private double divergenceFactor = DEFAULT_DIVERGENCE_FACTOR;
        private boolean bf16Products = false;

        private Builder() {}

        public Builder network(NetworkConfig value) {
            network = value;
            return this;
        }

        public Builder optimizer(OptimizerConfig value) {
            optimizer = value;
            return this;
        }

        public Builder shape(ShapePhase value) {
            shape = value;
            return this;
        }

        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        public Builder warmupEpochs(int value) {
            warmupEpochs = value;
            return this;
        }

        public Builder schedule(Schedule value) {
            schedule = value;
            return this;
        }

        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder evalEvery(int value) {
            evalEvery = value;
            return this;
        }

        public Builder patience(int value) {
            patience = value;
            return this;
        }

        public Builder maxSeconds(double value) {
            maxSeconds = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder bootstrap(boolean value) {
            bootstrap = value;
            return this;
        }

        public Builder checkpointSeconds(double value) {
            checkpointSeconds = value;
            return this;
        }

        public Builder plateauEvals(int value) {
            plateauEvals = value;
            return this;
        }

        public Builder divergenceFactor(double value) {
            divergenceFactor = value;
            return this;
        }

        public Builder bf16Products(boolean value) {
            bf16Products = value;
            return this;
        }

        public TrainerConfig build() {
            return new TrainerConfig(
                    network,
                    optimizer,
                    shape,
                    learningRate,
                    warmupEpochs,
                    schedule,
                    epochs,
                    batchSize,
                    evalEvery,
                    patience,
                    maxSeconds,
                    seed,
                    bootstrap,
                    checkpointSeconds,
                    plateauEvals,
                    divergenceFactor,
                    bf16Products);
        }
    }
}
