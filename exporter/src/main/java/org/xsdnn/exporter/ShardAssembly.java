package org.xsdnn.exporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.xsdnn.core.ModelCard;
import org.xsdnn.data.DataFormatException;
import org.xsdnn.runtime.ContractException;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.ScoringException;
import org.xsdnn.runtime.ScoringOptions;

/**
 * One model directory from several exported shards of the same training run (members trained in different
 * sessions or on different machines, each exported as it finished). Shards must agree on everything that decides
 * what a member is — code version, target, contract, data, cut, split and recipe (the card's training section,
 * which records the run's identity) — and no member may appear twice. Member files are taken byte for byte, so
 * the assembled directory and its shards share every weight file (git stores each once).
 */
public final class ShardAssembly {
    private ShardAssembly() {}

    /**
     * Assembles {@code shards} into {@code modelDir} in one staged directory: the combined card, the member files
     * copied byte for byte, golden vectors and the quality report's figures, sealed and swapped in once
     * ({@link StagedModelDirectory}); a failure leaves any previous model directory as it was.
     *
     * @param dataDir the QES archive, for the quality figures in the card
     * @return the card as sealed
     * @throws IllegalArgumentException when {@code modelDir} and a shard contain one another (replacing the model
     *     directory would delete the shard)
     * @throws ContractException when a shard is not a verified xsdnn model directory, shards disagree, or a member
     *     index repeats (the message names both shards and the difference)
     */
    public static ModelCard assemble(List<Path> shards, Path modelDir, String name, String notes, Path dataDir)
            throws IOException, ContractException, ScoringException, DataFormatException {
        Path target = modelDir.toAbsolutePath().normalize();
        for (Path shard : shards) {
            Path s = shard.toAbsolutePath().normalize();
            if (s.startsWith(target) || target.startsWith(s)) {
                throw new IllegalArgumentException(modelDir + " overlaps the shard " + shard
                        + "; replacing it would delete the shard. Assemble into another directory.");
            }
        }
        Plan plan = plan(shards, name, notes);
        try (StagedModelDirectory staged = ModelDirectoryWriter.stageCopies(modelDir, plan.card(), plan.sources())) {
            ModelCard card = CardQuality.finish(staged, dataDir);
            staged.commit();
            return card;
        }
    }

    /**
     * The assembled card (members in index order; metrics only those that combine across shards) and, per member,
     * the shard file it comes from.
     */
    private record Plan(ModelCard card, List<Path> sources) {}

    private static Plan plan(List<Path> shards, String name, String notes) throws IOException, ContractException {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("no shard to assemble");
        }
        ModelCard first = null;
        Path firstShard = null;
        Map<Integer, Path> seen = new HashMap<>();
        List<ModelCard.Member> members = new ArrayList<>();
        Map<ModelCard.Member, Path> source = new HashMap<>();
        double int16Change = 0;
        double int16Layers = 0;
        for (Path shard : shards) {
            ModelCard card = verified(shard);
            if (first == null) {
                first = card;
                firstShard = shard;
            } else {
                sameRun(firstShard, first, shard, card);
            }
            for (ModelCard.Member m : card.members()) {
                if (m.training() == null) {
                    throw new ContractException(
                            shard + ": " + m.file() + " has no recorded member index (exported before"
                                    + " xsdnn recorded one); re-export the shard with this version.");
                }
                Path other = seen.putIfAbsent(m.training().index(), shard);
                if (other != null) {
                    throw new ContractException("member " + m.training().index() + " is in both " + other + " and "
                            + shard + "; each member may come from one shard only.");
                }
                members.add(m);
                source.put(m, shard.resolve(m.file()));
            }
            int16Change =
                    Math.max(int16Change, card.metrics().getOrDefault(ModelDirectoryWriter.INT16_CHANGE_METRIC, 0.0));
            int16Layers += card.metrics().getOrDefault("weights-int16-layers", 0.0);
        }
        members.sort(Comparator.comparingInt(m -> m.training().index()));
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (int16Layers > 0) {
            metrics.put(ModelDirectoryWriter.INT16_CHANGE_METRIC, int16Change);
            metrics.put("weights-int16-layers", int16Layers);
        }
        ModelCard card = new ModelCard(
                name,
                first.xsdnnVersion(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                first.target(),
                first.contract(),
                members,
                first.training(),
                first.data(),
                metrics,
                first.domain(),
                notes);
        return new Plan(card, members.stream().map(source::get).toList());
    }

    /** The shard's card, after its checksums and every member's tensor contract were checked by opening it. */
    private static ModelCard verified(Path shard) throws IOException, ContractException {
        if (!Files.isRegularFile(shard.resolve(ModelCard.FILE_NAME))) {
            throw new ContractException(shard + ": no " + ModelCard.FILE_NAME
                    + "; not an exported xsdnn model directory" + " (made by xsdnn export).");
        }
        try (Ensemble ensemble = Ensemble.open(shard, ScoringOptions.defaults())) {
            return ensemble.card().orElseThrow();
        }
    }

    private static void sameRun(Path aShard, ModelCard a, Path bShard, ModelCard b) throws ContractException {
        Map<String, Object[]> fields = new LinkedHashMap<>();
        fields.put("xsdnn version", new Object[] {a.xsdnnVersion(), b.xsdnnVersion()});
        fields.put("target", new Object[] {a.target(), b.target()});
        fields.put("contract", new Object[] {a.contract(), b.contract()});
        fields.put("data (files, selection, cut)", new Object[] {a.data(), b.data()});
        fields.put("training (recipe, split, run identity)", new Object[] {a.training(), b.training()});
        fields.put("domain", new Object[] {a.domain(), b.domain()});
        for (Map.Entry<String, Object[]> f : fields.entrySet()) {
            if (!Objects.equals(f.getValue()[0], f.getValue()[1])) {
                throw new ContractException(bShard + " and " + aShard + " differ in " + f.getKey() + ": "
                        + f.getValue()[1] + " against " + f.getValue()[0]
                        + ". Shards of one model must come from the same"
                        + " training run, data and code version.");
            }
        }
    }
}
