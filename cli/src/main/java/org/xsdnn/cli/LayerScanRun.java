package org.xsdnn.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.report.LayerScanChart;
import org.xsdnn.trainer.LayerScan;
import org.xsdnn.trainer.TrainingRun;

/**
 * The layer scan of {@code finetune}: one fine-tune per L, each into its own run in --out (L01, L02, …), and after
 * every L the table ({@link LayerScan}) and its chart ({@link LayerScanChart}) written again. It joins trainer and
 * report, which the report may not do itself (it never depends on the trainer).
 */
final class LayerScanRun {
    static final String CSV = "layer-scan.csv";
    static final String PNG = "layer-scan.png";

    /** Fine-tunes the scan's members with L trainable layers into {@code directory} and returns the run. */
    @FunctionalInterface
    interface FineTune {
        TrainingRun train(int trainableLayers, Path directory) throws Exception;
    }

    private LayerScanRun() {}

    /** Scans {@code layers} for the members of {@code training}; their untuned parents are the baseline. */
    static void scan(TrainingOptions training, LayerList layers, ParentModel parent, String target, FineTune fineTune)
            throws Exception {
        Path out = training.out;
        MemberRange members = training.members;
        List<NetworkWeights> parents = new ArrayList<>();
        for (int m = members.first(); m <= members.last(); m++) {
            parents.add(parent.member(m).network());
        }
        String title = String.format(Locale.ROOT, "%s, %.0f %% training: layer scan", target, 100 * training.split);
        LayerScan table = null;
        List<LayerScanChart.Point> points = new ArrayList<>();
        for (int l : layers.layers()) {
            TrainingRun run = fineTune.train(l, out.resolve(String.format(Locale.ROOT, "L%02d", l)));
            if (table == null) {
                table = new LayerScan(parents, run.heldOutPoints());
            }
            points.add(new LayerScanChart.Point(
                    l, table.add(run, l, members.first(), members.last()).heldOutChi2()));
            // Written after every L, so a scan cut short still leaves its table.
            AtomicFiles.write(out.resolve(CSV), table.csv().getBytes(StandardCharsets.UTF_8));
            LayerScanChart.write(out.resolve(PNG), title, points, table.baseline());
        }
        training.err()
                .printf(
                        Locale.ROOT,
                        "%s: layer scan written to %s and %s%n",
                        training.command.qualifiedName(),
                        out.resolve(CSV),
                        out.resolve(PNG));
    }
}
