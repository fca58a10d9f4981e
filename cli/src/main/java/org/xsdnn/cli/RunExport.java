package org.xsdnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xsdnn.core.CardJson;
import org.xsdnn.core.MetadataKeys;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.data.DataFormatException;
import org.xsdnn.data.QesArchive;
import org.xsdnn.data.QesDataset;
import org.xsdnn.exporter.ExportVerificationException;
import org.xsdnn.exporter.FusedEnsemble;
import org.xsdnn.exporter.McDropoutExport;
import org.xsdnn.exporter.ModelDirectoryWriter;
import org.xsdnn.exporter.NuwroProfile;
import org.xsdnn.exporter.StagedModelDirectory;
import org.xsdnn.exporter.StoredNetwork;
import org.xsdnn.exporter.WeightStorage;
import org.xsdnn.runtime.ContractException;
import org.xsdnn.runtime.ScoringException;
import org.xsdnn.trainer.MemberRecord;
import org.xsdnn.trainer.RunManifest;
import org.xsdnn.trainer.SameDiffInference;
import org.xsdnn.trainer.TrainerConfig;
import org.xsdnn.trainer.TrainingData;
import org.xsdnn.trainer.TrainingRun;

/** From a training run directory to a verified model directory with its card and golden vectors. */
final class RunExport {
    private RunExport() {}

    /**
     * @param members members exported
     * @param failed members left out because their training failed (why, per member)
     * @param storageChange largest change of r that reduced-precision weight storage caused (0 for float32)
     */
    record Result(int members, List<String> failed, double storageChange) {}

    /**
     * Generator profiles written beside the model directory.
     *
     * @param fused also write {@value #FUSED_FILE} into the model directory (one file: kinematics in, σ mean and spread out)
     * @param nuwroDir where to write NuWro's file set (model_electron_&lt;tag&gt;_&lt;A&gt;_&lt;i&gt;.onnx); null for none
     */
    record Profiles(boolean fused, Path nuwroDir, String nuwroTag, WeightStorage storage, int mcDropoutPasses) {}

    /** File name of a model-B (MC-dropout) directory's one model file. */
    static final String MC_DROPOUT_FILE = org.xsdnn.runtime.Ensemble.MC_DROPOUT_FILE;

    static final String FUSED_FILE = "fused.onnx";

