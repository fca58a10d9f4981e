package org.xsdnn.runtime.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .xsdt layout, its round trip, and trilinear interpolation on synthetic tables. */
class LookupTableTest {
    @TempDir
    Path dir;

    // Nodes are small binary fractions, so the multilinear test function below is exact in float32 at every node.
    private static final TableAxis E = new TableAxis("E", "GeV", new double[] {0.5, 1.0, 1.5, 2.5});
    private static final TableAxis THETA = new TableAxis("theta", "deg", new double[] {10, 20, 40});
    private static final TableAxis OMEGA = new TableAxis("omega", "GeV", new double[] {0, 0.25, 0.5, 1.0, 2.0, 2.75});

    /** Linear in each variable separately: trilinear interpolation reproduces it everywhere in a cell. */
    private static double multilinear(double e, double t, double w) {
        return 1 + 2 * e + 0.5 * t + 3 * w + 0.25 * e * t + 4 * t * w + 2 * e * t * w;
    }

    /** A table of the multilinear function (std = mean / 8), NaN where ω ≥ E. */
    private static LookupTable synthetic(TableAxis e, TableAxis t, TableAxis w) {
        float[] mean = new float[e.size() * t.size() * w.size()];
        float[] std = new float[mean.length];
        int n = 0;
        for (double ev : e.values()) {
            for (double tv : t.values()) {
                for (double wv : w.values()) {
                    boolean physical = wv < ev;
                    mean[n] = physical ? (float) multilinear(ev, tv, wv) : Float.NaN;
                    std[n] = physical ? mean[n] / 8 : Float.NaN;
                    n++;
                }
            }
        }
        return LookupTable.of(e, t, w, mean, std, null);
    }

    @Test
    void fileRoundTripKeepsAxesValuesAndNaNCellsExactly() throws IOException {
        LookupTable table = synthetic(E, THETA, OMEGA);
        Path file = dir.resolve("t.xsdt");
        table.write(file);
        LookupTable back = LookupTable.open(file);

        assertArrayEquals(E.values(), back.energy().values(), 0);
        assertArrayEquals(THETA.values(), back.theta().values(), 0);
        assertArrayEquals(OMEGA.values(), back.omega().values(), 0);
        int nan = 0;
        for (int i = 0; i < E.size(); i++) {
            for (int j = 0; j < THETA.size(); j++) {
                for (int k = 0; k < OMEGA.size(); k++) {
                    assertEquals(
                            Float.floatToRawIntBits(table.mean(i, j, k)), Float.floatToRawIntBits(back.mean(i, j, k)));
                    assertEquals(
                            Float.floatToRawIntBits(table.std(i, j, k)), Float.floatToRawIntBits(back.std(i, j, k)));
                    boolean unphysical = OMEGA.value(k) >= E.value(i);
                    assertEquals(
                            unphysical,
                            Float.isNaN(back.mean(i, j, k)),
                            "mean NaN iff ω ≥ E at " + i + "," + j + "," + k);
                    assertEquals(
                            unphysical,
                            Float.isNaN(back.std(i, j, k)),
                            "std NaN iff ω ≥ E at " + i + "," + j + "," + k);
                    nan += unphysical ? 1 : 0;
                }
            }
        }
        // ω ≥ E: E 0.5 → 4 of 6 ω nodes, 1.0 → 3, 1.5 → 2, 2.5 → 1; times 3 angles.
        assertEquals(3 * (4 + 3 + 2 + 1), nan);
        assertTrue(back.sameValues(table));
        assertEquals(table.headerJson(), back.headerJson());
        assertEquals(TableHeader.FORMAT, back.header().format());
        assertEquals(LookupTable.FORMAT_VERSION, back.header().formatVersion());
        assertEquals("nb/(sr GeV)", back.header().units().sigma());
        assertEquals(
                List.of("E", "theta", "omega"),
                back.header().axes().stream().map(TableHeader.Axis::name).toList());
        assertNull(back.header().axes().get(2).step(), "ω nodes are uneven");
        assertEquals(6, back.header().axes().get(2).count());
        assertEquals(
                0.25,
                TableHeader.Axis.of(new TableAxis("E", "GeV", new double[] {0.5, 0.75, 1.0}), "0.5:1:0.25")
                        .step(),
                0);
        assertArrayEquals(table.toBytes(), Files.readAllBytes(file), "write() writes toBytes()");
    }

