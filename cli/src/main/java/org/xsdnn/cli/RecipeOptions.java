package org.xsdnn.cli;

import org.xsdnn.trainer.OptimizerConfig;
import org.xsdnn.trainer.TrainerConfig;
import picocli.CommandLine.Option;

/**
 * The training settings that {@code train} and {@code finetune} share with the same defaults; those whose defaults
 * differ (rate, epochs, split, time limit) are in {@link TrainingOptions}, which holds this one.
 */
final class RecipeOptions {
    @Option(
            names = "--shape-lr",
            paramLabel = "<rate>",
            defaultValue = "" + TrainerConfig.DEFAULT_SHAPE_LEARNING_RATE,
            description = "AdamW learning rate of the shape phase. Default: ${DEFAULT-VALUE}.")
    double shapeLearningRate;

    @Option(
            names = "--weight-decay",
            paramLabel = "<wd>",
            defaultValue = "" + OptimizerConfig.DEFAULT_WEIGHT_DECAY,
            description = "AdamW decoupled weight decay of dense kernels. Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(
            names = "--lambda-lr-factor",
            paramLabel = "<f>",
            defaultValue = "" + OptimizerConfig.DEFAULT_LAMBDA_LEARNING_RATE_FACTOR,
            description = "Step size of the normalizations λ relative to the network's learning rate (0 keeps λ = 1)."
                    + " Default: ${DEFAULT-VALUE}.")
    double lambdaLrFactor;

    @Option(
            names = "--divergence-factor",
            paramLabel = "<f>",
            defaultValue = "" + TrainerConfig.DEFAULT_DIVERGENCE_FACTOR,
            description = "Divergence guard: a held-out χ²/N above f times the best restores the best state and halves"
                    + " the rate (0: off). Default: ${DEFAULT-VALUE}.")
    double divergenceFactor;

    @Option(
            names = "--batch",
            paramLabel = "<n>",
            defaultValue = "0",
            description = "Points per step of the χ² phase; 0 = full batch. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(
            names = "--eval-every",
            paramLabel = "<epochs>",
            defaultValue = "" + TrainerConfig.DEFAULT_EVAL_EVERY,
            description = "Held-out evaluation interval. Default: ${DEFAULT-VALUE}.")
    int evalEvery;

    @Option(
            names = "--seed",
            paramLabel = "<n>",
            defaultValue = "" + TrainerConfig.DEFAULT_SEED,
            description =
                    "Ensemble seed; member m derives its replica and initialization from (seed, m). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--split-seed",
            paramLabel = "<n>",
            defaultValue = "7",
            description = "Seed of the train/held-out split, shared by all members. Default: ${DEFAULT-VALUE}.")
    long splitSeed;

    @Option(
            names = "--no-bootstrap",
            description = "Train every member on the data as measured instead of its bootstrap replica.")
    boolean noBootstrap;

    @Option(
            names = "--bf16",
            description = "Matrix products of the training step in bfloat16 with fp32 accumulation (oneDNN), on CPUs"
                    + " with bf16 instructions (AVX512-BF16 or AMX; refused on others, where it would be slower than"
                    + " fp32); weights, gradients, optimizer and the held-out evaluation stay fp32. Measured: members"
                    + " 1.4× faster, a 50-member carbon ensemble's quality equal to fp32's within the spread of"
                    + " ensembles. Not the default, so that a run's settings never depend on the node it runs on"
                    + " (BENCHMARKS.md §1).")
    boolean bf16;

    /** The library's defaults with the settings given here; AdamW's β1, β2 and ε stay the library's. */
    TrainerConfig.Builder builder() {
        return TrainerConfig.builder()
                .optimizer(OptimizerConfig.defaults().with(weightDecay, lambdaLrFactor))
                .batchSize(batch)
                .evalEvery(evalEvery)
                .seed(seed)
                .bootstrap(!noBootstrap)
                .bf16Products(bf16)
                .divergenceFactor(divergenceFactor);
    }
}