    /** @param members the finished members to export; null exports every finished member */
    static Result export(Path runDir, Path dataDir, Path modelDir, String name, String notes, String version, Profiles profiles,
                         MemberRange members)
            throws IOException, DataFormatException, ExportVerificationException, ContractException, ScoringException, XsdnnException {
        Path out = modelDir.toAbsolutePath().normalize();
        if (runDir.toAbsolutePath().normalize().startsWith(out)) {
            throw new XsdnnException(ExitCodes.IO, "--out " + modelDir + " contains the run " + runDir
                    + " being exported; replacing it would delete the run. Export into another directory.", null);
        }
        RunManifest manifest = RunManifest.read(runDir);
        QesDataset dataset = QesArchive.open(dataDir).load(manifest.selection());
        if (!dataset.files().equals(manifest.dataFiles())) {
            throw new XsdnnException(ExitCodes.BAD_DATA, dataDir + ": these archive files differ from the ones " + runDir
                    + " was trained on.\nIn run.json:\n" + nameAndSha256(manifest.dataFiles()) + "Found:\n"
                    + nameAndSha256(dataset.files()) + "Export with the data the run was trained on.", null);
        }
        TrainingRun run = TrainingRun.reopen(runDir, dataset);
        List<MemberRecord> finished = MemberRecord.listFinished(runDir).stream()
                .filter(r -> members == null || (r.member() >= members.first() && r.member() <= members.last())).toList();
        if (finished.isEmpty()) {
            throw new XsdnnException(ExitCodes.USAGE, runDir + ": no finished member to export; train first (xsdnn train --out " + runDir + ").", null);
        }
        String identity = manifest.identity();
        for (MemberRecord r : finished) {
            if (!identity.equals(r.runIdentity())) {
                throw new XsdnnException(ExitCodes.BAD_MODEL, String.format(java.util.Locale.ROOT, "%s: member %02d was"
                        + " trained with other settings or data than run.json records (run identity %s, run.json %s);"
                        + " a card could not describe it. Move it to its own run or retrain it.", runDir, r.member(),
                        r.runIdentity(), identity), null);
            }
        }
        // A failed member (e.g. λ pushed outside its prior) is never shipped.
        List<MemberRecord> records = finished.stream().filter(r -> r.failure() == null).toList();
        List<String> failed = finished.stream().filter(r -> r.failure() != null)
                .map(r -> String.format(java.util.Locale.ROOT, "member %02d: %s", r.member(), r.failure())).toList();
        if (records.isEmpty()) {
            throw new XsdnnException(ExitCodes.BAD_MODEL, runDir + ": every finished member failed, nothing to export:\n  "
                    + String.join("\n  ", failed), null);
        }
        TrainingData train = run.trainPoints();
        TrainingData heldOut = run.heldOutPoints();
        List<NetworkWeights> networks = new ArrayList<>();
        List<double[]> expected = new ArrayList<>();
        List<ModelCard.Member> cardMembers = new ArrayList<>();
        double[] meanHeldOutR = new double[heldOut.size()];
        for (MemberRecord record : records) {
            NetworkWeights weights = run.weights(record.member());
            networks.add(weights);
            expected.add(SameDiffInference.predict(weights, train.features()));
            double[] r = SameDiffInference.predict(weights, heldOut.features());
            for (int i = 0; i < r.length; i++) {
                meanHeldOutR[i] += r[i] / records.size();
            }
            cardMembers.add(new ModelCard.Member(null, null, record.seed(), record.lambdas(), record.heldOutChi2PerPoint(),
                    new ModelCard.MemberTraining(record.member(), record.untouchedChi2PerPoint(), record.bestEpoch(),
                            record.epochsDone(), record.restarts(), record.seconds(), record.parentSha256())));
        }
        ModelCard card = new ModelCard(name, version, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                manifest.target(), ModelCard.Contract.xsdnn1(), cardMembers, training(manifest), data(manifest, dataset),
                metrics(cardMembers, meanHeldOutR, heldOut), manifest.domain(), notes);
        int massNumber = manifest.target().massNumber();
        if (profiles.mcDropoutPasses() > 0) {
            return new Result(1, failed, exportMcDropout(modelDir, card, networks, massNumber, profiles.mcDropoutPasses(),
                    manifest.config().seed(), dataDir));
        }
        List<StoredNetwork> stored = networks.stream()
                .map(net -> profiles.storage().store(net, train.features(), train.size())).toList();
        // Profiles compute what the member files compute: the networks as stored.
        networks = stored.stream().map(StoredNetwork::computed).toList();
        ModelCard written;
        try (StagedModelDirectory staged = ModelDirectoryWriter.stage(modelDir, card, stored, train.features(),
                train.size(), expected)) {
            Path dir = staged.path();
            if (profiles.fused()) {
                FusedEnsemble.write(networks, massNumber,
                        Map.of(MetadataKeys.CARD, CardJson.write(staged.card().withoutChecksums())), dir.resolve(FUSED_FILE), true);
            }
            written = CardQuality.finish(staged, dataDir);
            staged.commit();
        }
        if (profiles.nuwroDir() != null) {
            NuwroProfile.write(networks, profiles.nuwroTag(), massNumber, profiles.nuwroDir());
        }
        return new Result(networks.size(), failed, written.metrics().getOrDefault(ModelDirectoryWriter.INT16_CHANGE_METRIC, 0.0));
    }

    /**
     * Model B: one network trained with dropout, frozen as T dropout passes with fixed masks in one file
     * ({@link McDropoutExport}, contract xsdnn-fused-1) beside its card, golden vectors and checksums. The file holds
     * the float32 weights once; there are no member files, so the card lists none and the model is scored through
     * the file.
     *
     * @return 0: float32 weights change nothing
     */
    private static double exportMcDropout(Path modelDir, ModelCard card, List<NetworkWeights> networks, int massNumber,
            int passes, long seed, Path dataDir) throws IOException, XsdnnException, ExportVerificationException,
            ScoringException, ContractException, DataFormatException {
        if (networks.size() != 1 || !(networks.get(0).dropout() > 0)) {
            throw new XsdnnException(ExitCodes.USAGE, "--mc-dropout needs a run with exactly one member trained with"
                    + " --dropout > 0 (model B); this run has " + networks.size() + " member(s) with dropout "
                    + networks.get(0).dropout() + ".", null);
        }
        Map<String, Object> training = new LinkedHashMap<>(card.training());
        training.put("mc-dropout-passes", passes);
        training.put("mc-dropout-mask-seed", seed);
        ModelCard mc = new ModelCard(card.name(), card.xsdnnVersion(), card.createdAt(), card.target(), card.contract(),
                List.of(), training, card.data(), card.metrics(), card.domain(), (card.notes().isEmpty() ? "" : card.notes() + " ")
                + "Model B (MC dropout): score the file " + MC_DROPOUT_FILE + " (contract xsdnn-fused-1: E_GeV, theta_deg,"
                + " omega_GeV in; sigma_mean, sigma_std and the " + passes + " passes out); xsdnn score --model DIR and the"
                + " Python and C++ front ends open the directory and score that file. Its member entry: " + CardJson.write(card.members().get(0)).replace('\n', ' '));
        try (StagedModelDirectory staged = StagedModelDirectory.create(modelDir)) {
            McDropoutExport.write(networks.get(0), passes, seed, massNumber,
                    Map.of(MetadataKeys.CARD, CardJson.write(mc)), staged.path().resolve(MC_DROPOUT_FILE), true);
            staged.seal(mc);
            CardQuality.finish(staged, dataDir, MC_DROPOUT_FILE);
            staged.commit();
        }
        return 0;
    }

