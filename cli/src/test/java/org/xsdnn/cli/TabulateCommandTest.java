package org.xsdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xsdnn.cli.CliRun.xsdnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xsdnn.runtime.table.LookupTable;

/** {@code xsdnn tabulate} in process, on the third-party NuWro reference ensemble (no training needed). */
class TabulateCommandTest {
    private static final Path NUWRO =
            Path.of(System.getProperty("xsdnn.shared", "/work/shared"), "reference-models", "nuwro-pr53");
    private static final ObjectMapper JSON = new ObjectMapper();
    // 4 × 5 × 30 = 600 nodes; ω reaches past the lowest energies, so some nodes are unphysical.
    private static final String[] GRID = {"-E", "0.4:1.0:0.2", "--theta", "20:40:5", "--omega", "0.02:0.6:0.02"};

    @TempDir
    static Path work;

    private static CliRun.Result made;
    private static Path stem;

    private static String[] tabulate(Path out, String... more) {
        String[] head = {"tabulate", "--model", NUWRO.toString()};
        String[] tail = {"--out", out.toString()};
        return Stream.of(head, GRID, tail, more).flatMap(Stream::of).toArray(String[]::new);
    }

    @BeforeAll
    static void tabulateOnce() {
        assertTrue(Files.isDirectory(NUWRO), "no reference models at " + NUWRO + " (system property xsdnn.shared)");
        stem = work.resolve("carbon");
        made = xsdnn(tabulate(stem));
    }

