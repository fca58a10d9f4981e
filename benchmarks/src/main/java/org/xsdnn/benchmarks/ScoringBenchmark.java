package org.xsdnn.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.exporter.FusedEnsemble;
import org.xsdnn.exporter.McDropoutExport;
import org.xsdnn.exporter.NuwroProfile;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.FusedModel;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringOptions;
import org.xsdnn.trainer.Initializer;
import org.xsdnn.trainer.NetworkConfig;

/**
 * Scoring throughput of a 50-member ensemble of the paper's 10×300 network: the fused file (one
 * session) against member-by-member scoring (one session per member file, {@link Ensemble}) for
 * batches of N points, NuWro's way, one event at a time, and model B's file of {@code members} frozen
 * MC-dropout passes of one network. Time per call; points/s = N / time.
 * One member-point costs about 1.64 MFLOP (2 × 8.2·10⁵ multiply-adds).
 *
 * <p>Run: benchmarks/scoring.sh (JMH options pass through).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ScoringBenchmark {
    @Param({"50"})
    int members;

    @Param({"1", "100", "10000", "100000"})
    int points;

    @Param({"1", "2"})
    int threads;

    private Path dir;
    private Ensemble ensemble;
    private FusedModel fused;
    private FusedModel mcDropout;
    private double[] energy;
    private double[] theta;
    private double[] omega;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("xsdnn-scoring-bench");
        List<NetworkWeights> networks = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            networks.add(Initializer.untrainedNetwork(NetworkConfig.paperDefault(), m));
        }
        NuwroProfile.write(networks, "bench", 12, dir.resolve("members"));
        FusedEnsemble.write(networks, 12, Map.of(), dir.resolve("fused.onnx"), false);
        NetworkConfig modelB = new NetworkConfig(
                NetworkConfig.DEFAULT_HIDDEN_LAYERS,
                NetworkConfig.DEFAULT_WIDTH,
                0.01,
                NetworkConfig.DEFAULT_BATCH_NORM_EPSILON);
        McDropoutExport.write(Initializer.untrainedNetwork(modelB, 0), members, 1, 12, dir.resolve("mc-dropout.onnx"));
        ScoringOptions options = new ScoringOptions(threads, ScoringOptions.Device.CPU);
        ensemble = Ensemble.open(dir.resolve("members"), options);
        fused = FusedModel.open(dir.resolve("fused.onnx"), options);
        mcDropout = FusedModel.open(dir.resolve("mc-dropout.onnx"), options);
        SplittableRandom random = new SplittableRandom(1);
        energy = new double[points];
        theta = new double[points];
        omega = new double[points];
        for (int i = 0; i < points; i++) {
            energy[i] = 0.2 + 5.5 * random.nextDouble();
            theta[i] = 10 + 130 * random.nextDouble();
            omega[i] = energy[i] * 0.8 * random.nextDouble();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        ensemble.close();
        fused.close();
        mcDropout.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public Prediction fusedFile() throws Exception {
        return fused.score(energy, theta, omega);
    }

    @Benchmark
    public Prediction mcDropoutPasses() throws Exception {
        return mcDropout.score(energy, theta, omega);
    }

    @Benchmark
    public Prediction memberByMember() throws Exception {
        return ensemble.score(energy, theta, omega);
    }

    /** NuWro's pattern: every event scored alone (only run with small N; its cost is per point). */
    @Benchmark
    public double perEvent() throws Exception {
        double sum = 0;
        for (int i = 0; i < Math.min(points, 100); i++) {
            sum += ensemble.score(new double[] {energy[i]}, new double[] {theta[i]}, new double[] {omega[i]})
                    .mean()[0];
        }
        return sum;
    }
}