    /**
     * The run's recipe, split and identity: the same for every member of the run, so shards can be assembled.
     * Stop rules (time limit, patience) are left out, as from the run's identity: a member resumed or retrained
     * elsewhere with another time limit is still a member of the run; its own time and epochs are in its entry.
     */
    private static Map<String, Object> training(RunManifest manifest) {
        TrainerConfig c = manifest.config();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("hidden-layers", c.network().hiddenLayers());
        t.put("width", c.network().width());
        t.put("dropout", c.network().dropout());
        t.put("batch-norm-epsilon", c.network().batchNormEpsilon());
        t.put("optimizer", "AdamW beta1=" + c.optimizer().beta1() + " beta2=" + c.optimizer().beta2() + " eps=" + c.optimizer().epsilon()
                + " weight-decay=" + c.optimizer().weightDecay() + " (dense kernels only)");
        t.put("shape-phase", "epochs=" + c.shape().epochs() + " batch=" + (c.shape().batchSize() == 0 ? "full"
                : Integer.toString(c.shape().batchSize())) + " learning-rate=" + c.shape().learningRate()
                + " (mean squared error of log sigma, every lambda held at 1)");
        t.put("learning-rate", c.learningRate());
        t.put("warmup-epochs", c.warmupEpochs());
        t.put("schedule", c.schedule().toString());
        t.put("plateau-evals", c.plateauEvals());
        t.put("divergence-factor", c.divergenceFactor());
        t.put("lambda-learning-rate-factor", c.optimizer().lambdaLearningRateFactor());
        t.put("untouched-fraction", manifest.untouchedFraction());
        t.put("max-epochs", c.epochs());
        t.put("batch-size", c.batchSize() == 0 ? "full" : Integer.toString(c.batchSize()));
        t.put("eval-every", c.evalEvery());
        t.put("seed", c.seed());
        t.put("bootstrap", c.bootstrap());
        t.put("train-fraction", manifest.trainFraction());
        t.put("split-seed", manifest.splitSeed());
        t.put("points-train", manifest.pointsTrain());
        t.put("points-held-out", manifest.pointsHeldOut());
        t.put("run-identity", manifest.identity());
        if (manifest.parent() != null) {
            // A fine-tune: member m starts from the parent's member m, whose file checksum is in member m's entry. Where
            // the parent was read from is left out, so that shards fine-tuned from copies of one parent assemble.
            t.put("parent-target", manifest.parent().target());
            t.put("trainable-layers", manifest.parent().trainableLayers());
            t.put("trainable-batch-norm", c.network().fixedStatistics() ? "parent statistics, fixed" : "target batch statistics");
        }
        t.put("loss", "chi2 with one fitted normalization lambda per group and the 0.5((1-lambda)/dlambda)^2 penalty");
        return t;
    }

    /** One "  name sha256" line per file, as sha256sum users read them. */
    private static String nameAndSha256(List<QesDataset.FileDigest> files) {
        StringBuilder lines = new StringBuilder();
        files.forEach(f -> lines.append("  ").append(f.name()).append(' ').append(f.sha256()).append('\n'));
        return lines.toString();
    }

    private static ModelCard.Data data(RunManifest manifest, QesDataset dataset) {
        List<ModelCard.DataFile> files = manifest.dataFiles().stream().map(f -> new ModelCard.DataFile(f.name(), f.sha256())).toList();
        int cut = manifest.pointsCutPerDataset().values().stream().mapToInt(Integer::intValue).sum();
        String selection = manifest.selection().target() + ": " + String.join(", ", dataset.removedByCutPerDataset().keySet())
                + "; omega >= " + manifest.selection().minOmegaGeV() + " GeV"
                + (manifest.selection().relativeErrorFloor() == 0 ? ""
                        : "; relative error floor " + manifest.selection().relativeErrorFloor())
                + "; left out (no normalization uncertainty): " + manifest.leftOut();
        return new ModelCard.Data(files, selection, dataset.size(), manifest.pointsDropped(), cut, manifest.pointsCutPerDataset());
    }

    /**
     * Mean member held-out χ²/N (each with its own λ), and the χ²/N of the ensemble mean on the
     * held-out points with λ = 1: what a user of the frozen model gets.
     */
    private static Map<String, Double> metrics(List<ModelCard.Member> members, double[] meanR, TrainingData heldOut) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("heldout-chi2-per-point-member-mean",
                members.stream().mapToDouble(ModelCard.Member::heldOutChi2PerPoint).average().orElse(Double.NaN));
        double chi2 = 0;
        for (int i = 0; i < meanR.length; i++) {
            double d = (heldOut.y()[i] - meanR[i]) / heldOut.error()[i];
            chi2 += d * d;
        }
        metrics.put("heldout-chi2-per-point-ensemble-mean-lambda1", meanR.length == 0 ? Double.NaN : chi2 / meanR.length);
        metrics.put("heldout-points", (double) meanR.length);
        return metrics;
    }
}
