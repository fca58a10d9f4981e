package org.xsdnn.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.core.CardJson;
import org.xsdnn.report.ModelReport.Spectrum;

/**
 * Writes a report directory: {@value #JSON}, {@value #HTML}, {@value #HEAT_MAP}, and per spectrum a full figure
 * in {@value #SPECTRA_DIR}/ and its thumbnail in {@value #THUMBS_DIR}/. The figures come first, the JSON and the page
 * last and atomically, so a page never links to figures that are not there yet.
 */
public final class ReportWriter {
    public static final String JSON = "report.json";
    public static final String HTML = "index.html";
    public static final String HEAT_MAP = "heatmap.png";
    public static final String SPECTRA_DIR = "spectra";
    public static final String THUMBS_DIR = "thumbs";
    /** Full figures: large enough to read the points, small enough to render 60 of them in seconds. */
    static final int WIDTH = 800;

    static final int HEIGHT = 600;
    static final int THUMB_WIDTH = 240;

    private ReportWriter() {}

    /** Writes every file of the report into {@code dir}, creating it if needed. */
    public static void write(ModelReport report, Path dir, Progress progress) throws IOException {
        Files.createDirectories(dir.resolve(SPECTRA_DIR));
        Files.createDirectories(dir.resolve(THUMBS_DIR));
        QualityReport summary = report.summary();
        String modelLabel = summary.model().label();
        String compareLabel =
                summary.compare() == null ? null : summary.compare().model().label();
        List<Spectrum> spectra = report.spectra();
        for (int s = 0; s < spectra.size(); s++) {
            progress.update("figures", s, spectra.size());
            Spectrum spectrum = spectra.get(s);
            BufferedImage full = SpectrumChart.render(report, spectrum, modelLabel, compareLabel, WIDTH, HEIGHT);
            String figure = summary.spectra().get(s).figure();
            png(full, dir.resolve(figure));
            png(ChartImages.thumbnail(full, THUMB_WIDTH), dir.resolve(thumbnailOf(figure)));
        }
        png(HeatMapChart.render(summary.spectra(), modelLabel, WIDTH, HEIGHT), dir.resolve(HEAT_MAP));
        AtomicFiles.write(dir.resolve(JSON), json(summary).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(HTML), html(summary).getBytes(StandardCharsets.UTF_8));
        progress.say("report written to " + dir.resolve(HTML));
    }

    /** The content of {@value #JSON}. */
    public static String json(QualityReport summary) {
        return CardJson.write(summary) + "\n";
    }

    /** The content of {@value #HTML}. */
    public static String html(QualityReport summary) {
        return HtmlIndex.render(summary, HEAT_MAP);
    }

    /** {@code spectra/X.png} → {@code thumbs/X.png}. */
    static String thumbnailOf(String figure) {
        return THUMBS_DIR + "/" + Path.of(figure).getFileName();
    }

    private static void png(BufferedImage image, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("the JDK has no PNG writer; cannot write " + file);
            }
        }
    }
}
