package org.xsdnn.data;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The normalization groups of normalization.csv (columns {@code target, dataset_key, theta_deg,
 * norm_uncertainty_percent, note}). A row with {@code theta_deg} makes that angle of the
 * experiment its own group; points match it when |θ − θ_row| &lt; 0.05°.
 */
public final class NormalizationTable {
    /** Angles in the archive are given to 0.01° or better; 0.05° separates distinct settings. */
    static final double THETA_TOLERANCE_DEG = 0.05;

    private static final List<String> COLUMNS =
            List.of("target", "dataset_key", "theta_deg", "norm_uncertainty_percent", "note");

    private final List<NormalizationGroup> groups;

    private NormalizationTable(List<NormalizationGroup> groups) {
        this.groups = List.copyOf(groups);
    }

    public static NormalizationTable load(Path csv) throws IOException, DataFormatException {
        // Read whole first, so that any I/O failure while parsing below is a format error.
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        // A byte-order mark (spreadsheets write one) would otherwise be part of the first column's name.
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return parse(csv.getFileName().toString(), new StringReader(text));
    }

    /**
     * Parses the table from {@code in}.
     *
     * @param name the source's name, for error messages
     */
    static NormalizationTable parse(String name, Reader in) throws IOException, DataFormatException {
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setTrim(true)
                .get();
        try (CSVParser parser = CSVParser.parse(in, format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            List<String> missing = COLUMNS.stream()
                    .filter(c -> header == null || !header.containsKey(c))
                    .toList();
            if (!missing.isEmpty()) {
                throw new DataFormatException(
                        name, 1, "header lacks column(s) " + missing + "; expected " + String.join(",", COLUMNS) + ".");
            }
            List<NormalizationGroup> groups = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (CSVRecord r : parser) {
                NormalizationGroup g = group(name, (int) parser.getCurrentLineNumber(), r);
                if (!ids.add(g.id())) {
                    throw new DataFormatException(
                            name,
                            (int) parser.getCurrentLineNumber(),
                            "group " + g.id() + " is defined twice; expected one row per group.");
                }
                groups.add(g);
            }
            checkAngleRowsAreConsistent(name, groups);
            return new NormalizationTable(groups);
        } catch (UncheckedIOException e) {
            // commons-csv reports malformed CSV (e.g. an unclosed quote) this way.
            throw new DataFormatException(
                    name, 0, "is not valid CSV: " + e.getCause().getMessage());
        }
    }

    /** The groups of {@code target} (e.g. C12, He3, Ca40), in file order. */
    public List<NormalizationGroup> groupsFor(String target) {
        return groups.stream().filter(g -> g.target().equals(target)).toList();
    }

    /** The group that {@code p}, a point of {@code target}, belongs to, if any. */
    public Optional<NormalizationGroup> groupOf(String target, DataPoint p) {
        return groups.stream()
                .filter(g -> g.target().equals(target) && g.datasetKey().equals(p.datasetKey()))
                .filter(g -> g.thetaDeg() == null || Math.abs(g.thetaDeg() - p.thetaDeg()) < THETA_TOLERANCE_DEG)
                .findFirst();
    }

    private static NormalizationGroup group(String name, int line, CSVRecord r) throws DataFormatException {
        String target = r.get("target");
        String key = r.get("dataset_key");
        if (target.isEmpty() || key.isEmpty()) {
            throw new DataFormatException(
                    name, line, "target or dataset_key is empty; expected e.g. C12,Barreau:1983ht.");
        }
        Double theta = null;
        String thetaText = r.get("theta_deg");
        if (!thetaText.isEmpty()) {
            theta = QesReader.decimal(thetaText);
            if (theta == null || !(theta > 0 && theta <= 180)) {
                throw new DataFormatException(
                        name,
                        line,
                        "column theta_deg is \"" + thetaText
                                + "\"; expected an angle in degrees like 45.5, or nothing for all angles.");
            }
        }
        String percentText = r.get("norm_uncertainty_percent");
        Double percent = QesReader.decimal(percentText);
        if (percent == null || !(percent > 0)) {
            throw new DataFormatException(
                    name,
                    line,
                    "column norm_uncertainty_percent is \"" + percentText
                            + "\"; expected a positive percentage like 2.5.");
        }
        String id = target + "/" + key
                + (theta == null
                        ? ""
                        : "/" + BigDecimal.valueOf(theta).stripTrailingZeros().toPlainString() + "deg");
        return new NormalizationGroup(id, target, key, theta, percent / 100.0);
    }

    /** A dataset with both per-angle rows and an all-angle row would put its points in two groups. */
    private static void checkAngleRowsAreConsistent(String name, List<NormalizationGroup> groups)
            throws DataFormatException {
        for (NormalizationGroup g : groups) {
            for (NormalizationGroup h : groups) {
                if (g.thetaDeg() == null
                        && h.thetaDeg() != null
                        && g.target().equals(h.target())
                        && g.datasetKey().equals(h.datasetKey())) {
                    throw new DataFormatException(
                            name,
                            0,
                            g.target() + " " + g.datasetKey()
                                    + " has rows both with and without theta_deg; expected one or the other.");
                }
            }
        }
    }
}
