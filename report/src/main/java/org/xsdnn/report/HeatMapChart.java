package org.xsdnn.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.xsdnn.report.QualityReport.SpectrumRow;

/**
 * χ²/N of every spectrum over (E, θ), one square per spectrum coloured on a fixed logarithmic scale from
 * {@value #LOWEST} to {@value #HIGHEST} (values beyond are clamped), so that maps of different models compare
 * by eye and a reader sees at once where a model fails.
 */
final class HeatMapChart {
    static final double LOWEST = 0.1;
    static final double HIGHEST = 1000;
    /** Green (χ²/N ≈ 1 and below) through yellow (10) to dark red (100 and above). */
    private static final Color[] STOPS = {
        new Color(0x1a9850), new Color(0x91cf60), new Color(0xfee08b), new Color(0xf46d43), new Color(0xa50026)
    };

    private HeatMapChart() {}

    static BufferedImage render(List<SpectrumRow> spectra, String modelLabel, int width, int height) {
        XYSeries series = new XYSeries("spectra", false, true);
        double[] values = new double[spectra.size()];
        for (int s = 0; s < spectra.size(); s++) {
            series.add(spectra.get(s).energyGeV(), spectra.get(s).thetaDeg());
            values[s] = spectra.get(s).chi2PerPoint();
        }
        LogScale scale = new LogScale();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true) {
            @Override
            public Paint getItemPaint(int row, int column) {
                return scale.getPaint(values[column]);
            }
        };
        renderer.setSeriesShape(0, new Rectangle2D.Double(-7, -7, 14, 14));
        renderer.setSeriesOutlinePaint(0, Color.DARK_GRAY);
        renderer.setUseOutlinePaint(true);
        renderer.setDrawOutlines(true);

        LogAxis energy = new LogAxis("E (GeV)");
        energy.setSmallestValue(0.05);
        energy.setTickUnit(new NumberTickUnit(0.2)); // in log10 E: ticks at 0.16, 0.25, 0.4, 0.63, 1, 1.6, ...
        energy.setNumberFormatOverride(new DecimalFormat("0.0#", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        NumberAxis theta = new NumberAxis("θ (deg)");
        theta.setRange(0, 180);
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), energy, theta, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));

        JFreeChart chart = new JFreeChart(null, null, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setTitle(new TextTitle(
                String.format(Locale.ROOT, "χ²/N per spectrum (λ profiled): %s", modelLabel),
                new Font(Font.SANS_SERIF, Font.BOLD, 14)));
        // The legend strip is drawn in steps even in its axis's values, so its axis is log10(χ²/N), labelled as χ²/N.
        NumberAxis legendAxis = new NumberAxis("χ²/N");
        legendAxis.setRange(Math.log10(LOWEST), Math.log10(HIGHEST));
        legendAxis.setTickUnit(new NumberTickUnit(1, new PowersOfTen()));
        PaintScaleLegend legend = new PaintScaleLegend(new ExponentScale(scale), legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(14);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        return ChartImages.draw(chart, width, height);
    }

    /** The scale as a function of log10(χ²/N), for the legend. */
    private record ExponentScale(LogScale scale) implements PaintScale {
        @Override
        public double getLowerBound() {
            return Math.log10(LOWEST);
        }

        @Override
        public double getUpperBound() {
            return Math.log10(HIGHEST);
        }

        @Override
        public Paint getPaint(double exponent) {
            return scale.getPaint(Math.pow(10, exponent));
        }
    }

    /** Formats an exponent x as the number 10^x: 0.1, 1, 10, 100. */
    private static final class PowersOfTen extends NumberFormat {
        private final DecimalFormat plain = new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));

        @Override
        public StringBuffer format(double exponent, StringBuffer to, FieldPosition position) {
            return plain.format(Math.pow(10, exponent), to, position);
        }

        @Override
        public StringBuffer format(long exponent, StringBuffer to, FieldPosition position) {
            return format((double) exponent, to, position);
        }

        @Override
        public Number parse(String source, ParsePosition position) {
            throw new UnsupportedOperationException("labels only");
        }
    }

    /** Colours by log10(χ²/N) between the fixed bounds. */
    private static final class LogScale implements PaintScale {
        @Override
        public double getLowerBound() {
            return LOWEST;
        }

        @Override
        public double getUpperBound() {
            return HIGHEST;
        }

        @Override
        public Paint getPaint(double value) {
            double v = Math.min(HIGHEST, Math.max(LOWEST, value));
            double t = Math.log(v / LOWEST) / Math.log(HIGHEST / LOWEST) * (STOPS.length - 1);
            int i = Math.min(STOPS.length - 2, (int) t);
            double f = t - i;
            Color a = STOPS[i];
            Color b = STOPS[i + 1];
            return new Color(
                    (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                    (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                    (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
        }
    }
}
