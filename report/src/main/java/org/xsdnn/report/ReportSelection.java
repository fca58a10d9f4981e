package org.xsdnn.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xsdnn.core.ModelCard;
import org.xsdnn.data.Selection;

/**
 * The points a report measures, and where that choice came from. By default a model is measured on its own
 * training selection (target, experiments, low-ω cut) as its card records it; a model without a card (NuWro
 * layout) on the carbon paper's experiments with ω ≥ {@value #CARDLESS_MIN_OMEGA_GEV} GeV. Each of target,
 * datasets and cut can be overridden.
 *
 * @param source in words, for the report: "model card", the defaults used, and which overrides were given
 */
public record ReportSelection(Selection selection, String source) {
    /**
     * Cut for models whose card does not say: 50 MeV, the cut of the measure the project compares carbon models
     * with (it leaves 2480 of the 2660 points of the carbon paper's ten experiments in our copy).
     */
    public static final double CARDLESS_MIN_OMEGA_GEV = 0.05;

    /**
     * How export writes the card's selection: {@code C12: key, key; omega >= 0.03 GeV; left out ...}, with
     * {@code ; relative error floor 0.03} after the cut where the run had one.
     */
    private static final Pattern CARD_SELECTION = Pattern.compile(
            "([A-Z][a-z]?\\d{1,3}): (.+?); omega >= (\\S+) GeV(?:; relative error floor (\\S+))?(;.*)?",
            Pattern.DOTALL);

    /**
     * Chooses the selection; null overrides keep the default.
     *
     * @param massNumber A of the model, for card-less models (only carbon has a default selection)
     * @throws IllegalArgumentException when a card-less non-carbon model is given no target
     */
    public static ReportSelection choose(
            Optional<ModelCard> card, int massNumber, String target, List<String> datasets, Double minOmegaGeV) {
        Optional<Selection> trained = card.flatMap(ReportSelection::trainingSelection);
        Selection base;
        String source;
        if (trained.isPresent()) {
            base = trained.get();
            source = "the model's training selection (model card)";
        } else if (target == null && massNumber != 12) {
            throw new IllegalArgumentException(
                    "the model (A = " + massNumber + ") has no card that records its training"
                            + " data; name the target to measure it on, e.g. --target Ca40");
        } else {
            base = new Selection("C12", Selection.carbonPaper().datasetKeys(), CARDLESS_MIN_OMEGA_GEV);
            source = "default for models whose card does not record their data: the carbon paper's experiments,"
                    + " omega >= " + CARDLESS_MIN_OMEGA_GEV + " GeV";
        }
        List<String> overrides = new ArrayList<>();
        String t = base.target();
        List<String> keys = base.datasetKeys();
        if (target != null && !target.equals(t)) {
            t = target;
            keys = List.of(); // the default experiments belong to another target: take all of this one's
            overrides.add("--target");
        }
        if (datasets != null && !datasets.isEmpty()) {
            keys = datasets;
            overrides.add("--datasets");
        }
        double cut = base.minOmegaGeV();
        if (minOmegaGeV != null) {
            cut = minOmegaGeV;
            overrides.add("--min-omega");
        }
        if (!overrides.isEmpty()) {
            source += "; overridden by " + String.join(", ", overrides);
        }
        if (base.relativeErrorFloor() > 0) {
            source += "; errors with the model's relative error floor " + base.relativeErrorFloor();
        }
        return new ReportSelection(new Selection(t, keys, cut, base.relativeErrorFloor()), source);
    }

    /** The selection a card says its model was trained on; empty when the card does not record one we can read. */
    public static Optional<Selection> trainingSelection(ModelCard card) {
        if (card.data() == null || card.data().selection() == null) {
            return Optional.empty();
        }
        Matcher m = CARD_SELECTION.matcher(card.data().selection());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            List<String> keys =
                    Arrays.stream(m.group(2).split(", ")).map(String::strip).toList();
            double floor = m.group(4) == null ? 0 : Double.parseDouble(m.group(4));
            return Optional.of(new Selection(m.group(1), keys, Double.parseDouble(m.group(3)), floor));
        } catch (IllegalArgumentException e) { // a number that is not one, or a duplicate key: not ours to guess
            return Optional.empty();
        }
    }
}
