package org.xsdnn.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xsdnn.core.ModelCard;
import org.xsdnn.data.QesDataset;
import org.xsdnn.report.Measure.Figures;

/**
 * Every figure of a report, as written to {@code report.json} (the project's JSON dialect: kebab-case keys), so
 * that scripts, the HTML page and model cards read the same numbers. σ in nb/(sr·GeV), E and ω in GeV, θ in
 * degrees; fractions (spread, coverage) as fractions, not percent.
 *
 * @param overall all points, penalties included
 * @param splits figures per role of the points in training ({@code training}, {@code held-out}, {@code test},
 *     {@code not-in-training-data}), data terms only, λ from all points; empty when the card does not tell
 * @param experiments one row per dataset, penalties of its groups included
 * @param normalizations the λ table: one row per normalization group
 * @param spectra one row per (dataset, E, θ), data terms only
 * @param compare the second model on the same points, or null
 * @param notes what the reader should know (overrides, unmarked splits, scaling to another nucleus)
 */
public record QualityReport(
        String generatedAt,
        String measure,
        ModelInfo model,
        SelectionInfo selection,
        Figures overall,
        Map<String, Figures> splits,
        List<ExperimentRow> experiments,
        List<GroupRow> normalizations,
        List<SpectrumRow> spectra,
        Comparison compare,
        List<String> notes) {

    /** The measure in words, written into every report. */
    public static final String MEASURE =
            "ensemble-mean sigma (un-rescaled) against data; one lambda per normalization group "
                    + "profiled in closed form, lambda_k = (sum sigma_i f_i/err_i^2 + 1/dlambda_k^2)/(sum f_i^2/err_i^2 + "
                    + "1/dlambda_k^2); chi2 = sum ((sigma_i - lambda_k f_i)/err_i)^2 + sum ((1 - lambda_k)/dlambda_k)^2; "
                    + "spread = mean of sd_i/f_i (population sd over members); within n sigma: |sigma_i - lambda_k f_i| <= "
                    + "n sqrt(err_i^2 + (lambda_k sd_i)^2)";

    /**
     * @param path as given; @param layout xsdnn, NuWro or fused; @param card the model card, null when none
     */
    public record ModelInfo(String path, FrozenModel.Layout layout, int members, int massNumber, ModelCard card) {
        /** The card's name, else the file or directory name: how legends and titles call the model. */
        @JsonIgnore
        public String label() {
            if (card != null && card.name() != null) {
                return card.name();
            }
            Path name = Path.of(path).toAbsolutePath().normalize().getFileName();
            return name == null ? path : name.toString();
        }
    }

    /**
     * @param source where the selection came from, with overrides
     * @param removedByCut per dataset, points removed by the low-ω cut
     * @param droppedNonPositive points dropped for σ ≤ 0 or error ≤ 0
     */
    public record SelectionInfo(
            String target,
            List<String> datasets,
            @JsonProperty("min-omega-gev") double minOmegaGeV,
            String source,
            int points,
            Map<String, Integer> removedByCut,
            int droppedNonPositive,
            List<QesDataset.FileDigest> files) {}

    /**
     * @param groups the dataset's normalization groups (one, unless the dataset is split by angle)
     * @param deltaLambda Δλ, λ and pull (1 − λ)/Δλ of its group when it has exactly one, else null
     */
    public record ExperimentRow(
            String datasetKey,
            List<String> groups,
            Double deltaLambda,
            Double lambda,
            Double pull,
            Figures figures,
            @JsonProperty("data-scatter-chi2-per-point") double dataScatterChi2PerPoint) {}

    /** One normalization group: its prior Δλ, its points, the profiled λ and the pull (1 − λ)/Δλ. */
    public record GroupRow(
            String id,
            String datasetKey,
            @JsonProperty("theta-deg") Double thetaDeg,
            double deltaLambda,
            int points,
            double lambda,
            double pull) {}

    /**
     * @param figure the spectrum's plot, relative to the report directory
     * @param compareChi2PerPoint the compared model's χ²/N on this spectrum, or null
     */
    public record SpectrumRow(
            String datasetKey,
            @JsonProperty("energy-gev") double energyGeV,
            @JsonProperty("theta-deg") double thetaDeg,
            int points,
            double chi2PerPoint,
            double chi2PerPointLambda1,
            double lambda,
            String figure,
            Double compareChi2PerPoint) {}

    /** The second model of {@code --compare}, measured on the same points with its own λ. */
    public record Comparison(
            ModelInfo model, Figures overall, List<ExperimentRow> experiments, List<GroupRow> normalizations) {}
}
