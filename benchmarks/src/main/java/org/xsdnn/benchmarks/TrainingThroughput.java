package org.xsdnn.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.xsdnn.data.QesArchive;
import org.xsdnn.data.QesDataset;
import org.xsdnn.data.Selection;
import org.xsdnn.data.Split;
import org.xsdnn.trainer.AdamW;
import org.xsdnn.trainer.Batch;
import org.xsdnn.trainer.FusedEngine;
import org.xsdnn.trainer.GradientEngine;
import org.xsdnn.trainer.Initializer;
import org.xsdnn.trainer.Matmul;
import org.xsdnn.trainer.NetworkConfig;
import org.xsdnn.trainer.OptimizerConfig;
import org.xsdnn.trainer.ParameterLayout;
import org.xsdnn.trainer.SameDiffEngine;
import org.xsdnn.trainer.TrainingData;
import org.xsdnn.trainer.TrainingRun;

/**
 * Training-step throughput of one member of the paper's network on the real carbon training set
 * (90 % split), full batch: loss and gradient for an engine ({@code samediff}, {@code fused}), or a
 * whole optimization step, gradient plus AdamW update ({@code fused+adamw}). Prints one CSV line:
 * engine, points, steps, seconds, samples/s, GFLOP/s (6 × parameters × samples, the usual
 * forward + backward estimate). Peak memory is measured from outside (bench/training.sh). {@code gemm} runs the
 * step's matrix products alone ({@link GemmOnlyStep}) as the fused engine does them (oneDNN): the rest of the fused
 * step's time is its element-wise work; {@code gemm-openblas} runs them with ND4J's OpenBLAS.
 *
 * <p>Usage: TrainingThroughput &lt;qes dir&gt; samediff|fused|fused+adamw|gemm|gemm-openblas, the last four also with -bf16 (but
 * gemm-openblas) &lt;seconds&gt;
 */
public final class TrainingThroughput {
    private TrainingThroughput() {}

    private static void step(GradientEngine engine, AdamW adam, INDArray params, Batch batch, INDArray gradient) {
        engine.lossAndGradient(params, batch, gradient);
        if (adam != null) {
            adam.update(params, gradient, 1e-4);
        }
    }

    public static void main(String[] args) throws Exception {
        QesDataset carbon = QesArchive.open(Path.of(args[0])).load(Selection.carbonPaper());
        Split split = Split.random(carbon.size(), 0.9, 7);
        TrainingData train = TrainingRun.trainingDataOf(carbon).subset(split.train());
        String engineName = args[1];
        double seconds = Double.parseDouble(args[2]);
        ParameterLayout layout = new ParameterLayout(NetworkConfig.paperDefault(), train.groups());
        INDArray params = Nd4j.createFromArray(Initializer.initial(layout, 1, train.y()));
        INDArray gradient = Nd4j.zeros(DataType.FLOAT, layout.size());
        int n = train.size();
        Batch batch = new Batch(
                Nd4j.createFromArray(train.features()).reshape(n, 5),
                train.y(),
                train.error(),
                train.group(),
                train.groupUncertainty(),
                1.0,
                List.of());
        ParameterLayout.Views views = layout.views(params);
        List<INDArray> kernels = new java.util.ArrayList<>(views.kernel());
        kernels.add(views.outputKernel());
        // "-bf16": the fused engine's (or gemm's) products in bfloat16 (Matmul.Precision.BF16)
        boolean bf16 = engineName.endsWith("-bf16");
        String base = bf16 ? engineName.substring(0, engineName.length() - "-bf16".length()) : engineName;
        Matmul.Precision precision = bf16 ? Matmul.Precision.BF16 : Matmul.Precision.FP32;
        AdamW adam = base.endsWith("+adamw")
                ? new AdamW(
                        OptimizerConfig.defaults(),
                        layout.size(),
                        kernels,
                        DataType.FLOAT,
                        layout.lambdaOffset(),
                        layout.groups())
                : null;
        if (base.startsWith("gemm")) {
            GemmOnlyStep gemm = new GemmOnlyStep(
                    layout.network(),
                    batch.x(),
                    base.equals("gemm-openblas")
                            ? GemmOnlyStep.Product.OPENBLAS
                            : (a, b, c, ta, tb) -> Matmul.ofThisThread().multiply(a, b, c, ta, tb, precision));
            report(engineName, n, layout.size(), seconds, gemm::run);
            return;
        }
        try (GradientEngine engine = base.equals("samediff")
                ? new SameDiffEngine(layout, DataType.FLOAT)
                : new FusedEngine(layout, precision)) {
            report(engineName, n, layout.size(), seconds, () -> step(engine, adam, params, batch, gradient));
        }
    }

    /**
     * Warm-up before timing: C2 compiles the Vector API kernels for about the first 10 s of a step loop (measured: 4 s
     * of its thread's time within the first 20 s, none after). Timed from the start, a short run counted that, and on
     * the idle second core, so a lone process looked faster and two at once slower than either is in training.
     */
    private static final double WARMUP_SECONDS = 12;

    /**
     * Runs {@code step} for {@code seconds} after at least 3 warm-up calls, going on warming up for {@link
     * #WARMUP_SECONDS} (at most {@code seconds}), and prints the CSV line.
     */
    private static void report(String engine, int n, long parameters, double seconds, Runnable step) {
        long warmup = System.nanoTime();
        for (int i = 0; i < 3 || (System.nanoTime() - warmup) / 1e9 < Math.min(WARMUP_SECONDS, seconds); i++) {
            step.run(); // graph build, workspace sizing, JIT
        }
        long start = System.nanoTime();
        int steps = 0;
        while ((System.nanoTime() - start) / 1e9 < seconds) {
            step.run();
            steps++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double samplesPerSecond = (double) steps * n / elapsed;
        System.out.printf(
                Locale.ROOT,
                "%s,%d,%d,%.2f,%.0f,%.1f%n",
                engine,
                n,
                steps,
                elapsed,
                samplesPerSecond,
                6.0 * parameters * samplesPerSecond / 1e9);
    }
}
