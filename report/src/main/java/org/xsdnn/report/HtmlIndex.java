package org.xsdnn.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xsdnn.core.CardJson;
import org.xsdnn.core.ModelCard;
import org.xsdnn.report.Measure.Figures;
import org.xsdnn.report.QualityReport.ExperimentRow;
import org.xsdnn.report.QualityReport.GroupRow;
import org.xsdnn.report.QualityReport.SpectrumRow;

/**
 * The report's one HTML page, from the template {@code index.html.mustache}: headline tables, the heat map,
 * thumbnails linked to the full spectrum figures, and the model card's provenance. The template escapes every
 * value; this class only chooses and formats them.
 */
final class HtmlIndex {
    private static final Mustache TEMPLATE =
            new DefaultMustacheFactory("org/xsdnn/report").compile("index.html.mustache");

    private HtmlIndex() {}

    /** @param heatMap path of the heat map, relative to the page */
    static String render(QualityReport r, String heatMap) {
        Map<String, Object> page = new LinkedHashMap<>();
        QualityReport.ModelInfo m = r.model();
        page.put("label", m.label());
        page.put("modelPath", m.path());
        page.put("layout", m.layout().name().toLowerCase(Locale.ROOT));
        page.put("members", m.members());
        page.put("massNumber", m.massNumber());
        page.put("generatedAt", r.generatedAt());
        page.put("target", r.selection().target());
        page.put("datasets", String.join(", ", r.selection().datasets()));
        page.put("minOmega", r.selection().minOmegaGeV());
        page.put("points", r.selection().points());
        page.put("selectionSource", r.selection().source());
        page.put("notes", r.notes());
        page.put("measure", r.measure());
        page.put("heatMap", heatMap);

        List<Map<String, Object>> headline = new ArrayList<>();
        headline.add(figures("all", r.overall()));
        r.splits().forEach((name, f) -> headline.add(figures(name, f)));
        if (r.compare() != null) {
            headline.add(
                    figures("all, " + r.compare().model().label(), r.compare().overall()));
            page.put("compareLabel", r.compare().model().label());
            page.put("hasCompare", true);
        }
        page.put("headline", headline);

        List<Map<String, Object>> experiments = new ArrayList<>();
        for (int i = 0; i < r.experiments().size(); i++) {
            ExperimentRow e = r.experiments().get(i);
            Map<String, Object> row = figures(e.datasetKey(), e.figures());
            row.put("key", e.datasetKey());
            row.put("deltaLambda", e.deltaLambda() == null ? "" : Formats.percent(e.deltaLambda()));
            row.put("lambda", Formats.lambda(e.lambda()));
            row.put("pull", Formats.pull(e.pull()));
            row.put("scatter", Formats.chi2(e.dataScatterChi2PerPoint()));
            if (r.compare() != null) {
                row.put(
                        "compareChi2",
                        Formats.chi2(r.compare().experiments().get(i).figures().chi2PerPoint()));
            }
            experiments.add(row);
        }
        page.put("experiments", experiments);

        List<Map<String, Object>> groups = new ArrayList<>();
        for (GroupRow g : r.normalizations()) {
            groups.add(Map.of(
                    "id",
                    g.id(),
                    "points",
                    g.points(),
                    "deltaLambda",
                    Formats.percent(g.deltaLambda()),
                    "lambda",
                    Formats.lambda(g.lambda()),
                    "pull",
                    Formats.pull(g.pull())));
        }
        page.put("groups", groups);

        List<Map<String, Object>> spectra = new ArrayList<>();
        for (SpectrumRow s : r.spectra()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", s.datasetKey());
            row.put("energy", ModelReport.plain(s.energyGeV()));
            row.put("theta", ModelReport.plain(s.thetaDeg()));
            row.put("points", s.points());
            row.put("chi2", Formats.chi2(s.chi2PerPoint()));
            row.put("compareChi2", s.compareChi2PerPoint() == null ? null : Formats.chi2(s.compareChi2PerPoint()));
            row.put("figure", s.figure());
            row.put("thumbnail", ReportWriter.thumbnailOf(s.figure()));
            spectra.add(row);
        }
        page.put("spectra", spectra);
        provenance(m.card(), page);

        StringWriter out = new StringWriter();
        TEMPLATE.execute(out, page);
        return out.toString();
    }

