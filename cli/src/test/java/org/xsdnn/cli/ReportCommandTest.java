package org.xsdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xsdnn.cli.CliRun.xsdnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xsdnn report} end to end on the shipped carbon model and the third-party NuWro files, on the measure's
 * selection (carbon paper's experiments, ω ≥ 0.05 GeV): the figures, the files, the page, and the errors.
 */
class ReportCommandTest {
    private static final Path SHARED = Path.of(System.getProperty("xsdnn.shared", "/work/shared"));
    private static final String DATA = SHARED.resolve("data/qes").toString();
    private static final Path NUWRO = SHARED.resolve("reference-models/nuwro-pr53");
    private static final Path CARBON_A =
            Path.of(System.getProperty("xsdnn.root", "..")).resolve("onnx-models/carbon-a");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** RGB of the compared model's colour in the figures (SpectrumChart.COMPARE). */
    private static final int[] COMPARE_RGB = {0xd9, 0x5f, 0x02};

    @TempDir
    static Path work;

    private static Path single;
    private static CliRun.Result singleRun;

    @BeforeAll
    static void reportShippedModel() {
        single = work.resolve("carbon-a");
        singleRun = xsdnn(
                "report",
                "--model",
                CARBON_A.toString(),
                "--data",
                DATA,
                "--min-omega",
                "0.05",
                "--out",
                single.toString(),
                "--format",
                "json");
    }

    @Test
    void printsReportJsonWithTheReferenceFigures() throws Exception {
        assertEquals(0, singleRun.code(), singleRun.toString());
        JsonNode printed = JSON.readTree(singleRun.out());
        assertEquals(JSON.readTree(single.resolve("report.json").toFile()), printed, "stdout is report.json");
        JsonNode overall = printed.get("overall");
        assertEquals(2480, overall.get("points").asInt());
        // The reference figures to their quoted digits, half a unit included (1953/2480 = 78.75 % is quoted 78.8 %).
        assertEquals(9.25, overall.get("chi2-per-point").asDouble(), 0.005 + 1e-9);
        assertEquals(0.107, overall.get("mean-relative-spread").asDouble(), 0.0005 + 1e-9);
        assertEquals(0.788, overall.get("within-1-sigma").asDouble(), 0.0005 + 1e-9);
        assertEquals(0.958, overall.get("within-2-sigma").asDouble(), 0.0005 + 1e-9);
        assertEquals(10, printed.get("experiments").size());
        assertEquals("carbon-a", printed.get("model").get("card").get("name").asText());
        assertEquals(0.05, printed.get("selection").get("min-omega-gev").asDouble());
        int split = printed.get("splits").get("training").get("points").asInt()
                + printed.get("splits").get("held-out").get("points").asInt();
        assertEquals(2480, split, "every point of the 50 MeV selection was a training or held-out point");
        assertTrue(singleRun.err().contains("xsdnn report: scoring"), singleRun.err());
    }

    @Test
    void writesOneDecodablePngPerSpectrumAndAPageThatLinksThem() throws Exception {
        JsonNode report = JSON.readTree(single.resolve("report.json").toFile());
        String html = Files.readString(single.resolve("index.html"));
        int points = 0;
        for (JsonNode spectrum : report.get("spectra")) {
            String figure = spectrum.get("figure").asText();
            String thumbnail = "thumbs/" + Path.of(figure).getFileName();
            BufferedImage full = ImageIO.read(single.resolve(figure).toFile());
            BufferedImage small = ImageIO.read(single.resolve(thumbnail).toFile());
            assertNotNull(full, figure);
            assertNotNull(small, thumbnail);
            assertEquals(800, full.getWidth());
            assertEquals(240, small.getWidth());
            assertTrue(html.contains("href=\"" + figure + "\""), figure + " linked");
            assertTrue(html.contains("src=\"" + thumbnail + "\""), thumbnail + " shown");
            points += spectrum.get("points").asInt();
        }
        assertEquals(2480, points);
        assertTrue(report.get("spectra").size() >= 60);
        assertNotNull(ImageIO.read(single.resolve("heatmap.png").toFile()));
        assertTrue(html.contains("src=\"heatmap.png\""));
        assertTrue(html.contains("<td>all</td><td>2480</td><td>9.25</td>"), "headline row");
        assertTrue(html.contains("seed"), "the card's provenance");
        assertEquals(
                0,
                orangePixels(single.resolve(
                        report.get("spectra").get(0).get("figure").asText())),
                "no compared model, no second colour");
    }

    @Test
    void comparesASecondModelOnTheSamePoints() throws Exception {
        Path out = work.resolve("compare");
        CliRun.Result r = xsdnn(
                "report",
                "--model",
                NUWRO.toString(),
                "--compare",
                CARBON_A.toString(),
                "--data",
                DATA,
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().matches("(?s).*\\nall +2480 +12\\.35 .*"), "text headline: " + r.out());
        assertTrue(r.out().matches("(?s).*\\nall, carbon-a +2480 +9\\.25 .*"), "compared model's headline: " + r.out());
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals(12.35, report.get("overall").get("chi2-per-point").asDouble(), 0.005);
        assertEquals(
                9.25, report.get("compare").get("overall").get("chi2-per-point").asDouble(), 0.005);
        assertEquals("NUWRO", report.get("model").get("layout").asText());
        assertTrue(report.get("model").get("card").isNull());
        for (JsonNode spectrum : report.get("spectra")) {
            assertFalse(spectrum.get("compare-chi2-per-point").isNull(), spectrum.toString());
        }
        Path figure = out.resolve(report.get("spectra").get(0).get("figure").asText());
        assertTrue(orangePixels(figure) > 50, "the compared model's mean and band are drawn in its colour");
    }

    @Test
    void scoresAFusedFileToo() throws Exception {
        CliRun.Result r = xsdnn(
                "report",
                "--model",
                CARBON_A.resolve("fused.onnx").toString(),
                "--data",
                DATA,
                "--min-omega",
                "0.05",
                "--format",
                "json");
        assertEquals(0, r.code(), r.toString());
        JsonNode report = JSON.readTree(r.out());
        assertEquals("FUSED", report.get("model").get("layout").asText());
        assertEquals(9.25, report.get("overall").get("chi2-per-point").asDouble(), 0.005);
        JsonNode splits = report.get("splits");
        assertEquals(
                2480,
                splits.get("training").get("points").asInt()
                        + splits.get("held-out").get("points").asInt(),
                "the card travels in the file, and with it the split");
    }

    @Test
    void missingModelIsAnInputError() {
        CliRun.Result r =
                xsdnn("report", "--model", work.resolve("no-such-model").toString(), "--data", DATA);
        assertEquals(ExitCodes.IO, r.code(), r.toString());
        assertTrue(r.err().contains("no-such-model") && r.err().contains("expected a model directory"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");
    }

    @Test
    void directoryWithoutModelFilesIsABadModel() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty"));
        CliRun.Result r = xsdnn("report", "--model", empty.toString(), "--data", DATA);
        assertEquals(ExitCodes.BAD_MODEL, r.code(), r.toString());
    }

    @Test
    void htmlOnStandardOutputNeedsTheFigures() {
        CliRun.Result r = xsdnn("report", "--model", CARBON_A.toString(), "--data", DATA, "--format", "html");
        assertEquals(ExitCodes.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("--out"), r.err());
    }

    /** Pixels close to the compared model's colour: its line core and legend swatch. */
    private static int orangePixels(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int[] c = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
                boolean close = true;
                for (int k = 0; k < 3; k++) {
                    close &= Math.abs(c[k] - COMPARE_RGB[k]) <= 30;
                }
                count += close ? 1 : 0;
            }
        }
        return count;
    }
}
