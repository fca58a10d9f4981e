package org.xsdnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.data.DataFormatException;
import org.xsdnn.data.QesArchive;
import org.xsdnn.data.QesDataset;
import org.xsdnn.exporter.TrainedMembers;
import org.xsdnn.trainer.MemberRecord;
import org.xsdnn.trainer.RunManifest;
import org.xsdnn.trainer.SameDiffInference;
import org.xsdnn.trainer.TrainingData;
import org.xsdnn.trainer.TrainingRun;

/**
 * The finished members of a training run, as the exporter takes them. Here and not in the exporter: reading a run
 * (run.json, member records, the trainer's own outputs for verification) needs the trainer, and the exporter must
 * not depend on it (ND4J); the trainer, in turn, does not depend on the exporter. The card's sections come from the
 * trainer's records themselves.
 *
 * @param failed members left out because their training failed (why, per member)
 */
record RunMembers(TrainedMembers members, List<String> failed) {
    /** @param range the finished members to export; null: every finished member */
    static RunMembers read(Path runDir, Path dataDir, MemberRange range, String name, String notes, String version)
            throws IOException, DataFormatException, XsdnnException {
        RunManifest manifest = RunManifest.read(runDir);
        QesDataset dataset = QesArchive.open(dataDir).load(manifest.selection());
        if (!dataset.files().equals(manifest.dataFiles())) {
            throw new XsdnnException(
                    ExitCodes.BAD_DATA,
                    dataDir + ": these archive files differ from the ones " + runDir
                            + " was trained on.\nIn run.json:\n" + nameAndSha256(manifest.dataFiles()) + "Found:\n"
                            + nameAndSha256(dataset.files()) + "Export with the data the run was trained on.",
                    null);
        }
        TrainingRun run = TrainingRun.reopen(runDir, dataset);
        List<MemberRecord> finished = MemberRecord.listFinished(runDir).stream()
                .filter(r -> range == null || (r.member() >= range.first() && r.member() <= range.last()))
                .toList();
        if (finished.isEmpty()) {
            throw new XsdnnException(
                    ExitCodes.USAGE,
                    runDir + ": no finished member to export; train first (xsdnn train --out " + runDir + ").",
                    null);
        }
        String identity = manifest.identity();
        for (MemberRecord r : finished) {
            if (!identity.equals(r.runIdentity())) {
                throw new XsdnnException(
                        ExitCodes.BAD_MODEL,
                        String.format(
                                Locale.ROOT,
                                "%s: member %02d was"
                                        + " trained with other settings or data than run.json records (run identity %s, run.json %s);"
                                        + " a card could not describe it. Move it to its own run or retrain it.",
                                runDir,
                                r.member(),
                                r.runIdentity(),
                                identity),
                        null);
            }
        }
        // A failed member (e.g. λ pushed outside its prior) is never shipped.
        List<MemberRecord> records =
                finished.stream().filter(r -> r.failure() == null).toList();
        List<String> failed = finished.stream()
                .filter(r -> r.failure() != null)
                .map(r -> String.format(Locale.ROOT, "member %02d: %s", r.member(), r.failure()))
                .toList();
        if (records.isEmpty()) {
            throw new XsdnnException(
                    ExitCodes.BAD_MODEL,
                    runDir + ": every finished member failed, nothing to export:\n  " + String.join("\n  ", failed),
                    null);
        }
        TrainingData train = run.trainPoints();
        TrainingData heldOut = run.heldOutPoints();
        List<NetworkWeights> networks = new ArrayList<>();
        List<double[]> expected = new ArrayList<>();
        double[] meanHeldOutR = new double[heldOut.size()];
        for (MemberRecord record : records) {
            NetworkWeights weights = run.weights(record.member());
            networks.add(weights);
            expected.add(SameDiffInference.predict(weights, train.features()));
            double[] r = SameDiffInference.predict(weights, heldOut.features());
            for (int i = 0; i < r.length; i++) {
                meanHeldOutR[i] += r[i] / records.size();
            }
        }
        List<ModelCard.Member> cardMembers =
                records.stream().map(MemberRecord::cardMember).toList();
        ModelCard card = new ModelCard(
                name,
                version,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                manifest.target(),
                ModelCard.Contract.xsdnn1(),
                cardMembers,
                manifest.cardTraining(),
                manifest.cardData(dataset),
                metrics(cardMembers, meanHeldOutR, heldOut),
                manifest.domain(),
                notes);
        return new RunMembers(
                new TrainedMembers(
                        card,
                        networks,
                        train.features(),
                        train.size(),
                        expected,
                        manifest.config().seed()),
                failed);
    }

    /** One "  name sha256" line per file, as sha256sum users read them. */
    private static String nameAndSha256(List<QesDataset.FileDigest> files) {
        StringBuilder lines = new StringBuilder();
        files.forEach(f -> lines.append("  ")
                .append(f.name())
                .append(' ')
                .append(f.sha256())
                .append('\n'));
        return lines.toString();
    }

    /**
     * Mean member held-out χ²/N (each with its own λ), and the χ²/N of the ensemble mean on the
     * held-out points with λ = 1: what a user of the frozen model gets.
     */
    private static Map<String, Double> metrics(List<ModelCard.Member> members, double[] meanR, TrainingData heldOut) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(
                "heldout-chi2-per-point-member-mean",
                members.stream()
                        .mapToDouble(ModelCard.Member::heldOutChi2PerPoint)
                        .average()
                        .orElse(Double.NaN));
        double chi2 = 0;
        for (int i = 0; i < meanR.length; i++) {
            double d = (heldOut.y()[i] - meanR[i]) / heldOut.error()[i];
            chi2 += d * d;
        }
        metrics.put(
                "heldout-chi2-per-point-ensemble-mean-lambda1", meanR.length == 0 ? Double.NaN : chi2 / meanR.length);
        metrics.put("heldout-points", (double) meanR.length);
        return metrics;
    }
}
