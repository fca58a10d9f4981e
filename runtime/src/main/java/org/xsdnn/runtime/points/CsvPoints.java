package org.xsdnn.runtime.points;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.xsdnn.core.Kinematics;

/**
 * A CSV file of points with the columns {@value #HEADER} (any order, other columns ignored, {@code #} comments),
 * read row by row so that a file of any length needs one chunk of memory. A bad row is refused with
 * {@code file:line}, counting every line of the file, so that an editor jumps to it.
 */
public final class CsvPoints implements PointSource {
    /** The columns a points file must name in its header. */
    public static final String HEADER = "E_GeV,theta_deg,omega_GeV";

    private static final List<String> COLUMNS = List.of(HEADER.split(","));

    private final Path file;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final int chunk;
    private long rows;

    private CsvPoints(Path file, CSVParser parser, int chunk) {
        this.file = file;
        this.parser = parser;
        this.records = parser.iterator();
        this.chunk = chunk;
    }

    /**
     * Opens the file and checks its header.
     *
     * @param chunk the most points {@link #next} returns at a time
     * @throws IOException when the file cannot be read
     * @throws PointFormatException when the header lacks a column
     */
    public static CsvPoints open(Path file, int chunk) throws IOException, PointFormatException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            skipByteOrderMark(reader);
            CSVParser parser = CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .setIgnoreSurroundingSpaces(true)
                    .setCommentMarker('#')
                    .get()
                    .parse(reader);
            for (String column : COLUMNS) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new PointFormatException(file + ":1: header " + parser.getHeaderNames() + " lacks column "
                            + column + "; expected " + HEADER);
                }
            }
            return new CsvPoints(file, parser, chunk);
        } catch (IOException | PointFormatException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Spreadsheets save UTF-8 with a byte-order mark, which would otherwise join the first column's name. */
    private static void skipByteOrderMark(Reader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }

    /** @throws PointFormatException for a row with an unnamed field, a non-number or an unphysical point */
    @Override
    public PointBatch next() throws PointFormatException {
        PointBatch.Builder batch = new PointBatch.Builder(chunk);
        double[] point = new double[3];
        while (!batch.isFull() && records.hasNext()) {
            CSVRecord record = records.next();
            // The line where this record ends: its own line for a one-line record, counting the header,
            // comment and blank lines (record numbers count none of them).
            String where = file + ":" + parser.getCurrentLineNumber() + ": ";
            List<String> header = parser.getHeaderNames();
            if (record.size() > header.size()) {
                throw new PointFormatException(where + record.size() + " fields, but the header names " + header.size()
                        + " (" + String.join(",", header) + "); remove the extra field or name it in the header");
            }
            for (int c = 0; c < 3; c++) {
                String value = record.isSet(COLUMNS.get(c)) ? record.get(COLUMNS.get(c)) : "";
                try {
                    point[c] = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new PointFormatException(
                            where + "column " + COLUMNS.get(c) + " is \"" + value + "\"; expected a number like 0.35.",
                            e);
                }
            }
            String problem = Kinematics.validate(point[0], point[1], point[2]);
            if (problem != null) {
                throw new PointFormatException(where + problem);
            }
            batch.add(point[0], point[1], point[2]);
        }
        rows += batch.size();
        if (rows == 0) {
            throw new PointFormatException(
                    file + ": no points (expected a header " + HEADER + " and at least one row)");
        }
        return batch.build();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
