package org.xsdnn.exporter;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xsdnn.core.CardJson;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.data.DataFormatException;
import org.xsdnn.runtime.ContractException;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.ScoringException;

/**
 * From trained members to a verified model directory, in one call: member files (each verified once in ONNX
 * Runtime), generator profiles, golden vectors and the quality report's figures in the card are all written into
 * one staged directory, {@code SHA256SUMS} is sealed over every file, and the directory is swapped in once
 * ({@link StagedModelDirectory}). A failure anywhere leaves any previous model directory as it was; only a model
 * directory or an empty one is ever replaced.
 */
public final class ModelExport {
    private ModelExport() {}

    /**
     * @param modelDir the model directory to write
     * @param runDir the training run the members come from, which {@code modelDir} may not contain; null: none
     * @param members the trained members and the card that describes them
     * @param dataDir the QES archive, for the quality figures in the card
     * @param storage how member files store their weights
     * @param profiles generator profiles written beside the member files (e.g. {@link FusedEnsemble#profile()})
     * @param mcDropoutPasses model B: T &gt; 0 freezes the one dropout-trained network as T passes in
     *     {@value Ensemble#MC_DROPOUT_FILE}, which replaces the member files; 0: an ensemble of member files
     */
    public record Request(
            Path modelDir,
            Path runDir,
            TrainedMembers members,
            Path dataDir,
            WeightStorage storage,
            List<GeneratorProfile> profiles,
            int mcDropoutPasses) {
        public Request {
            profiles = List.copyOf(profiles);
        }
    }

    /**
     * @param card the card as sealed
     * @param members one verification per member file, in card order (none for model B)
     * @param profiles one verification per profile file
     */
    public record Result(ModelCard card, List<VerificationReport> members, List<FileVerification> profiles) {}

    /**
     * @throws FileAlreadyExistsException when {@code modelDir} contains the run, or exists and is not a model
     *     directory
     * @throws ExportVerificationException when a written file does not reproduce what it was written from
     * @throws IllegalArgumentException when model B is asked of members that are not one dropout-trained network
     */
    public static Result export(Request request)
            throws IOException, ExportVerificationException, ScoringException, ContractException, DataFormatException {
        Path out = request.modelDir().toAbsolutePath().normalize();
        if (request.runDir() != null
                && request.runDir().toAbsolutePath().normalize().startsWith(out)) {
            throw new FileAlreadyExistsException(
                    request.modelDir().toString(),
                    null,
                    "contains the run "
                            + request.runDir()
                            + " being exported; replacing it would delete the run. Export into another"
                            + " directory");
        }
        TrainedMembers trained = request.members();
        boolean modelB = request.mcDropoutPasses() > 0;
        if (modelB) {
            checkModelB(request);
        }
        int massNumber = trained.card().target().massNumber();
        try (StagedModelDirectory staged = StagedModelDirectory.create(request.modelDir())) {
            ModelCard card;
            List<VerificationReport> members;
            List<NetworkWeights> computed;
            List<GeneratorProfile> profiles;
            if (modelB) {
                card = modelBCard(trained.card(), request.mcDropoutPasses(), trained.seed());
                members = List.of();
                computed = trained.networks();
                profiles = List.of(McDropoutExport.profile(request.mcDropoutPasses(), trained.seed()));
            } else {
                List<StoredNetwork> stored = trained.networks().stream()
                        .map(net -> request.storage().store(net, trained.features(), trained.points()))
                        .toList();
                ModelDirectoryWriter.MemberFiles files = ModelDirectoryWriter.writeMembers(
                        staged.path(),
                        trained.card(),
                        stored,
                        trained.features(),
                        trained.points(),
                        trained.expectedR());
                card = files.card();
                members = files.verified();
                // Profiles compute what the member files compute: the networks as stored.
                computed = stored.stream().map(StoredNetwork::computed).toList();
                profiles = request.profiles();
            }
            List<FileVerification> written = new ArrayList<>();
            for (GeneratorProfile profile : profiles) {
                written.addAll(profile.write(staged.path(), computed, massNumber, card));
            }
            // Sealed once so that the report can open the staged directory, and again over what it adds.
            staged.seal(card);
            ModelCard sealed = CardQuality.finish(staged, request.dataDir(), modelB ? Ensemble.MC_DROPOUT_FILE : null);
            staged.commit();
            return new Result(sealed, members, List.copyOf(written));
        }
    }

    private static void checkModelB(Request request) {
        List<NetworkWeights> networks = request.members().networks();
        if (networks.size() != 1 || !(networks.get(0).dropout() > 0)) {
            throw new IllegalArgumentException("MC-dropout export needs a run with exactly one member trained with"
                    + " --dropout > 0 (model B); this run has " + networks.size() + " member(s) with dropout "
                    + networks.get(0).dropout() + ".");
        }
        if (!request.profiles().isEmpty()) {
            throw new IllegalArgumentException("model B is scored through its one MC-dropout file; the fused and NuWro"
                    + " profiles are made of member files. Export model B without them.");
        }
    }

    /**
     * Model B's card: the file holds the float32 weights once and there are no member files, so the card lists none
     * and its notes tell how to score the model; the one member's entry is kept in the notes.
     */
    private static ModelCard modelBCard(ModelCard card, int passes, long seed) {
        Map<String, Object> training = new LinkedHashMap<>(card.training());
        training.put("mc-dropout-passes", passes);
        training.put("mc-dropout-mask-seed", seed);
        return new ModelCard(
                card.name(),
                card.xsdnnVersion(),
                card.createdAt(),
                card.target(),
                card.contract(),
                List.of(),
                training,
                card.data(),
                card.metrics(),
                card.domain(),
                (card.notes().isEmpty() ? "" : card.notes() + " ") + "Model B (MC dropout): score the file "
                        + Ensemble.MC_DROPOUT_FILE
                        + " (contract xsdnn-fused-1: E_GeV, theta_deg, omega_GeV in; sigma_mean, sigma_std and the "
                        + passes
                        + " passes out); xsdnn score --model DIR and the Python and C++ front ends open the directory and score"
                        + " that file. Its member entry: "
                        + CardJson.write(card.members().get(0)).replace('\n', ' '));
    }
}
