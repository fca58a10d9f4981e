package org.xsdnn.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.xsdnn.core.CardJson;
import org.xsdnn.core.MetadataKeys;
import org.xsdnn.core.ModelCard;
import org.xsdnn.runtime.ContractException;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.FusedModel;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringException;
import org.xsdnn.runtime.ScoringOptions;

/**
 * Anything xsdnn can score, opened for a report: a model directory (xsdnn layout with its card, or NuWro's
 * {@code model_electron_<tag>_<A>_<i>.onnx} files) through {@link Ensemble}, or one fused file through
 * {@link FusedModel}. Besides the parsed card it keeps the card's raw JSON, so that fields a later xsdnn adds
 * (such as recorded split indices) can be read without this version knowing them.
 */
public final class FrozenModel implements AutoCloseable {
    /** How the model is stored. */
    public enum Layout {
        XSDNN,
        NUWRO,
        FUSED
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final Layout layout;
    private final Ensemble ensemble;
    private final FusedModel fused;
    private final Optional<ModelCard> card;
    private final Optional<JsonNode> cardJson;

    private FrozenModel(
            Path path,
            Layout layout,
            Ensemble ensemble,
            FusedModel fused,
            Optional<ModelCard> card,
            Optional<JsonNode> cardJson) {
        this.path = path;
        this.layout = layout;
        this.ensemble = ensemble;
        this.fused = fused;
        this.card = card;
        this.cardJson = cardJson;
    }

    /**
     * Opens a model directory, or a fused {@code .onnx} file, checking checksums and contracts as scoring does.
     *
     * @throws NoSuchFileException when nothing is at {@code path}
     * @throws ContractException when the files break their contract (or the card cannot be read)
     */
    public static FrozenModel open(Path path, ScoringOptions options) throws IOException, ContractException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(
                    path.toString(), null, "expected a model directory (xsdnn or NuWro layout) or a fused .onnx file");
        }
        if (Files.isRegularFile(path)) {
            FusedModel fused = FusedModel.open(path, options);
            try {
                String text = fused.metadata().get(MetadataKeys.CARD);
                Optional<ModelCard> card =
                        text == null ? Optional.empty() : Optional.of(CardJson.read(text, ModelCard.class));
                Optional<JsonNode> json = text == null ? Optional.empty() : Optional.of(JSON.readTree(text));
                return new FrozenModel(path, Layout.FUSED, null, fused, card, json);
            } catch (IOException e) {
                fused.close();
                throw new ContractException(
                        path.getFileName() + ": metadata " + MetadataKeys.CARD + " is not a model card: "
                                + e.getMessage() + ". Re-export with xsdnn export.",
                        e);
            }
        }
        Ensemble ensemble = Ensemble.open(path, options);
        if (ensemble.card().isEmpty()) {
            return new FrozenModel(path, Layout.NUWRO, ensemble, null, Optional.empty(), Optional.empty());
        }
        try {
            // Ensemble.open has verified this file against SHA256SUMS; here it is only read again, raw.
            JsonNode json = JSON.readTree(path.resolve(ModelCard.FILE_NAME).toFile());
            return new FrozenModel(path, Layout.XSDNN, ensemble, null, ensemble.card(), Optional.of(json));
        } catch (IOException e) {
            ensemble.close();
            throw e;
        }
    }

    /**
     * σ in nb/(sr·GeV) for n points, un-rescaled: mean and population standard deviation over the members.
     * One call scores all points (whole batches per member).
     */
    public Prediction score(double[] energyGeV, double[] thetaDeg, double[] omegaGeV) throws ScoringException {
        return ensemble != null
                ? ensemble.score(energyGeV, thetaDeg, omegaGeV)
                : fused.score(energyGeV, thetaDeg, omegaGeV);
    }

    public Path path() {
        return path;
    }

    public Layout layout() {
        return layout;
    }

    public int members() {
        return ensemble != null ? ensemble.members() : fused.members();
    }

    /** A of the nucleus the model predicts for; its σ includes A/12. */
    public int massNumber() {
        return ensemble != null ? ensemble.massNumber() : fused.massNumber();
    }

    /** The model card; empty for NuWro directories and fused files without one. */
    public Optional<ModelCard> card() {
        return card;
    }

    /** The card as raw JSON, every field included. */
    public Optional<JsonNode> cardJson() {
        return cardJson;
    }

    /** Why scoring options were not honoured; empty when all were. */
    public List<String> warnings() {
        return ensemble != null ? ensemble.warnings() : fused.warnings();
    }

    @Override
    public void close() {
        if (ensemble != null) {
            ensemble.close();
        } else {
            fused.close();
        }
    }
}
