package org.xsdnn.runtime.points;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringOptions;
import org.xsdnn.runtime.TrainingDomain;
import org.xsdnn.runtime.table.TableAxis;

/** Points from a grid or a CSV file of the carbon data, scored chunk by chunk with the shipped carbon-a. */
class PointScoringTest {
    private static final Path ROOT = Path.of(System.getProperty("xsdnn.root", ".."));
    private static final Path CARBON_A = ROOT.resolve("onnx-models/carbon-a");
    private static final Path CARBON_DATA =
            Path.of(System.getProperty("xsdnn.shared", "/work/shared"), "data", "qes", "12C.dat");

    @TempDir
    Path tmp;

    /** The first {@code rows} carbon data points (E, θ, ω: columns 3 to 5 of the archive file) as a points CSV. */
    private Path carbonCsv(int rows) throws IOException {
        List<String> lines = new ArrayList<>(List.of("# carbon data, " + rows + " points", CsvPoints.HEADER));
        for (String line : Files.readAllLines(CARBON_DATA).subList(0, rows)) {
            String[] f = line.trim().split("\\s+");
            lines.add(f[2] + "," + f[3] + "," + f[4]);
        }
        Path csv = tmp.resolve("carbon.csv");
        Files.write(csv, lines);
        return csv;
    }

    @Test
    void chunksOfACsvScoreAsTheWholeFileAtOnce() throws Exception {
        Path csv = carbonCsv(50);
        List<PointBatch> chunks = new ArrayList<>();
        List<Prediction> predictions = new ArrayList<>();
        PointScoring.Summary summary;
        try (Ensemble ensemble = Ensemble.open(CARBON_A, ScoringOptions.defaults());
                CsvPoints points = CsvPoints.open(csv, 16)) {
            summary = PointScoring.score(ensemble, points, (batch, p, in) -> {
                chunks.add(batch);
                predictions.add(p);
                assertEquals(batch.size(), in.length);
            });
            assertEquals(
                    List.of(16, 16, 16, 2),
                    chunks.stream().map(PointBatch::size).toList());
            double[] e = chunks.stream()
                    .flatMapToDouble(b -> java.util.Arrays.stream(b.energyGeV()))
                    .toArray();
            double[] t = chunks.stream()
                    .flatMapToDouble(b -> java.util.Arrays.stream(b.thetaDeg()))
                    .toArray();
            double[] w = chunks.stream()
                    .flatMapToDouble(b -> java.util.Arrays.stream(b.omegaGeV()))
                    .toArray();
            assertEquals(0.160, e[0]);
            assertEquals(36.0, t[0]);
            assertEquals(0.013, w[0]);
            Prediction whole = ensemble.score(e, t, w);
            double[] chunked = predictions.stream()
                    .flatMapToDouble(p -> java.util.Arrays.stream(p.mean()))
                    .toArray();
            assertArrayEquals(whole.mean(), chunked);
        }
        assertEquals(50, summary.points());
        assertEquals(0, summary.skipped());
        // The first rows (E = 0.16 GeV, ω from 0.008 GeV) lie below the card's E and ω ranges.
        assertTrue(summary.outsideDomain() > 0 && summary.outsideDomain() < 50, summary::toString);
    }

    @Test
    void badCsvRowsNameFileAndLineCountingCommentsAndHeader() throws Exception {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "# a comment\n" + CsvPoints.HEADER + "\n0.68,36,0.1\n\n0.68,36,\"0,35\"\n");
        try (CsvPoints points = CsvPoints.open(csv, 4096)) {
            PointFormatException e = assertThrows(PointFormatException.class, points::next);
            assertEquals(csv + ":5: column omega_GeV is \"0,35\"; expected a number like 0.35.", e.getMessage());
        }
        Files.writeString(csv, CsvPoints.HEADER + "\n0.5,30,0.7\n");
        try (CsvPoints points = CsvPoints.open(csv, 4096)) {
            assertTrue(assertThrows(PointFormatException.class, points::next)
                    .getMessage()
                    .startsWith(csv + ":2: omega = 0.7 GeV"));
        }
        Files.writeString(csv, "E_GeV,theta_deg\n0.5,30\n");
        assertEquals(
                csv + ":1: header [E_GeV, theta_deg] lacks column omega_GeV; expected " + CsvPoints.HEADER,
                assertThrows(PointFormatException.class, () -> CsvPoints.open(csv, 4096))
                        .getMessage());
        Files.writeString(csv, CsvPoints.HEADER + "\n");
        try (CsvPoints points = CsvPoints.open(csv, 4096)) {
            assertTrue(assertThrows(PointFormatException.class, points::next)
                    .getMessage()
                    .contains("no points"));
        }
    }

    @Test
    void gridRunsOmegaFastestAndSkipsOmegaAtOrAboveE() {
        GridPoints grid = new GridPoints(new double[] {0.5, 1.0}, new double[] {30}, new double[] {0.4, 0.7}, 2);
        PointBatch first = grid.next();
        assertArrayEquals(new double[] {0.5, 1.0}, first.energyGeV());
        assertArrayEquals(new double[] {0.4, 0.4}, first.omegaGeV());
        PointBatch second = grid.next();
        assertArrayEquals(new double[] {0.7}, second.omegaGeV());
        assertNull(grid.next());
        assertEquals(1, grid.skipped());
    }

    @Test
    void unphysicalGridValuesAreRefusedNamingThem() {
        IllegalArgumentException single = assertThrows(
                IllegalArgumentException.class,
                () -> new GridPoints(new double[] {0.5}, new double[] {30}, new double[] {0.7}, 8).next());
        assertTrue(single.getMessage().contains("omega = 0.7"), single::getMessage);
        IllegalArgumentException angle = assertThrows(
                IllegalArgumentException.class,
                () -> new GridPoints(new double[] {0.5, 1}, new double[] {200}, new double[] {0.1}, 8).next());
        assertTrue(angle.getMessage().contains("theta = 200"), angle::getMessage);
        IllegalArgumentException none = assertThrows(
                IllegalArgumentException.class,
                () -> new GridPoints(new double[] {0.5, 1}, new double[] {30}, new double[] {1, 2}, 8).next());
        assertTrue(none.getMessage().startsWith("every one of the 4 grid combinations"), none::getMessage);
    }

    @Test
    void theTrainingDomainComesFromTheCardAndANuwroSetHasNone() throws Exception {
        PointBatch points = new PointBatch(new double[] {0.68, 0.1}, new double[] {36, 36}, new double[] {0.1, 0.05});
        try (Ensemble carbon = Ensemble.open(CARBON_A, ScoringOptions.defaults());
                Ensemble nuwro = Ensemble.open(ROOT.resolve("onnx-models/carbon-a-nuwro"), ScoringOptions.defaults())) {
            assertArrayEquals(
                    new boolean[] {true, false}, TrainingDomain.of(carbon).contains(points));
            assertArrayEquals(
                    new boolean[] {true, true}, TrainingDomain.of(nuwro).contains(points));
            TableAxis e = new TableAxis("E", "GeV", new double[] {0.1, 1});
            TableAxis t = new TableAxis("theta", "deg", new double[] {20, 40});
            TableAxis w = new TableAxis("omega", "GeV", new double[] {0.05, 0.5});
            List<String> beyond = TrainingDomain.of(carbon).beyond(e, t, w);
            assertEquals(1, beyond.size(), beyond::toString);
            assertTrue(beyond.get(0).startsWith("E 0.1000-1.000 GeV, trained on 0.1610"), beyond::toString);
            assertEquals(List.of(), TrainingDomain.of(nuwro).beyond(e, t, w));
        }
    }
}