    private static Map<String, Object> figures(String name, Figures f) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("points", f.points());
        row.put("chi2", Formats.chi2(f.chi2PerPoint()));
        row.put("chi2Lambda1", Formats.chi2(f.chi2PerPointLambda1()));
        row.put("spread", Formats.percent(f.meanRelativeSpread()));
        row.put("within1", Formats.percent(f.within1Sigma()));
        row.put("within2", Formats.percent(f.within2Sigma()));
        return row;
    }

    /** The card's fields as key/value rows (JSON values as the card writes them), and its member table. */
    private static void provenance(ModelCard card, Map<String, Object> page) {
        if (card == null) {
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        row(rows, "name", card.name());
        row(rows, "xsdnn version", card.xsdnnVersion());
        row(rows, "created", card.createdAt());
        row(
                rows,
                "target",
                card.target() == null
                        ? null
                        : card.target().name() + " (Z = " + card.target().protonNumber() + ", A = "
                                + card.target().massNumber() + ")");
        row(
                rows,
                "contract",
                card.contract() == null
                        ? null
                        : card.contract().id() + ": " + card.contract().featureOrder() + " → "
                                + card.contract().outputName() + "; "
                                + card.contract().sigmaFormula());
        if (card.data() != null) {
            row(rows, "data selection", card.data().selection());
            row(
                    rows,
                    "data points",
                    card.data().pointsUsed() + " used, " + card.data().pointsDropped() + " dropped (σ or error ≤ 0), "
                            + card.data().pointsCut() + " cut");
            card.data().files().forEach(f -> row(rows, "data file " + f.path(), "SHA-256 " + f.sha256()));
        }
        card.training()
                .forEach((k, v) -> row(rows, "training " + k, v instanceof String text ? text : CardJson.write(v)));
        card.metrics().forEach((k, v) -> row(rows, "metric " + k, String.valueOf(v)));
        ModelCard.Domain d = card.domain();
        if (d != null && d.energyGeV() != null && d.thetaDeg() != null && d.omegaGeV() != null) {
            row(
                    rows,
                    "domain",
                    String.format(
                            Locale.ROOT,
                            "E %s–%s GeV, θ %s–%s°, ω %s–%s GeV",
                            ModelReport.plain(d.energyGeV().min()),
                            ModelReport.plain(d.energyGeV().max()),
                            ModelReport.plain(d.thetaDeg().min()),
                            ModelReport.plain(d.thetaDeg().max()),
                            ModelReport.plain(d.omegaGeV().min()),
                            ModelReport.plain(d.omegaGeV().max())));
        }
        row(rows, "notes", card.notes());
        page.put("provenance", rows);
        List<Map<String, Object>> members = new ArrayList<>();
        for (ModelCard.Member member : card.members()) {
            members.add(Map.of(
                    "file",
                    member.file(),
                    "seed",
                    member.seed(),
                    "heldOut",
                    Formats.chi2(member.heldOutChi2PerPoint()),
                    "training",
                    training(member.training()),
                    "sha256",
                    member.sha256() == null ? "" : member.sha256()));
        }
        page.put("cardMembers", members);
        page.put("hasMembers", !members.isEmpty());
    }

    /** A member's training record in a few words; empty for cards written before it was recorded. */
    private static String training(ModelCard.MemberTraining t) {
        if (t == null) {
            return "";
        }
        String untouched = Double.isNaN(t.untouchedChi2PerPoint())
                ? ""
                : "; untouched χ²/N " + Formats.chi2(t.untouchedChi2PerPoint());
        return String.format(
                Locale.ROOT,
                "best epoch %d of %d, %d restarts, %.0f min%s",
                t.bestEpoch(),
                t.epochsDone(),
                t.restarts(),
                t.seconds() / 60,
                untouched);
    }

    private static void row(List<Map<String, Object>> rows, String key, String value) {
        if (value != null && !value.isBlank()) {
            rows.add(Map.of("key", key, "value", value));
        }
    }
}
