package org.xsdnn.exporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.runtime.ContractException;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.ScoringOptions;

/**
 * Generator profiles made on demand from a shipped xsdnn model directory ({@code xsdnn profile}). Shipped models
 * store each weight once, in their member files; this reads every member file back into the weights it stores
 * (int16-stored layers as their codes and scales), so the profiles compute exactly what the members compute. Each
 * file is verified in ONNX Runtime before it replaces anything.
 */
public final class DirectoryProfiles {
    private final Path model;
    private final ModelCard card;
    private final List<StoredNetwork> stored;

    private DirectoryProfiles(Path model, ModelCard card, List<StoredNetwork> stored) {
        this.model = model;
        this.card = card;
        this.stored = List.copyOf(stored);
    }

    /**
     * Opens {@code model} as {@link Ensemble#open} does (checksums, card, tensor contracts), then reads its members.
     *
     * @throws IllegalArgumentException for a NuWro-layout directory: without a card nothing says how its members
     *     were stored or which model they are
     */
    public static DirectoryProfiles read(Path model) throws IOException, ContractException {
        try (Ensemble ensemble = Ensemble.open(model, ScoringOptions.defaults())) {
            if (ensemble.card().isEmpty()) {
                throw new IllegalArgumentException(model + ": NuWro layout (model_electron_* files, no "
                        + ModelCard.FILE_NAME + "); xsdnn profile reads xsdnn model directories ("
                        + ModelCard.FILE_NAME + ", member-NN.onnx, SHA256SUMS) written by xsdnn export.");
            }
            ModelCard card = ensemble.card().get();
            // Ensemble.open has just checked every file against SHA256SUMS and the card.
            List<StoredNetwork> stored = new ArrayList<>();
            for (ModelCard.Member member : card.members()) {
                stored.add(MemberFileReader.read(model.resolve(member.file())));
            }
            return new DirectoryProfiles(model, card, stored);
        }
    }

    public int members() {
        return stored.size();
    }

    /** Layers stored as int16 codes and scales, over all members. */
    public long int16Layers() {
        return stored.stream().mapToLong(StoredNetwork::int16Layers).sum();
    }

    /**
     * Writes the fused file (per-member σ, the card in its metadata) to {@code target}, replacing it atomically
     * once the file gives both the weights' σ and the member files' σ as ONNX Runtime scores them.
     *
     * @return the check against the member files
     */
    public FusedVerificationReport writeFused(Path target) throws IOException, ExportVerificationException {
        return FusedEnsemble.write(
                networks(), card.target().massNumber(), GeneratorProfile.cardMetadata(card), target, true, model);
    }

    /** Writes NuWro's file set into {@code dir}, each file verified against its member. */
    public List<Path> writeNuwro(String tag, Path dir) throws IOException, ExportVerificationException {
        return NuwroProfile.write(networks(), tag, card.target().massNumber(), dir);
    }

    /**
     * Whether {@code output} lies inside the model directory {@code model}, where SHA256SUMS and the card would not
     * vouch for it. Links in the part of the path that exists are resolved, so a link cannot hide the directory.
     */
    public static boolean isInside(Path model, Path output) throws IOException {
        Path dir = model.toRealPath();
        Path absolute = output.toAbsolutePath().normalize();
        Path existing = absolute;
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing.toRealPath().resolve(existing.relativize(absolute)).startsWith(dir);
    }

    private List<NetworkWeights> networks() {
        return stored.stream().map(StoredNetwork::computed).toList();
    }
}
