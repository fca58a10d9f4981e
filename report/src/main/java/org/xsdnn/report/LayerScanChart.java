package org.xsdnn.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.xsdnn.core.AtomicFiles;

/**
 * The layer scan of a fine-tune: held-out χ²/N against the number of trainable layers L (log scale), the
 * members' mean as a line and each member as a dot, with the untuned parent (the baseline) as a dashed line.
 */
public final class LayerScanChart {
    /**
     * @param trainableLayers L
     * @param memberChi2 each member's held-out χ²/N at this L
     */
    public record Point(int trainableLayers, double[] memberChi2) {
        double mean() {
            return java.util.Arrays.stream(memberChi2).average().orElse(Double.NaN);
        }
    }

    private LayerScanChart() {}

    /** Writes the chart as a PNG, atomically. */
    public static void write(Path png, String title, List<Point> points, double baseline) throws IOException {
        XYSeries mean = new XYSeries("members' mean", true, true);
        XYSeries members = new XYSeries("member", false, true);
        double lowest = baseline;
        double highest = baseline;
        for (Point p : points) {
            mean.add(p.trainableLayers(), p.mean());
            for (double c : p.memberChi2()) {
                members.add(p.trainableLayers(), c);
                lowest = Math.min(lowest, c);
                highest = Math.max(highest, c);
            }
        }
        XYSeriesCollection series = new XYSeriesCollection();
        series.addSeries(mean);
        series.addSeries(members);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesPaint(0, new Color(0x1f77b4));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesLinesVisible(1, false);
        renderer.setSeriesPaint(1, new Color(0x1f77b4, true).darker());

        NumberAxis layers = new NumberAxis("trainable layers L (output layer + last L−1 hidden blocks)");
        layers.setTickUnit(new NumberTickUnit(1));
        layers.setRange(
                0.5, points.stream().mapToInt(Point::trainableLayers).max().orElse(1) + 0.5);
        LogAxis chi2 = new LogAxis("held-out χ²/N");
        chi2.setRange(Math.max(1e-3, lowest / 2), Math.max(highest * 2, lowest));
        chi2.setTickUnit(new NumberTickUnit(1)); // one label per decade, written as a number
        chi2.setMinorTickCount(9);
        chi2.setNumberFormatOverride(new java.text.DecimalFormat(
                "0.##E0", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
        XYPlot plot = new XYPlot(series, layers, chi2, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        if (Double.isFinite(baseline) && baseline > 0) {
            ValueMarker marker = new ValueMarker(
                    baseline,
                    Color.GRAY,
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            marker.setLabel(String.format(java.util.Locale.ROOT, "untuned parent × A/12: %.3g", baseline));
            marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            marker.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
            plot.addRangeMarker(marker);
        }
        JFreeChart chart = new JFreeChart(null, null, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setTitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 14)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(ChartImages.draw(chart, 800, 500), "png", bytes)) {
            throw new IOException("the JDK has no PNG writer; cannot write " + png);
        }
        AtomicFiles.write(png, bytes.toByteArray());
    }
}
