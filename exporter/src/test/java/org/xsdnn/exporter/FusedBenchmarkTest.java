package org.xsdnn.exporter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.FusedModel;
import org.xsdnn.runtime.ScoringOptions;

/**
 * Time per call of the fused file against member-by-member scoring (one session per member file), one intra-op
 * thread each. Off by default; run with
 * {@code ./mvnw -B -o test -pl exporter -Dtest=FusedBenchmarkTest -Dxsdnn.bench=true [-Dxsdnn.bench.members=50]}.
 */
@EnabledIfSystemProperty(named = "xsdnn.bench", matches = "true")
class FusedBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void fusedAgainstMemberByMember() throws Exception {
        int members = Integer.getInteger("xsdnn.bench.members", 10);
        List<NetworkWeights> nets =
                FusedEnsembleTest.networks(members, 5000, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300);
        Path fused = tmp.resolve("fused.onnx");
        FusedEnsemble.write(nets, 12, Map.of(), fused, false);
        Path dir = tmp.resolve("members");
        VerificationPoints grid = VerificationPoints.carbonGrid();
        List<double[]> expected = new ArrayList<>();
        for (NetworkWeights net : nets) {
            expected.add(net.forward(grid.features(), grid.size()));
        }
        ModelDirectoryWriter.write(dir, TestCards.card(members), nets, grid.features(), grid.size(), expected);
        try (FusedModel model = FusedModel.open(fused, ScoringOptions.defaults());
                Ensemble ensemble = Ensemble.open(dir, ScoringOptions.defaults())) {
            for (int n : new int[] {1, 16, 64, 256, 1000}) {
                VerificationPoints pts = CarbonPoints.first(n);
                int reps = Math.max(3, 200 / n);
                double bestFused = Double.MAX_VALUE;
                double bestMembers = Double.MAX_VALUE;
                for (int round = 0; round < 5; round++) {
                    long t0 = System.nanoTime();
                    for (int r = 0; r < reps; r++) {
                        model.score(pts.energyGeV(), pts.thetaDeg(), pts.omegaGeV());
                    }
                    long t1 = System.nanoTime();
                    for (int r = 0; r < reps; r++) {
                        ensemble.score(pts.energyGeV(), pts.thetaDeg(), pts.omegaGeV());
                    }
                    long t2 = System.nanoTime();
                    bestFused = Math.min(bestFused, (t1 - t0) / 1e6 / reps);
                    bestMembers = Math.min(bestMembers, (t2 - t1) / 1e6 / reps);
                }
                System.out.printf(
                        Locale.ROOT,
                        "M=%d 10x300 N=%4d: fused %8.2f ms/call, member-by-member %8.2f ms/call," + " ratio %.2f%n",
                        members,
                        n,
                        bestFused,
                        bestMembers,
                        bestMembers / bestFused);
            }
        }
    }

    @Test
    void mcDropoutPasses() throws Exception {
        int passes = Integer.getInteger("xsdnn.bench.members", 10);
        NetworkWeights net = new NetworkWeights(
                FusedEnsembleTest.networks(1, 6000, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300)
                        .get(0)
                        .hidden(),
                FusedEnsembleTest.networks(1, 6000, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300)
                        .get(0)
                        .output(),
                0.01);
        Path file = tmp.resolve("mc.onnx");
        McDropoutExport.write(net, passes, 1, 12, file);
        try (FusedModel model = FusedModel.open(file, ScoringOptions.defaults())) {
            for (int n : new int[] {1, 16, 64, 256, 1000}) {
                VerificationPoints pts = CarbonPoints.first(n);
                int reps = Math.max(3, 200 / n);
                double best = Double.MAX_VALUE;
                for (int round = 0; round < 5; round++) {
                    long t0 = System.nanoTime();
                    for (int r = 0; r < reps; r++) {
                        model.score(pts.energyGeV(), pts.thetaDeg(), pts.omegaGeV());
                    }
                    best = Math.min(best, (System.nanoTime() - t0) / 1e6 / reps);
                }
                System.out.printf(Locale.ROOT, "MC dropout T=%d 10x300 N=%4d: %8.2f ms/call%n", passes, n, best);
            }
        }
    }
}
