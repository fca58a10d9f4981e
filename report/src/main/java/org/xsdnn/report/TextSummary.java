package org.xsdnn.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xsdnn.report.Measure.Figures;
import org.xsdnn.report.QualityReport.ExperimentRow;

/** The headline tables as plain text, for a terminal. */
public final class TextSummary {
    private static final String FIGURES = "%-26s %7s %9s %11s %8s %10s %10s%n";
    private static final String EXPERIMENT = "%-26s %7s %6s %7s %7s %9s %11s %14s%n";

    private TextSummary() {}

    public static String render(QualityReport r) {
        StringBuilder sb = new StringBuilder();
        QualityReport.ModelInfo m = r.model();
        sb.append(String.format(
                Locale.ROOT,
                "model      %s (%s layout, %d members, A = %d)%n",
                m.path(),
                m.layout().name().toLowerCase(Locale.ROOT),
                m.members(),
                m.massNumber()));
        sb.append(String.format(
                Locale.ROOT,
                "selection  %s: %s; ω ≥ %s GeV; %d points%n",
                r.selection().target(),
                String.join(", ", r.selection().datasets()),
                r.selection().minOmegaGeV(),
                r.selection().points()));
        sb.append(
                String.format(Locale.ROOT, "           (%s)%n%n", r.selection().source()));
        sb.append(String.format(
                Locale.ROOT, FIGURES, "points", "N", "χ²/N", "χ²/N λ=1", "spread", "within 1σ", "within 2σ"));
        List<Map.Entry<String, Figures>> rows = new ArrayList<>();
        rows.add(Map.entry("all", r.overall()));
        rows.addAll(r.splits().entrySet());
        if (r.compare() != null) {
            rows.add(
                    Map.entry("all, " + r.compare().model().label(), r.compare().overall()));
        }
        for (Map.Entry<String, Figures> e : rows) {
            Figures f = e.getValue();
            sb.append(String.format(
                    Locale.ROOT,
                    FIGURES,
                    e.getKey(),
                    f.points(),
                    Formats.chi2(f.chi2PerPoint()),
                    Formats.chi2(f.chi2PerPointLambda1()),
                    Formats.percent(f.meanRelativeSpread()),
                    Formats.percent(f.within1Sigma()),
                    Formats.percent(f.within2Sigma())));
        }
        sb.append(String.format(
                Locale.ROOT,
                "%n" + EXPERIMENT,
                "experiment",
                "N",
                "Δλ",
                "λ",
                "pull",
                "χ²/N",
                "χ²/N λ=1",
                "data scatter"));
        for (ExperimentRow e : r.experiments()) {
            sb.append(String.format(
                    Locale.ROOT,
                    EXPERIMENT,
                    e.datasetKey(),
                    e.figures().points(),
                    e.deltaLambda() == null
                            ? ""
                            : Formats.percent(e.deltaLambda()).replace(" ", ""),
                    Formats.lambda(e.lambda()),
                    Formats.pull(e.pull()),
                    Formats.chi2(e.figures().chi2PerPoint()),
                    Formats.chi2(e.figures().chi2PerPointLambda1()),
                    Formats.chi2(e.dataScatterChi2PerPoint())));
        }
        for (String note : r.notes()) {
            sb.append(String.format(Locale.ROOT, "%nnote: %s", note));
        }
        if (!r.notes().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%n"));
        }
        return sb.toString();
    }
}
