package org.xsdnn.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.xsdnn.data.DataPoint;
import org.xsdnn.report.ModelReport.Curve;
import org.xsdnn.report.ModelReport.Spectrum;
import org.xsdnn.report.TrainingSplit.Role;

/**
 * One spectrum as the authors plot it: the data with error bars (marked by their part in training), the
 * ensemble mean with its ±1σ band (un-rescaled), the λ-rescaled mean dashed, the compared model's mean and band
 * in another colour; underneath, the residual strip (σ − λf)/Δσ.
 */
final class SpectrumChart {
    static final Color MODEL = new Color(0x1f77b4);
    static final Color COMPARE = new Color(0xd95f02);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final BasicStroke DASHED =
            new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    private static final Map<Role, Marker> MARKERS = new EnumMap<>(Map.of(
            Role.TRAINING, new Marker("training", Color.BLACK, circle(3.5), true),
            Role.HELD_OUT, new Marker("held-out", new Color(0xd62728), diamond(4.5), true),
            Role.TEST, new Marker("test (untouched)", new Color(0x9467bd), triangle(4.5), true),
            Role.NOT_IN_TRAINING_DATA, new Marker("not in training data", Color.GRAY, circle(3.5), false),
            Role.UNKNOWN, new Marker("data", Color.BLACK, circle(3.5), true)));

    private record Marker(String label, Color color, Shape shape, boolean filled) {}

    private SpectrumChart() {}

