package org.xsdnn.trainer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.core.CardJson;
import org.xsdnn.core.ModelCard;
import org.xsdnn.data.QesDataset;
import org.xsdnn.data.Selection;

/**
 * What a training run directory was made from: data, selection, split, every training setting.
 * Written once as {@value #FILE_NAME} when a run starts; every shard of an ensemble must have the
 * same manifest, which is what lets member shards trained on different machines be merged.
 *
 * @param trainFraction fraction of points in the training split (0.9 = 90/10)
 * @param groups normalization group id → Δλ (fraction), in the order of the λ parameters
 * @param heldOut indices (into the selected points) of the held-out points
 * @param untouchedFraction fraction of the points set aside as untouched (0: none)
 * @param untouched indices of the points that neither train nor pick the best state
 * @param parent what a fine-tuning run starts from; null (and absent from run.json) for a run from random weights
 */
public record RunManifest(
        String xsdnnVersion,
        ModelCard.Target target,
        Selection selection,
        double trainFraction,
        long splitSeed,
        TrainerConfig config,
        List<QesDataset.FileDigest> dataFiles,
        Map<String, Double> groups,
        int pointsTrain,
        int pointsHeldOut,
        int pointsDropped,
        Map<String, Integer> pointsCutPerDataset,
        Map<String, Integer> leftOut,
        ModelCard.Domain domain,
        int[] heldOut,
        double untouchedFraction,
        int[] untouched,
        @JsonInclude(JsonInclude.Include.NON_NULL) Parent parent) {
    public static final String FILE_NAME = "run.json";

    /**
     * The parent of a fine-tuning run: member m of the run starts from the parent's member m.
     *
     * <p>Which parent member exactly is recorded per member (its file's SHA-256, {@link MemberRecord#parentSha256()}),
     * not here: the same member file in a shard of the parent and in the assembled parent is the same parent.
     *
     * @param source the parent as given (a model or a run directory); informational, not part of the run's identity,
     *     so a parent copied elsewhere still resumes and assembles with this run
     * @param target the parent's target, e.g. C12
     * @param trainableLayers L: the output layer and the last L − 1 hidden blocks train, the rest are frozen
     */
    public record Parent(
            @JsonInclude(JsonInclude.Include.NON_NULL) String source, String target, int trainableLayers) {}

    /** SHA-256 of everything that decides what a member computes; shards must agree on it. */
    public String identity() {
        // When to stop and when to checkpoint do not change what an epoch computes: a run may resume with other values.
        TrainerConfig computed = config.withoutStopRules();
        RunManifest comparable = new RunManifest(
                null,
                target,
                selection,
                trainFraction,
                splitSeed,
                computed,
                dataFiles,
                groups,
                pointsTrain,
                pointsHeldOut,
                pointsDropped,
                pointsCutPerDataset,
                leftOut,
                domain,
                heldOut,
                untouchedFraction,
                untouched,
                parent == null ? null : new Parent(null, parent.target(), parent.trainableLayers()));
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(CardJson.write(comparable).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /**
     * The model card's training section: the run's settings, split and identity, the same for every member of the
     * run, so shards can be assembled. It is {@link CardTraining} serialized, so a setting added to the configuration
     * records appears in it with no edit here. Stop rules (time limit, patience) are left out, as from the run's
     * identity: a member resumed or retrained elsewhere with another time limit is still a member of the run; its own
     * time and epochs are in its entry.
     */
    public Map<String, Object> cardTraining() {
        return CardJson.toMap(
                new CardTraining(
                        config,
                        config.network(),
                        config.optimizer(),
                        config.shape(),
                        trainFraction,
                        splitSeed,
                        untouchedFraction,
                        pointsTrain,
                        pointsHeldOut,
                        identity(),
                        parent == null ? null : parent.target(),
                        parent == null ? null : parent.trainableLayers(),
                        CardTraining.LOSS),
                CardTraining.class);
    }

    /**
     * The model card's training section, flat, with the keys of run.json: the settings of {@link TrainerConfig} and of
     * its network and optimizer under their own names ({@code learning-rate}, {@code hidden-layers}, {@code
     * weight-decay}), the shape phase's prefixed {@code shape-} ({@code shape-epochs}), then the split and the run's
     * identity. Written in this view, which leaves out the {@link TrainerConfig.StopRule stop rules}.
     *
     * @param config the settings; its records are written by the next three components, flat
     * @param parentTarget a fine-tune's parent target (C12); null (absent) for a run from random weights. Where the
     *     parent was read from is left out, so that shards fine-tuned from copies of one parent assemble; member m's
     *     entry has its parent member's checksum
     * @param trainableLayers a fine-tune's L; null (absent) for a run from random weights
     * @param loss the loss in words
     */
    public record CardTraining(
            @JsonUnwrapped @JsonIgnoreProperties({"network", "optimizer", "shape"})
            TrainerConfig config,

            @JsonUnwrapped NetworkConfig network,
            @JsonUnwrapped OptimizerConfig optimizer,
            @JsonUnwrapped(prefix = "shape-") TrainerConfig.ShapePhase shape,
            double trainFraction,
            long splitSeed,
            double untouchedFraction,
            int pointsTrain,
            int pointsHeldOut,
            String runIdentity,
            @JsonInclude(JsonInclude.Include.NON_NULL) String parentTarget,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer trainableLayers,
            String loss) {
        static final String LOSS =
                "chi2 with one fitted normalization lambda per group and the 0.5((1-lambda)/dlambda)^2 penalty";
    }

    /** The model card's data section: the files this run records, its selection in words and the point counts. */
    public ModelCard.Data cardData(QesDataset dataset) {
        List<ModelCard.DataFile> files = dataFiles.stream()
                .map(f -> new ModelCard.DataFile(f.name(), f.sha256()))
                .toList();
        int cut = pointsCutPerDataset.values().stream()
                .mapToInt(Integer::intValue)
                .sum();
        String words = selection.target() + ": "
                + String.join(", ", dataset.removedByCutPerDataset().keySet())
                + "; omega >= " + selection.minOmegaGeV() + " GeV"
                + (selection.relativeErrorFloor() == 0
                        ? ""
                        : "; relative error floor " + selection.relativeErrorFloor())
                + "; left out (no normalization uncertainty): " + leftOut;
        return new ModelCard.Data(files, words, dataset.size(), pointsDropped, cut, pointsCutPerDataset);
    }

    public void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(FILE_NAME), CardJson.write(this).getBytes(StandardCharsets.UTF_8));
    }

    public static RunManifest read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IOException(dir + ": no " + FILE_NAME + "; not a training run directory (made by xsdnn train)");
        }
        try {
            return CardJson.read(Files.readString(file, StandardCharsets.UTF_8), RunManifest.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a run manifest: " + e.getOriginalMessage(), e);
        }
    }
}
