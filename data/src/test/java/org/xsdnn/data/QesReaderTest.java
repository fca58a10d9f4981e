package org.xsdnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QesReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsEveryCarbonLine() throws Exception {
        QesReader.ReadResult r = QesReader.read(SharedData.file("12C.dat"));
        assertEquals(2883, r.points().size());
        assertEquals(0, r.droppedNonPositiveSigma());
        assertEquals(0, r.droppedNonPositiveError());
        assertEquals(
                new DataPoint(6, 12, 0.160, 36.0, 0.013, 4.1060e5, 1.8320e5, "Barreau:1983ht", "12C.dat", 1),
                r.points().get(0));
    }

    @Test
    void addsFominStatAndSystErrorsInQuadrature() throws Exception {
        QesReader.ReadResult r = QesReader.read(SharedData.file("3He.dat"));
        List<DataPoint> fomin = r.points().stream()
                .filter(p -> p.datasetKey().equals("Fomin:2010ei"))
                .toList();
        // 311 lines, 82 of them with 9 columns; 3 have sigma < 0
        assertEquals(308, fomin.size());
        assertEquals(
                3,
                r.dropped().stream()
                        .filter(p -> p.datasetKey().equals("Fomin:2010ei"))
                        .count());
        // 3He.dat:1877 is "2 3 5.7660 18.00 2.3101 6.790e+01 2.320e-01 2.380e-03 Fomin:2010ei"
        DataPoint p = fomin.stream().filter(q -> q.line() == 1877).findFirst().orElseThrow();
        assertEquals(67.90, p.sigma());
        assertEquals(Math.sqrt(0.232 * 0.232 + 0.00238 * 0.00238), p.error(), 1e-15);
        assertEquals(2.3101, p.omegaGeV());
    }

    @Test
    void countsNonPositivePointsOfHelium3() throws Exception {
        QesReader.ReadResult r = QesReader.read(SharedData.file("3He.dat"));
        assertEquals(32, r.droppedNonPositiveSigma()); // 31 negative, 1 zero
        assertEquals(1, r.droppedNonPositiveError());
        assertEquals(32, r.dropped().size()); // the err <= 0 point also has sigma = 0
        assertEquals(2475 - 32, r.points().size());
    }

    @Test
    void countsNonPositivePointsOfCalcium40() throws Exception {
        QesReader.ReadResult r = QesReader.read(SharedData.file("40Ca.dat"));
        assertEquals(2, r.droppedNonPositiveSigma()); // 1 negative, 1 zero
        assertEquals(2, r.droppedNonPositiveError());
        assertEquals(
                List.of(734, 764), r.dropped().stream().map(DataPoint::line).toList());
        assertEquals(1339 - 2, r.points().size());
    }

    @Test
    void skipsGenieHeader() throws Exception {
        QesReader.ReadResult r = QesReader.read(SharedData.file("eQE_197Au.dat"));
        assertEquals(738, r.points().size());
        DataPoint first = r.points().get(0);
        assertEquals(10, first.line());
        assertEquals(197, first.a());
        assertEquals("Arrington:1995hs", first.datasetKey());
    }

    @Test
    void acceptsTrailingWhitespaceCrlfAndBlankLines() throws Exception {
        Path f = write(
                "ok.dat",
                "# comment\r\n  6  12   0.160  36.000   0.013  4.1060e+05  1.8320e+05 Barreau:1983ht \t \r\n\r\n"
                        + " 2 3 5.766 18.0 2.3101 6.790e+01 2.320e-01 2.380e-03 Fomin:2010ei\r\n");
        QesReader.ReadResult r = QesReader.read(f);
        assertEquals(2, r.points().size());
        assertEquals("Barreau:1983ht", r.points().get(0).datasetKey());
        assertEquals(2, r.points().get(0).line());
        assertEquals("Fomin:2010ei", r.points().get(1).datasetKey());
        assertEquals(4, r.points().get(1).line());
    }

    @Test
    void rejectsWrongColumnCount() throws Exception {
        Path f = write(
                "bad.dat",
                " 6 12 0.160 36.0 0.013 4.1e5 1.8e5 Barreau:1983ht\n 6 12 0.160 36.0 0.018 4.1e5 Barreau:1983ht\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> QesReader.read(f));
        assertEquals(
                "bad.dat:2: found 7 columns; expected 8 columns (Z A E theta omega sigma error key)"
                        + " or 9 (Z A E theta omega sigma stat syst key).",
                e.getMessage());
        assertEquals("bad.dat", e.getFile());
        assertEquals(2, e.getLine());
    }

    @Test
    void rejectsDecimalComma() throws Exception {
        Path f = write("12C.dat", " 6 12 0.68 36.0 0,35 4.1e5 1.8e5 Barreau:1983ht\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> QesReader.read(f));
        assertEquals("12C.dat:1: column 5 (omega, GeV) is \"0,35\"; expected a number like 0.35.", e.getMessage());
    }

    @Test
    void rejectsNonFiniteValues() throws Exception {
        Path nan = write("nan.dat", " 6 12 0.68 36.0 0.35 NaN 1.8e5 Barreau:1983ht\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> QesReader.read(nan));
        assertEquals(
                "nan.dat:1: column 6 (sigma, nb/(sr GeV)) is \"NaN\"; expected a number like 1.23e+03.",
                e.getMessage());
        Path overflow = write("inf.dat", "\n 6 12 0.68 36.0 0.35 1e5 1e999 Barreau:1983ht\n");
        e = assertThrows(DataFormatException.class, () -> QesReader.read(overflow));
        assertEquals(
                "inf.dat:2: column 7 (error, nb/(sr GeV)) is \"1e999\"; expected a number like 45.6.", e.getMessage());
    }

    @Test
    void rejectsNumberWhereKeyBelongs() throws Exception {
        Path f = write("shift.dat", " 6 12 0.68 36.0 0.35 1e5 1e3 2e2\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> QesReader.read(f));
        assertEquals(
                "shift.dat:1: column 8 (dataset key) is \"2e2\"; expected a citation key like Barreau:1983ht.",
                e.getMessage());
    }

    @Test
    void rejectsUnphysicalKinematics() throws Exception {
        Path f = write("kin.dat", " 6 12 0.68 36.0 0.70 1e5 1e3 Barreau:1983ht\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> QesReader.read(f));
        assertTrue(e.getMessage().startsWith("kin.dat:1: omega = 0.7 GeV; expected 0 <= omega < E"), e.getMessage());
    }

    @Test
    void rejectsFileWithoutData() throws Exception {
        for (String content : List.of("", "# only a header\n\n")) {
            Path f = write("empty.dat", content);
            DataFormatException e = assertThrows(DataFormatException.class, () -> QesReader.read(f));
            assertTrue(
                    e.getMessage().startsWith("empty.dat: no data lines; expected lines of 8 columns"), e.getMessage());
            assertEquals(0, e.getLine());
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content, StandardCharsets.US_ASCII);
    }

    @Test
    void acceptsUtf8ByteOrderMark() throws Exception {
        // Spreadsheets save UTF-8 with a byte-order mark (EF BB BF) before the first line.
        byte[] line = "6 12 0.160 36.0 0.013 4.1060e5 1.8320e5 Barreau:1983ht\n".getBytes(StandardCharsets.US_ASCII);
        byte[] withBom = new byte[line.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(line, 0, withBom, 3, line.length);
        QesReader.ReadResult r = QesReader.read(Files.write(tmp.resolve("12C.dat"), withBom));
        assertEquals(1, r.points().size());
        assertEquals(6, r.points().get(0).z());
    }
}