    @Test
    void writesCsvAndBinaryTablesThatAgree() throws IOException {
        assertEquals(0, made.code(), made::toString);
        assertEquals("", made.out(), "messages go to stderr; the results are the files");
        LookupTable table = LookupTable.open(work.resolve("carbon.xsdt"));
        List<String> csv = Files.readAllLines(work.resolve("carbon.csv"));
        assertEquals("E_GeV,theta_deg,omega_GeV,sigma_mean_nb_per_sr_GeV,sigma_std_nb_per_sr_GeV", csv.get(0));
        assertEquals(1 + 4 * 5 * 30, csv.size());
        assertEquals(4 * 5 * 30, table.nodes());
        // Grid nodes are the decimals typed, not start + i·step with its rounding noise.
        assertEquals(0.06, table.omega().value(2), 0);
        assertEquals(0.6, table.omega().value(29), 0);
        assertEquals(0.8, table.energy().value(2), 0);
        int n = 1;
        int nan = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                for (int k = 0; k < 30; k++) {
                    String[] c = csv.get(n++).split(",");
                    double e = Double.parseDouble(c[0]);
                    double w = Double.parseDouble(c[2]);
                    assertEquals(table.energy().value(i), e, 0);
                    assertEquals(table.theta().value(j), Double.parseDouble(c[1]), 0);
                    assertEquals(table.omega().value(k), w, 0);
                    float mean = Float.parseFloat(c[3]);
                    assertEquals(Float.floatToIntBits(table.mean(i, j, k)), Float.floatToIntBits(mean), csv.get(n - 1));
                    assertEquals(
                            Float.floatToIntBits(table.std(i, j, k)), Float.floatToIntBits(Float.parseFloat(c[4])));
                    assertEquals(w >= e, Float.isNaN(mean), csv.get(n - 1));
                    if (w < e) {
                        assertTrue(mean > 0 && table.std(i, j, k) >= 0, csv.get(n - 1));
                    }
                    nan += Float.isNaN(mean) ? 1 : 0;
                }
            }
        }
        // ω ≥ E: E 0.4 → ω 0.4 … 0.6 (11 nodes), E 0.6 → ω 0.6 (1), times 5 angles.
        assertEquals(5 * 12, nan);
        assertTrue(
                made.err().contains("600 nodes, 540 physical, 60 with ω ≥ E stored as NaN; 2 members"), made::toString);
    }

    @Test
    void headerNamesUnitsModelAxesAndTheErrorPrintedOnStderr() throws IOException {
        LookupTable table = LookupTable.open(work.resolve("carbon.xsdt"));
        JsonNode h = JSON.readTree(table.headerJson());
        assertEquals("xsdt", h.path("format").asText());
        assertEquals(1, h.path("format-version").asInt());
        assertEquals("nb/(sr GeV)", h.path("units").path("sigma").asText());
        assertEquals("GeV", h.path("units").path("energy").asText());
        assertEquals("deg", h.path("units").path("theta").asText());
        assertTrue(h.path("unphysical").asText().contains("NaN"), h::toPrettyString);
        JsonNode model = h.path("model");
        assertEquals("nuwro", model.path("layout").asText());
        assertEquals("nuwro-pr53", model.path("name").asText());
        assertTrue(model.path("card-sha256").isNull(), "a NuWro directory has no card");
        assertEquals(12, model.path("mass-number").asInt());
        // The checksums its README lists.
        assertEquals(
                "d10620008e5ef97b03df539656ae911ca84e6e897f5b867d80904111abbf1faf",
                model.path("member-sha256").path("model_electron_A_12_0.onnx").asText());
        assertEquals(
                "e769b6fe9bd85674d5de3d3a37e1a4a982de6ddfb2f29495ebe71f303db52c23",
                model.path("member-sha256").path("model_electron_A_12_1.onnx").asText());
        JsonNode axes = h.path("axes");
        assertEquals(3, axes.size());
        assertEquals("0.4:1.0:0.2", axes.get(0).path("spec").asText());
        assertEquals(30, axes.get(2).path("count").asInt());
        assertEquals(0.02, axes.get(2).path("step").asDouble(), 1e-12);
        assertFalse(h.path("created-at").asText().isEmpty());

        JsonNode mid = h.path("interpolation-error").path("midpoints");
        double median = mid.path("median-relative").asDouble();
        double max = mid.path("max-relative").asDouble();
        assertTrue(median > 0 && max >= median, h::toPrettyString);
        // stderr prints the same figures, in per cent to 3 digits.
        Matcher m = Pattern.compile(
                        "interpolation error of σ mean at (\\d+) cell midpoints .*median ([0-9.]+) %, 95th percentile "
                                + "([0-9.]+) %, max ([0-9.]+) %")
                .matcher(made.err());
        assertTrue(m.find(), made::toString);
        assertEquals(mid.path("points-compared").asInt(), Integer.parseInt(m.group(1)));
        assertEquals(100 * median, Double.parseDouble(m.group(2)), 0.005 * 100 * median);
        assertEquals(100 * max, Double.parseDouble(m.group(4)), 0.005 * 100 * max);
        assertTrue(made.err().contains("along one axis only"), made::toString);
    }

    @Test
    void coarseGridGetsTheRefineHint() {
        // 5° and 0.2 GeV steps across the quasielastic peak: a median error of several per cent.
        assertTrue(
                made.err()
                        .matches("(?s).*hint: the median interpolation error [0-9.]+ % exceeds 1 %: refine the grid, "
                                + "(-E|--theta|--omega) first.*"),
                made::toString);
    }

    @Test
    void progressLinesWhenAsked() {
        CliRun.Result r = xsdnn(tabulate(work.resolve("progress"), "--batch", "100", "--progress", "0"));
        assertEquals(0, r.code(), r::toString);
        List<String> lines =
                r.err().lines().filter(l -> l.contains("tabulating")).toList();
        // 540 points in batches of 100: a line after each batch but the last.
        assertEquals(5, lines.size(), r::toString);
        assertTrue(
                lines.get(0).matches("xsdnn tabulate: tabulating 100 / 540 points \\(19 %\\), .* elapsed, ETA .*"),
                r::toString);
        assertFalse(made.err().contains("tabulating "), "a small table prints no progress at the default 5 s");
    }

    static Stream<Arguments> badGrids() {
        return Stream.of(
                Arguments.of(
                        List.of("-E", "0.68", "--theta", "20:40:5", "--omega", "0.02:0.6:0.02"),
                        List.of(
                                "option '--energy'",
                                "'0.68' gives 1 value",
                                "at least 2 per axis",
                                "e.g. -E 0.2:2.0:0.1")),
                Arguments.of(
                        List.of("-E", "0.4:1.0:0.2", "--theta", "20:40:5", "--omega", "0.3,0.1"),
                        List.of(
                                "option '--omega'",
                                "'0.3,0.1'",
                                "0.1 follows 0.3",
                                "increase strictly",
                                "e.g. --omega 0.01:1.0:0.01")),
                Arguments.of(
                        List.of("-E", "0.4:1.0:0.2", "--theta", "20,20,30", "--omega", "0.02:0.6:0.02"),
                        List.of("option '--theta'", "'20,20,30'", "increase strictly")),
                Arguments.of(
                        List.of("-E", "0.4:1.0:0.2", "--theta", "0:40:10", "--omega", "0.02:0.6:0.02"),
                        List.of("option '--theta'", "'0:40:10'", "θ = 0 deg", "0 < θ ≤ 180", "e.g. --theta 10:90:5")),
                Arguments.of(
                        List.of("-E", "0.4:1.0:0.2", "--theta", "90:270:10", "--omega", "0.02:0.6:0.02"),
                        List.of("θ = 190 deg", "0 < θ ≤ 180")),
                Arguments.of(
                        List.of("-E", "-0.2:1.0:0.2", "--theta", "20:40:5", "--omega", "0.02:0.6:0.02"),
                        List.of("E = -0.2 GeV", "> 0")),
                Arguments.of(
                        List.of("-E", "0.4:1.0:0.2", "--theta", "20:40:5", "--omega", "-0.1:0.6:0.1"),
                        List.of("ω = -0.1 GeV", "≥ 0")),
                Arguments.of(
                        List.of("-E", "0.4:1.0:0.2", "--theta", "20:40:5", "--omega", "0.9:2.0:0.1"),
                        List.of("no cell of the grid lies wholly below ω = E", "--omega")),
                Arguments.of(
                        List.of("-E", "0.4:1.0:0.2", "--theta", "20:40:5", "--omega", "0.6:0.1:0.1"),
                        List.of("option '--omega'", "'0.6:0.1:0.1'", "step > 0 and stop >= start")),
                Arguments.of(
                        List.of("-E", "0.4:1.0:0.2", "--theta", "20:40:5", "--omega", "0.1:0.6:0"),
                        List.of("step > 0")),
                Arguments.of(
                        List.of("-E", "0.4:1.0:0.2", "--theta", "20:40:5", "--omega", "abc"),
                        List.of("option '--omega'", "'abc'", "not a number", "like 0.01:0.6:0.005")),
                Arguments.of(
                        List.of("-E", "0.1:10:0.001", "--theta", "1:180:1", "--omega", "0:1:0.01"),
                        List.of("9901 × 180 × 101 = 180,000,180 nodes", "at most 25,000,000", "Coarsen a step")),
                Arguments.of(
                        List.of(
                                "-E",
                                "0.4:1.0:0.2",
                                "--theta",
                                "20:40:5",
                                "--omega",
                                "0.02:0.6:0.02",
                                "--error-cells",
                                "10"),
                        List.of("--error-cells 10", "at least 1000")));
    }

    @ParameterizedTest
    @MethodSource("badGrids")
    void badGridsAreUsageErrorsThatTeach(List<String> grid, List<String> expected) throws IOException {
        Path out = work.resolve("bad");
        String[] args = Stream.concat(
                        Stream.of("tabulate", "--model", NUWRO.toString(), "--out", out.toString()), grid.stream())
                .toArray(String[]::new);
        CliRun.Result r = xsdnn(args);
        assertEquals(2, r.code(), r::toString);
        List<String> lines = r.err().lines().toList();
        for (String s : expected) {
            assertTrue(lines.get(0).contains(s), () -> "message lacks \"" + s + "\"\n" + r);
        }
        assertFalse(r.err().contains("\tat "), () -> "stack trace without --verbose\n" + r);
        // One line says it all; a value that an option's converter refused gets the usage hint of every parse error.
        assertTrue(
                lines.size() == 1 || lines.equals(List.of(lines.get(0), "Try 'xsdnn tabulate --help' for usage.")),
                r::toString);
        assertFalse(
                Files.exists(work.resolve("bad.csv")) || Files.exists(work.resolve("bad.xsdt")),
                "no output on a usage error");
    }

    @Test
    void missingOptionsAndDirectoriesAreNamed() {
        CliRun.Result noOut = xsdnn(Stream.concat(Stream.of("tabulate", "--model", NUWRO.toString()), Stream.of(GRID))
                .toArray(String[]::new));
        assertEquals(2, noOut.code(), noOut::toString);
        assertTrue(noOut.err().contains("--out"), noOut::toString);

        Path nowhere = work.resolve("no-such-dir").resolve("table");
        CliRun.Result r = xsdnn(tabulate(nowhere));
        assertEquals(5, r.code(), r::toString);
        assertTrue(
                r.err().contains(nowhere.getParent().toString()) && r.err().contains("create it first"), r::toString);

        CliRun.Result dir = xsdnn(tabulate(work));
        assertEquals(2, dir.code(), dir::toString);
        assertTrue(dir.err().contains("is a directory; give a file stem"), dir::toString);
    }

    @Test
    void helpHasAnExample() {
        CliRun.Result r = xsdnn("tabulate", "--help");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Usage: xsdnn tabulate"), r::toString);
        Matcher example = Pattern.compile("(?m)^Examples?\\b").matcher(r.out());
        assertTrue(example.find(), () -> "no Example line\n" + r);
        assertTrue(r.out().substring(example.start()).contains("xsdnn tabulate --model"), r::toString);
        CliRun.Result root = xsdnn("--help");
        assertTrue(root.out().contains("tabulate"), root::toString);
    }
}