    /**
     * @param modelLabel legend name of the model; @param compareLabel of the compared one (unused without)
     */
    static BufferedImage render(
            ModelReport report, Spectrum s, String modelLabel, String compareLabel, int width, int height) {
        NumberAxis omegaAxis = new NumberAxis("ω (GeV)");
        omegaAxis.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(omegaAxis);
        combined.setGap(6);
        XYPlot main = mainPlot(report, s, modelLabel, compareLabel);
        combined.add(main, 3);
        combined.add(residualPlot(report, s), 1);
        combined.setFixedLegendItems(main.getLegendItems());

        JFreeChart chart = new JFreeChart(null, null, combined, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setTitle(new TextTitle(
                String.format(
                        Locale.ROOT,
                        "%s   E = %s GeV   θ = %s°   χ²/N = %.3g",
                        s.datasetKey(),
                        ModelReport.plain(s.energyGeV()),
                        ModelReport.plain(s.thetaDeg()),
                        s.figures().chi2PerPoint()),
                TITLE));
        String compared = s.compare() == null
                ? ""
                : String.format(
                        Locale.ROOT,
                        "   %s: λ = %.3f",
                        compareLabel,
                        s.compare().lambda());
        chart.addSubtitle(new TextTitle(
                String.format(
                        Locale.ROOT,
                        "%d points   λ = %.3f   χ²/N with λ = 1: %.3g%s",
                        s.points().length,
                        s.model().lambda(),
                        s.figures().chi2PerPointLambda1(),
                        compared),
                SUBTITLE));
        LegendTitle legend = new LegendTitle(combined);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setItemFont(SUBTITLE);
        chart.addSubtitle(legend);

        return ChartImages.draw(chart, width, height);
    }

    private static XYPlot mainPlot(ModelReport report, Spectrum s, String modelLabel, String compareLabel) {
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        DeviationRenderer bandRenderer = new DeviationRenderer(true, false);
        bandRenderer.setAlpha(0.25f);
        addBand(bands, bandRenderer, modelLabel + " mean ± 1σ", s.gridOmegaGeV(), s.model(), MODEL);
        if (s.compare() != null) {
            addBand(bands, bandRenderer, compareLabel + " mean ± 1σ", s.gridOmegaGeV(), s.compare(), COMPARE);
        }

        XYSeries rescaled = new XYSeries(
                String.format(Locale.ROOT, "λ × mean (λ = %.3f)", s.model().lambda()));
        for (int g = 0; g < s.gridOmegaGeV().length; g++) {
            rescaled.add(s.gridOmegaGeV()[g], s.model().lambda() * s.model().mean()[g]);
        }
        XYLineAndShapeRenderer rescaledRenderer = new XYLineAndShapeRenderer(true, false);
        rescaledRenderer.setSeriesPaint(0, MODEL);
        rescaledRenderer.setSeriesStroke(0, DASHED);

        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        XYErrorRenderer dataRenderer = new XYErrorRenderer();
        dataRenderer.setDrawXError(false);
        dataRenderer.setCapLength(3);
        for (Map.Entry<Role, List<Integer>> e : pointsByRole(report, s).entrySet()) {
            Marker m = MARKERS.get(e.getKey());
            YIntervalSeries series = new YIntervalSeries(m.label());
            for (int i : e.getValue()) {
                DataPoint p = report.data().points().get(i);
                series.add(p.omegaGeV(), p.sigma(), p.sigma() - p.error(), p.sigma() + p.error());
            }
            style(dataRenderer, data.getSeriesCount(), m);
            data.addSeries(series);
        }

        NumberAxis sigmaAxis = new NumberAxis("d²σ/dΩdω (nb/(sr·GeV))");
        XYPlot plot = new XYPlot(bands, null, sigmaAxis, bandRenderer);
        plot.setDataset(1, new XYSeriesCollection(rescaled));
        plot.setRenderer(1, rescaledRenderer);
        plot.setDataset(2, data);
        plot.setRenderer(2, dataRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        background(plot);
        return plot;
    }

    private static void addBand(
            YIntervalSeriesCollection bands,
            DeviationRenderer renderer,
            String label,
            double[] omega,
            Curve curve,
            Color color) {
        YIntervalSeries band = new YIntervalSeries(label);
        for (int g = 0; g < omega.length; g++) {
            double m = curve.mean()[g];
            band.add(omega[g], m, m - curve.spread()[g], m + curve.spread()[g]);
        }
        int index = bands.getSeriesCount();
        bands.addSeries(band);
        renderer.setSeriesPaint(index, color);
        renderer.setSeriesFillPaint(index, color);
        renderer.setSeriesStroke(index, new BasicStroke(1.5f));
    }

    private static XYPlot residualPlot(ModelReport report, Spectrum s) {
        XYSeriesCollection residuals = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        for (Map.Entry<Role, List<Integer>> e : pointsByRole(report, s).entrySet()) {
            Marker m = MARKERS.get(e.getKey());
            XYSeries series = new XYSeries(m.label());
            for (int i : e.getValue()) {
                series.add(
                        report.data().points().get(i).omegaGeV(),
                        report.measure().residual(i));
            }
            style(renderer, residuals.getSeriesCount(), m);
            residuals.addSeries(series);
        }
        // Symmetric and at least ±3, so that the ±2 lines are always in view and a sign bias shows.
        double largest = 3;
        for (int i : s.points()) {
            largest = Math.max(largest, 1.1 * Math.abs(report.measure().residual(i)));
        }
        NumberAxis axis = new NumberAxis("(σ − λf)/Δσ");
        axis.setRange(-largest, largest);
        XYPlot plot = new XYPlot(residuals, null, axis, renderer);
        plot.addRangeMarker(new ValueMarker(0, Color.DARK_GRAY, new BasicStroke(1f)));
        for (double level : new double[] {-2, 2}) {
            plot.addRangeMarker(new ValueMarker(level, Color.GRAY, DASHED));
        }
        background(plot);
        return plot;
    }

    /** The spectrum's points per role, in the role order of the legend. */
    private static Map<Role, List<Integer>> pointsByRole(ModelReport report, Spectrum s) {
        Map<Role, List<Integer>> byRole = new EnumMap<>(Role.class);
        for (int i : s.points()) {
            byRole.computeIfAbsent(report.role(i), r -> new ArrayList<>()).add(i);
        }
        return byRole;
    }

    private static void style(XYLineAndShapeRenderer renderer, int series, Marker m) {
        renderer.setSeriesPaint(series, m.color());
        renderer.setSeriesShape(series, m.shape());
        renderer.setSeriesShapesFilled(series, m.filled());
        renderer.setSeriesLinesVisible(series, false);
        renderer.setSeriesShapesVisible(series, true);
    }

    private static void background(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
    }

    private static Shape circle(double r) {
        return new Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
    }

    private static Shape diamond(double r) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0, -r);
        p.lineTo(r, 0);
        p.lineTo(0, r);
        p.lineTo(-r, 0);
        p.closePath();
        return p;
    }

    private static Shape triangle(double r) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0, -r);
        p.lineTo(r, r);
        p.lineTo(-r, r);
        p.closePath();
        return p;
    }
}