    @Test
    void bytesFollowTheDocumentedLayout() {
        TableHeader header = TableHeader.of(E, THETA, OMEGA)
                .withModel(new TableHeader.Model(
                        "tiny", "xsdnn", "ab".repeat(32), java.util.Map.of("member-00.onnx", "cd".repeat(32)), 1, 12));
        LookupTable table = synthetic(E, THETA, OMEGA).withHeader(header);
        byte[] bytes = table.toBytes();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int ne = 4;
        int nt = 3;
        int nw = 6;
        int n = ne * nt * nw;
        assertEquals("XSDT", new String(bytes, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(1, b.getInt(4));
        assertEquals(ne, b.getInt(8));
        assertEquals(nt, b.getInt(12));
        assertEquals(nw, b.getInt(16));
        assertEquals(0, b.getInt(20));
        assertEquals(0.5, b.getDouble(24), 0);
        assertEquals(10, b.getDouble(24 + 8 * ne), 0);
        assertEquals(2.75, b.getDouble(24 + 8 * (ne + nt + nw - 1)), 0);
        int a = 24 + 8 * (ne + nt + nw);
        // Node (i, j, k) = (3, 2, 4): E 2.5, θ 40, ω 2.0, at (i·nθ + j)·nω + k.
        int node = (3 * nt + 2) * nw + 4;
        assertEquals((float) multilinear(2.5, 40, 2.0), b.getFloat(a + 4 * node), 0);
        assertEquals((float) multilinear(2.5, 40, 2.0) / 8, b.getFloat(a + 4 * n + 4 * node), 0);
        assertTrue(Float.isNaN(b.getFloat(a + 4 * ((0 * nt + 1) * nw + 2))), "E 0.5, ω 0.5: unphysical");
        int h = b.getInt(a + 8 * n);
        String json = new String(bytes, a + 8 * n + 4, h, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"card-sha256\" : \"" + "ab".repeat(32) + "\""), json);
        assertEquals(table.headerJson(), json);
        assertEquals(a + 8 * n + 4 + h + 4, bytes.length, "the file ends with the CRC");
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        assertEquals((int) crc.getValue(), b.getInt(bytes.length - 4));
    }

    @Test
    void interpolationIsExactAtEveryNode() {
        LookupTable table = synthetic(E, THETA, OMEGA);
        int finite = 0;
        for (int i = 0; i < E.size(); i++) {
            for (int j = 0; j < THETA.size(); j++) {
                for (int k = 0; k < OMEGA.size(); k++) {
                    float stored = table.mean(i, j, k);
                    double at = table.sigma(E.value(i), THETA.value(j), OMEGA.value(k));
                    if (Float.isNaN(stored)) {
                        assertTrue(Double.isNaN(at));
                        continue;
                    }
                    finite++;
                    // Top nodes and nodes beside unphysical ones included: zero-weight corners do not count.
                    assertEquals(stored, at, 0, "node " + i + "," + j + "," + k);
                    assertEquals(table.std(i, j, k), table.sigmaStd(E.value(i), THETA.value(j), OMEGA.value(k)), 0);
                }
            }
        }
        assertEquals(72 - 30, finite);
    }

    @Test
    void interpolationIsLinearBetweenNodes() {
        // All nodes physical here (ω < 2 ≤ E): every point of the box has a value.
        TableAxis e = new TableAxis("E", "GeV", new double[] {2, 3, 5});
        TableAxis w = new TableAxis("omega", "GeV", new double[] {0, 0.5, 0.75, 1.5});
        LookupTable table = synthetic(e, THETA, w);
        // Along one axis at the others' nodes: the straight line between the two nodes.
        for (double f : new double[] {0.125, 0.5, 0.9}) {
            double w1 = 0.5 + f * 0.25;
            double expected = (1 - f) * table.mean(1, 2, 1) + f * table.mean(1, 2, 2);
            assertEquals(expected, table.sigma(3, 40, w1), 1e-12 * expected);
        }
        // Anywhere: a function linear in each variable is reproduced (up to double rounding).
        SplittableRandom random = new SplittableRandom(7);
        for (int p = 0; p < 2000; p++) {
            double ev = 2 + 3 * random.nextDouble();
            double tv = 10 + 30 * random.nextDouble();
            double wv = 1.5 * random.nextDouble();
            double expected = multilinear(ev, tv, wv);
            assertEquals(expected, table.sigma(ev, tv, wv), 1e-12 * expected, () -> "at " + ev + ", " + tv + ", " + wv);
            assertEquals(expected / 8, table.sigmaStd(ev, tv, wv), 1e-12 * expected);
        }
    }

    @Test
    void outsideTheGridAndInUnphysicalCellsIsNaN() {
        LookupTable table = synthetic(E, THETA, OMEGA);
        for (double[] p : new double[][] {
            {0.49, 20, 0.1},
            {2.51, 20, 0.1},
            {1, 9.99, 0.1},
            {1, 40.01, 0.1},
            {1, 20, -0.01},
            {2.5, 20, 2.76},
            {Double.NaN, 20, 0.1},
            {1, Double.NaN, 0.1},
            {1, 20, Double.NaN}
        }) {
            assertTrue(Double.isNaN(table.sigma(p[0], p[1], p[2])), () -> java.util.Arrays.toString(p));
            assertTrue(Double.isNaN(table.sigmaStd(p[0], p[1], p[2])), () -> java.util.Arrays.toString(p));
        }
        // Cell E [1.0, 1.5] × ω [0.5, 1.0]: the corner (1.0, 1.0) has ω = E, so the inside of the cell has no value ...
        assertTrue(Double.isNaN(table.sigma(1.25, 15, 0.75)));
        assertTrue(
                Double.isNaN(table.sigma(1.0, 15, 0.75)), "on the face E = 1.0, between ω 0.5 and the NaN node ω 1.0");
        // ... but its physical face E = 1.5 does, and so do its physical edges.
        assertEquals(multilinear(1.5, 15, 0.75), table.sigma(1.5, 15, 0.75), 1e-12 * 100);
        assertEquals(multilinear(1.25, 15, 0.5), table.sigma(1.25, 15, 0.5), 1e-12 * 100);
    }

    @Test
    void damagedFilesAreRefusedWithTheReason() throws IOException {
        byte[] good = synthetic(E, THETA, OMEGA).toBytes();
        assertMessage(new byte[] {'P', 'K', 3, 4, 0, 0}, "expected \"XSDT\"");

        byte[] version = good.clone();
        version[4] = 2;
        assertMessage(version, "format version 2; this reader reads version 1. Update xsdnn");

        assertMessage(java.util.Arrays.copyOf(good, good.length - 10), "truncated");

        byte[] flipped = good.clone();
        flipped[30] ^= 1;
        assertMessage(flipped, "CRC-32");

        byte[] sizes = good.clone();
        sizes[8] = 1;
        assertMessage(sizes, "at least 2 per axis");

        Path file = dir.resolve("bad.xsdt");
        Files.write(file, flipped);
        TableFormatException e = assertThrows(TableFormatException.class, () -> LookupTable.open(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e::getMessage);
    }

    private static void assertMessage(byte[] bytes, String expected) {
        TableFormatException e = assertThrows(TableFormatException.class, () -> LookupTable.fromBytes(bytes, "x.xsdt"));
        assertTrue(e.getMessage().startsWith("x.xsdt: ") && e.getMessage().contains(expected), e::getMessage);
    }

    @Test
    void csvCarriesTheBinaryNumbersExactly() throws IOException {
        // Axis values that are not binary fractions, as a start:stop:step grid gives them.
        TableAxis e = new TableAxis("E", "GeV", new double[] {0.2, 0.3, 0.7});
        TableAxis w = new TableAxis("omega", "GeV", new double[] {0.01, 0.03, 0.25, 0.5});
        LookupTable table = synthetic(e, THETA, w);
        Path csv = dir.resolve("t.csv");
        table.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(LookupTable.CSV_HEADER, lines.get(0));
        assertEquals(1 + 3 * 3 * 4, lines.size());
        assertEquals("0.2,10,0.01,", lines.get(1).substring(0, 12));
        int n = 1;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    String[] c = lines.get(n++).split(",");
                    assertEquals(e.value(i), Double.parseDouble(c[0]), 0);
                    assertEquals(THETA.value(j), Double.parseDouble(c[1]), 0);
                    assertEquals(w.value(k), Double.parseDouble(c[2]), 0);
                    assertEquals(
                            Float.floatToIntBits(table.mean(i, j, k)), Float.floatToIntBits(Float.parseFloat(c[3])));
                    assertEquals(
                            Float.floatToIntBits(table.std(i, j, k)), Float.floatToIntBits(Float.parseFloat(c[4])));
                    assertEquals(w.value(k) >= e.value(i), c[3].equals("NaN"), lines.get(n - 1));
                }
            }
        }
    }

    @Test
    void badAxesAndSizesAreRefused() {
        IllegalArgumentException one =
                assertThrows(IllegalArgumentException.class, () -> new TableAxis("E", "GeV", new double[] {1}));
        assertTrue(one.getMessage().contains("at least 2"), one::getMessage);
        IllegalArgumentException order = assertThrows(
                IllegalArgumentException.class, () -> new TableAxis("omega", "GeV", new double[] {0.1, 0.3, 0.3}));
        assertTrue(order.getMessage().contains("increase strictly"), order::getMessage);
        IllegalArgumentException size = assertThrows(
                IllegalArgumentException.class,
                () -> LookupTable.of(E, THETA, OMEGA, new float[3], new float[3], null));
        assertTrue(size.getMessage().contains("4 × 3 × 6 = 72 nodes"), size::getMessage);
        assertFalse(E.equals(THETA));
    }
}
