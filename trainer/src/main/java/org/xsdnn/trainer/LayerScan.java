package org.xsdnn.trainer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.xsdnn.core.NetworkWeights;

/**
 * The layer scan's table: for each number L of trainable layers, the held-out χ²/N of every fine-tuned member, beside
 * the baseline (the untuned parents scaled by A/12, every λ = 1), as the TL study compares them.
 */
public final class LayerScan {
    /** The CSV header, one row per L. */
    public static final String CSV_HEADER =
            "trainable_layers,members,heldout_chi2_mean,heldout_chi2_min," + "heldout_chi2_max,baseline_heldout_chi2";

    private final double baseline;
    private final List<Row> rows = new ArrayList<>();

    /** The held-out χ²/N of each member (in member order) fine-tuned with L trainable layers. */
    public record Row(int trainableLayers, double[] heldOutChi2) {}

    /**
     * @param parents the untuned parent of each member of the scan
     * @param heldOut the held-out points, the same for every L (the split depends on the data and its seed only)
     */
    public LayerScan(List<NetworkWeights> parents, TrainingData heldOut) {
        double[] ones = new double[heldOut.groups()];
        Arrays.fill(ones, 1.0);
        double sum = 0;
        for (NetworkWeights parent : parents) {
            double[] r = parent.forward(heldOut.features(), heldOut.size());
            sum += Chi2.perPoint(r, heldOut.y(), heldOut.error(), heldOut.group(), ones, heldOut.groupUncertainty());
        }
        baseline = sum / parents.size();
    }

    /** Mean held-out χ²/N of the untuned parents. */
    public double baseline() {
        return baseline;
    }

    /** Adds the row of a finished run with L trainable layers, from the records of members {@code first..last}. */
    public Row add(TrainingRun run, int trainableLayers, int first, int last) throws IOException {
        double[] chi2 = new double[last - first + 1];
        for (int m = first; m <= last; m++) {
            chi2[m - first] = MemberRecord.read(run.directory().resolve(MemberRecord.fileName(m)))
                    .heldOutChi2PerPoint();
        }
        Row row = new Row(trainableLayers, chi2);
        rows.add(row);
        return row;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The table so far, header included. */
    public String csv() {
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (Row row : rows) {
            double[] chi2 = row.heldOutChi2();
            csv.append(String.format(
                    Locale.ROOT,
                    "%d,%d,%.6g,%.6g,%.6g,%.6g%n",
                    row.trainableLayers(),
                    chi2.length,
                    Arrays.stream(chi2).average().orElseThrow(),
                    Arrays.stream(chi2).min().orElseThrow(),
                    Arrays.stream(chi2).max().orElseThrow(),
                    baseline));
        }
        return csv.toString();
    }
}
