package org.xsdnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xsdnn.data.DataPoint;
import org.xsdnn.data.NormalizationGroup;
import org.xsdnn.data.QesArchive;
import org.xsdnn.data.QesDataset;
import org.xsdnn.data.Selection;
import org.xsdnn.report.Measure.Figures;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringOptions;

/**
 * The project's reference figures on the carbon paper's ten experiments with ω ≥ 0.05 GeV (2480 points):
 * computed here from scratch (the runtime scores, this test does the arithmetic), compared with the report
 * library's figures, and with the numbers quoted in the issue that defined the measure.
 */
class ReferenceFiguresTest {
    private static final Path SHARED = Path.of(System.getProperty("xsdnn.shared", "/work/shared"));
    private static final Path ROOT = Path.of(System.getProperty("xsdnn.root", ".."));
    static final Path DATA = SHARED.resolve("data/qes");
    static final Path NUWRO = SHARED.resolve("reference-models/nuwro-pr53");
    static final Path CARBON_A = ROOT.resolve("onnx-models/carbon-a");
    private static final Selection MEASURE =
            new Selection("C12", Selection.carbonPaper().datasetKeys(), 0.05);

    private static QesDataset data;

    /** What this test computes by itself: the four headline figures and λ per dataset. */
    record Expected(double chi2PerPoint, double spread, double within1, double within2, Map<String, Double> lambda) {}

    @BeforeAll
    static void load() throws Exception {
        data = QesArchive.open(DATA).load(MEASURE);
        assertEquals(2480, data.size(), "points of the measure");
    }

    @Test
    void nuwroReferenceFiles() throws Exception {
        Expected expected = independently(NUWRO);
        assertQuoted(expected, 12.35, 5.6, 66.3, 88.4);
        ReportSelection defaults = ReportSelection.choose(Optional.empty(), 12, null, null, null);
        assertEquals(MEASURE, defaults.selection(), "a card-less carbon model is measured on the reference selection");
        assertLibraryAgrees(expected, NUWRO, defaults);
    }

    @Test
    void shippedCarbonA() throws Exception {
        Expected expected = independently(CARBON_A);
        assertQuoted(expected, 9.25, 10.7, 78.8, 95.8);
        assertLibraryAgrees(expected, CARBON_A, new ReportSelection(MEASURE, "test"));
    }

    /** The measure written out plainly: sums per dataset (every carbon dataset is one normalization group). */
    private static Expected independently(Path model) throws Exception {
        int n = data.size();
        double[] e = new double[n];
        double[] theta = new double[n];
        double[] omega = new double[n];
        for (int i = 0; i < n; i++) {
            DataPoint p = data.points().get(i);
            e[i] = p.energyGeV();
            theta[i] = p.thetaDeg();
            omega[i] = p.omegaGeV();
        }
        Prediction prediction;
        try (Ensemble ensemble = Ensemble.open(model, ScoringOptions.defaults())) {
            prediction = ensemble.score(e, theta, omega);
        }
        double[] f = prediction.mean();
        double[] sd = prediction.std();
        Map<String, Double> deltaLambda = new HashMap<>();
        for (NormalizationGroup g : data.groups()) {
            assertEquals(null, g.thetaDeg(), "carbon groups are whole experiments");
            deltaLambda.put(g.datasetKey(), g.uncertainty());
        }
        Map<String, double[]> sums = new HashMap<>(); // key -> {Σ σf/Δσ², Σ f²/Δσ²}
        for (int i = 0; i < n; i++) {
            DataPoint p = data.points().get(i);
            double[] s = sums.computeIfAbsent(p.datasetKey(), k -> new double[2]);
            s[0] += p.sigma() * f[i] / (p.error() * p.error());
            s[1] += f[i] * f[i] / (p.error() * p.error());
        }
        Map<String, Double> lambda = new HashMap<>();
        double chi2 = 0;
        for (Map.Entry<String, double[]> s : sums.entrySet()) {
            double prior = 1 / Math.pow(deltaLambda.get(s.getKey()), 2);
            double l = (s.getValue()[0] + prior) / (s.getValue()[1] + prior);
            lambda.put(s.getKey(), l);
            chi2 += Math.pow((1 - l) / deltaLambda.get(s.getKey()), 2);
        }
        double spread = 0;
        int within1 = 0;
        int within2 = 0;
        for (int i = 0; i < n; i++) {
            DataPoint p = data.points().get(i);
            double l = lambda.get(p.datasetKey());
            double d = p.sigma() - l * f[i];
            chi2 += Math.pow(d / p.error(), 2);
            spread += f[i] == 0 ? 0 : sd[i] / f[i]; // all members at r = 0 (float32 underflow): no spread
            double combined = Math.sqrt(p.error() * p.error() + Math.pow(l * sd[i], 2));
            within1 += Math.abs(d) <= combined ? 1 : 0;
            within2 += Math.abs(d) <= 2 * combined ? 1 : 0;
        }
        return new Expected(chi2 / n, spread / n, (double) within1 / n, (double) within2 / n, lambda);
    }

    /**
     * The figures as the issue quotes them, χ²/N to 0.01 and percentages to 0.1: within half a unit of the last
     * digit, that half included (carbon-a has 1953 of 2480 points within 1σ, 78.75 %, quoted as 78.8 %).
     */
    private static void assertQuoted(
            Expected x, double chi2, double spreadPercent, double within1Percent, double within2Percent) {
        assertEquals(chi2, x.chi2PerPoint(), 0.005 + 1e-9, "χ²/N");
        assertEquals(spreadPercent, 100 * x.spread(), 0.05 + 1e-9, "mean relative spread, %");
        assertEquals(within1Percent, 100 * x.within1(), 0.05 + 1e-9, "within 1σ, %");
        assertEquals(within2Percent, 100 * x.within2(), 0.05 + 1e-9, "within 2σ, %");
    }

    private static void assertLibraryAgrees(Expected x, Path model, ReportSelection selection) throws Exception {
        QualityReport report;
        try (FrozenModel frozen = FrozenModel.open(model, ScoringOptions.defaults())) {
            report = ModelReport.build(frozen, null, QesArchive.open(DATA), selection, Progress.NONE)
                    .summary();
        }
        Figures overall = report.overall();
        assertEquals(2480, overall.points());
        assertEquals(x.chi2PerPoint(), overall.chi2PerPoint(), 1e-9 * x.chi2PerPoint(), "χ²/N");
        assertEquals(x.spread(), overall.meanRelativeSpread(), 1e-12, "spread");
        assertEquals(x.within1(), overall.within1Sigma(), 0, "within 1σ");
        assertEquals(x.within2(), overall.within2Sigma(), 0, "within 2σ");
        List<QualityReport.ExperimentRow> experiments = report.experiments();
        assertEquals(10, experiments.size());
        for (QualityReport.ExperimentRow row : experiments) {
            assertEquals(x.lambda().get(row.datasetKey()), row.lambda(), 1e-12, row.datasetKey());
        }
        int spectraPoints = report.spectra().stream()
                .mapToInt(QualityReport.SpectrumRow::points)
                .sum();
        assertEquals(2480, spectraPoints, "every point in exactly one spectrum");
        assertTrue(report.spectra().size() >= 60, report.spectra().size() + " spectra");
    }
}
