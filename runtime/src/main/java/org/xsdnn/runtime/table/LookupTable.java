package org.xsdnn.runtime.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.core.CardJson;

/**
 * A table of σ mean and σ std (nb/(sr·GeV), per nucleus, d²σ/(dΩ dω)) on a grid E × θ × ω, as {@code xsdnn tabulate}
 * writes it, with trilinear interpolation in between. Generators read it instead of running the network.
 *
 * <h2>File layout ({@code .xsdt}, format version 1)</h2>
 * All numbers little-endian; {@code N = nE · nθ · nω}; offsets in bytes.
 * <pre>
 * offset                 size      field
 * 0                      4         magic "XSDT" (bytes 58 53 44 54)
 * 4                      4         uint32 format version = 1
 * 8                      4         uint32 nE      (≥ 2)
 * 12                     4         uint32 nθ      (≥ 2)
 * 16                     4         uint32 nω      (≥ 2)
 * 20                     4         uint32 reserved = 0 (keeps the float64 arrays 8-byte aligned)
 * 24                     8·nE      float64 E nodes [GeV], strictly increasing
 * 24 + 8·nE              8·nθ      float64 θ nodes [deg], strictly increasing
 * 24 + 8·(nE+nθ)         8·nω      float64 ω nodes [GeV], strictly increasing
 * A = 24 + 8·(nE+nθ+nω)  4·N       float32 σ mean [nb/(sr GeV)], C order [E][θ][ω]: node (i, j, k) at (i·nθ + j)·nω + k
 * A + 4·N                4·N       float32 σ std  [nb/(sr GeV)], same order (population std over ensemble members)
 * B = A + 8·N            4         uint32 H, length of the header in bytes
 * B + 4                  H         header: UTF-8 JSON ({@link TableHeader}: units, model, axes, interpolation error)
 * B + 4 + H              4         uint32 CRC-32 (zlib/PNG polynomial) of every preceding byte
 * </pre>
 * The file ends there: its length is exactly B + 8 + H. Nodes with ω ≥ E are not physical and hold NaN (mean and
 * std). In numpy: {@code np.frombuffer(b, '<f4', N, A).reshape(nE, nθ, nω)}.
 *
 * <h2>Interpolation</h2>
 * {@link #sigma} and {@link #sigmaStd} interpolate trilinearly between the eight corners of the cell holding the
 * point; they give the stored value exactly at nodes and are linear along each axis between them. They return NaN
 * outside [min, max] of any axis and wherever a corner with non-zero weight is NaN, so in the strip of cells that
 * straddle ω = E (one ω step wide) only points on the physical nodes' faces have values.
 *
 * <p>Immutable and thread-safe.
 */
public final class LookupTable {
    /** First four bytes of every file. */
    public static final String MAGIC = "XSDT";
    /** The layout version this class writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** File name extension of the binary table. */
    public static final String EXTENSION = ".xsdt";
    /** Largest table: 25·10⁶ nodes, a 200 MB file, held in memory by writers and readers alike. */
    public static final long MAX_NODES = 25_000_000L;
    /** CSV header of {@link #writeCsv}. */
    public static final String CSV_HEADER =
            "E_GeV,theta_deg,omega_GeV,sigma_mean_nb_per_sr_GeV,sigma_std_nb_per_sr_GeV";

    private static final int FIXED_BYTES = 24;

    private final TableAxis energy;
    private final TableAxis theta;
    private final TableAxis omega;
    private final float[] mean;
    private final float[] std;
    private final TableHeader header;
    private final String headerJson;

    private LookupTable(
            TableAxis energy,
            TableAxis theta,
            TableAxis omega,
            float[] mean,
            float[] std,
            TableHeader header,
            String headerJson) {
        this.energy = energy;
        this.theta = theta;
        this.omega = omega;
        this.mean = mean;
        this.std = std;
        this.header = header;
        this.headerJson = headerJson;
    }

    /**
     * A table from its axes and values in C order [E][θ][ω] (copied).
     *
     * @param header null for {@link TableHeader#of}
     * @throws IllegalArgumentException when the sizes disagree, the table is larger than {@link #MAX_NODES}, or the
     *     header's axes do not match
     */
    public static LookupTable of(
            TableAxis energy, TableAxis theta, TableAxis omega, float[] mean, float[] std, TableHeader header) {
        return adopt(energy, theta, omega, mean.clone(), std.clone(), header);
    }

    /** {@link #of} without copying: the caller hands the arrays over and must not touch them again. */
    static LookupTable adopt(
            TableAxis energy, TableAxis theta, TableAxis omega, float[] mean, float[] std, TableHeader header) {
        long nodes = nodes(energy, theta, omega);
        if (mean.length != nodes || std.length != nodes) {
            throw new IllegalArgumentException(
                    "mean has " + mean.length + " and std " + std.length + " values; the axes give " + energy.size()
                            + " × " + theta.size() + " × " + omega.size() + " = " + nodes + " nodes");
        }
        TableHeader h = header != null ? header : TableHeader.of(energy, theta, omega);
        checkHeaderAxes(h, energy, theta, omega);
        return new LookupTable(energy, theta, omega, mean, std, h, CardJson.write(h));
    }

    /** Number of nodes of the grid, checked against {@link #MAX_NODES}. */
    static long nodes(TableAxis energy, TableAxis theta, TableAxis omega) {
        long nodes = (long) energy.size() * theta.size() * omega.size();
        if (nodes > MAX_NODES) {
            throw new IllegalArgumentException(
                    "the grid has " + energy.size() + " × " + theta.size() + " × " + omega.size() + " = " + nodes
                            + " nodes; at most " + MAX_NODES + " (a " + MAX_NODES * 8 / 1_000_000 + " MB table)");
        }
        return nodes;
    }

    /** This table with another header (values shared: both are immutable). */
    public LookupTable withHeader(TableHeader newHeader) {
        checkHeaderAxes(newHeader, energy, theta, omega);
        return new LookupTable(energy, theta, omega, mean, std, newHeader, CardJson.write(newHeader));
    }

    public TableAxis energy() {
        return energy;
    }

    public TableAxis theta() {
        return theta;
    }

    public TableAxis omega() {
        return omega;
    }

    public TableHeader header() {
        return header;
    }

    /** The header exactly as stored in the file. */
    public String headerJson() {
        return headerJson;
    }

    /** Number of nodes, nE · nθ · nω. */
    public int nodes() {
        return mean.length;
    }

    /** Stored σ mean at node (i, j, k) of (E, θ, ω); NaN where ω ≥ E. */
    public float mean(int i, int j, int k) {
        return mean[index(i, j, k)];
    }

    /** Stored σ std at node (i, j, k); NaN where ω ≥ E. */
    public float std(int i, int j, int k) {
        return std[index(i, j, k)];
    }

    /** Largest stored σ mean (NaN nodes ignored); NaN when every node is NaN. */
    public double maxMean() {
        double max = Double.NaN;
        for (float v : mean) {
            if (!Float.isNaN(v) && !(v <= max)) {
                max = v;
            }
        }
        return max;
    }

    /**
     * σ mean in nb/(sr·GeV) at (E [GeV], θ [deg], ω [GeV]), interpolated trilinearly; NaN outside the grid or in a cell
     * with an unphysical (ω ≥ E) corner of non-zero weight.
     */
    public double sigma(double energyGeV, double thetaDeg, double omegaGeV) {
        return interpolate(mean, energyGeV, thetaDeg, omegaGeV);
    }

    /** σ std (ensemble spread) in nb/(sr·GeV), interpolated as {@link #sigma}. */
    public double sigmaStd(double energyGeV, double thetaDeg, double omegaGeV) {
        return interpolate(std, energyGeV, thetaDeg, omegaGeV);
    }

    private int index(int i, int j, int k) {
        Objects.checkIndex(i, energy.size());
        Objects.checkIndex(j, theta.size());
        Objects.checkIndex(k, omega.size());
        return (i * theta.size() + j) * omega.size() + k;
    }

    private double interpolate(float[] values, double e, double t, double w) {
        int i = energy.interval(e);
        int j = theta.interval(t);
        int k = omega.interval(w);
        if (i < 0 || j < 0 || k < 0) {
            return Double.NaN;
        }
        double fe = energy.fraction(i, e);
        double ft = theta.fraction(j, t);
        double fw = omega.fraction(k, w);
        int nt = theta.size();
        int nw = omega.size();
        double sum = 0;
        // Corners of zero weight are skipped: at a node the result is the stored value itself, and a node next to
        // an unphysical one keeps its value.
        for (int a = 0; a < 2; a++) {
            double we = a == 0 ? 1 - fe : fe;
            if (we == 0) {
                continue;
            }
            for (int b = 0; b < 2; b++) {
                double wt = we * (b == 0 ? 1 - ft : ft);
                if (wt == 0) {
                    continue;
                }
                int base = ((i + a) * nt + j + b) * nw + k;
                for (int c = 0; c < 2; c++) {
                    double weight = wt * (c == 0 ? 1 - fw : fw);
                    if (weight == 0) {
                        continue;
                    }
                    float v = values[base + c];
                    if (Float.isNaN(v)) {
                        return Double.NaN;
                    }
                    sum += weight * v;
                }
            }
        }
        return sum;
    }

    // ---- binary form ------------------------------------------------------------------------------

    /** The file's bytes, in the layout of the class comment. */
    public byte[] toBytes() {
        byte[] json = headerJson.getBytes(StandardCharsets.UTF_8);
        long axisValues = (long) energy.size() + theta.size() + omega.size();
        long size = FIXED_BYTES + 8 * axisValues + 8L * mean.length + 4 + json.length + 4;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("table of " + size + " bytes is too large for one array");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC.getBytes(StandardCharsets.US_ASCII));
        b.putInt(FORMAT_VERSION)
                .putInt(energy.size())
                .putInt(theta.size())
                .putInt(omega.size())
                .putInt(0);
        for (TableAxis axis : new TableAxis[] {energy, theta, omega}) {
            for (int i = 0; i < axis.size(); i++) {
                b.putDouble(axis.value(i));
            }
        }
        b.asFloatBuffer().put(mean);
        b.position(b.position() + 4 * mean.length);
        b.asFloatBuffer().put(std);
        b.position(b.position() + 4 * std.length);
        b.putInt(json.length).put(json);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Writes the {@code .xsdt} file atomically ({@link AtomicFiles}): readers never see a partial table. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, toBytes());
    }

    /** Reads an {@code .xsdt} file. @throws TableFormatException when it is not a valid version-1 table */
    public static LookupTable open(Path file) throws IOException {
        return fromBytes(Files.readAllBytes(file), file.toString());
    }

    /**
     * Parses the bytes of an {@code .xsdt} file.
     *
     * @param source names the bytes in error messages (a file name)
     * @throws TableFormatException naming the source and what is wrong
     */
    public static LookupTable fromBytes(byte[] bytes, String source) throws TableFormatException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < FIXED_BYTES || !MAGIC.equals(new String(bytes, 0, 4, StandardCharsets.ISO_8859_1))) {
            String start = new String(bytes, 0, Math.min(4, bytes.length), StandardCharsets.ISO_8859_1);
            throw new TableFormatException(source + ": starts with \"" + printable(start) + "\""
                    + (bytes.length < FIXED_BYTES ? " and has only " + bytes.length + " bytes" : "") + "; expected \""
                    + MAGIC + "\", an xsdnn lookup table "
                    + "(written by xsdnn tabulate)");
        }
        int version = b.getInt(4);
        if (version != FORMAT_VERSION) {
            throw new TableFormatException(source + ": format version " + Integer.toUnsignedString(version)
                    + "; this reader reads version " + FORMAT_VERSION
                    + (Integer.compareUnsigned(version, FORMAT_VERSION) > 0 ? ". Update xsdnn to read it." : "."));
        }
        long ne = Integer.toUnsignedLong(b.getInt(8));
        long nt = Integer.toUnsignedLong(b.getInt(12));
        long nw = Integer.toUnsignedLong(b.getInt(16));
        if (ne < 2 || nt < 2 || nw < 2 || ne * nt * nw > MAX_NODES) {
            throw new TableFormatException(source + ": axis sizes " + ne + " × " + nt + " × " + nw
                    + "; expected at least 2 per axis and at most " + MAX_NODES + " nodes. The file is corrupt.");
        }
        long nodes = ne * nt * nw;
        long valuesAt = FIXED_BYTES + 8 * (ne + nt + nw);
        long headerLengthAt = valuesAt + 8 * nodes;
        if (bytes.length < headerLengthAt + 8) {
            throw new TableFormatException(source + ": " + bytes.length + " bytes; a table of " + ne + " × " + nt
                    + " × " + nw + " nodes needs at least " + (headerLengthAt + 8)
                    + ". The file is truncated: write it again with xsdnn tabulate.");
        }
        long headerLength = Integer.toUnsignedLong(b.getInt((int) headerLengthAt));
        long expected = headerLengthAt + 4 + headerLength + 4;
        if (bytes.length != expected) {
            throw new TableFormatException(
                    source + ": " + bytes.length + " bytes; its axis sizes and " + headerLength + "-byte header give "
                            + expected + ". The file is truncated or corrupt: write it again with xsdnn tabulate.");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = b.getInt(bytes.length - 4);
        if (stored != (int) crc.getValue()) {
            throw new TableFormatException(String.format(
                    java.util.Locale.ROOT,
                    "%s: CRC-32 is %08x but the file says %08x; "
                            + "the file was corrupted after it was written. Write it again with xsdnn tabulate.",
                    source,
                    crc.getValue(),
                    stored));
        }
        b.position(FIXED_BYTES);
        TableAxis e;
        TableAxis t;
        TableAxis w;
        try {
            e = new TableAxis("E", "GeV", doubles(b, (int) ne));
            t = new TableAxis("theta", "deg", doubles(b, (int) nt));
            w = new TableAxis("omega", "GeV", doubles(b, (int) nw));
        } catch (IllegalArgumentException ex) {
            throw new TableFormatException(source + ": " + ex.getMessage(), ex);
        }
        float[] mean = new float[(int) nodes];
        float[] std = new float[(int) nodes];
        b.asFloatBuffer().get(mean);
        b.position(b.position() + 4 * mean.length);
        b.asFloatBuffer().get(std);
        String json = new String(bytes, (int) headerLengthAt + 4, (int) headerLength, StandardCharsets.UTF_8);
        TableHeader header;
        try {
            header = CardJson.read(json, TableHeader.class);
        } catch (JsonProcessingException ex) {
            throw new TableFormatException(
                    source + ": header is not the expected JSON: " + ex.getOriginalMessage(), ex);
        }
        try {
            checkHeaderAxes(header, e, t, w);
        } catch (IllegalArgumentException ex) {
            throw new TableFormatException(source + ": " + ex.getMessage(), ex);
        }
        return new LookupTable(e, t, w, mean, std, header, json);
    }

    private static double[] doubles(ByteBuffer b, int n) {
        double[] v = new double[n];
        b.asDoubleBuffer().get(v);
        b.position(b.position() + 8 * n);
        return v;
    }

    private static void checkHeaderAxes(TableHeader header, TableAxis... axes) {
        if (header.axes().isEmpty()) {
            return; // a header from elsewhere that does not describe its axes
        }
        if (header.axes().size() != 3) {
            throw new IllegalArgumentException(
                    "header describes " + header.axes().size() + " axes; expected 3 (E, theta, omega)");
        }
        for (int a = 0; a < 3; a++) {
            TableHeader.Axis h = header.axes().get(a);
            if (h.count() != axes[a].size()) {
                throw new IllegalArgumentException(
                        "header gives axis " + h.name() + " " + h.count() + " nodes, the data " + axes[a].size());
            }
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }

    // ---- CSV form ------------------------------------------------------------------------------

    /**
     * Writes every node as a CSV row (header {@value #CSV_HEADER}), C order, atomically and streamed. Node
     * coordinates are written in their shortest exact decimal form, σ in the shortest form that reads back as the
     * same float32, so the CSV carries exactly the binary table's numbers; unphysical nodes read {@code NaN}.
     */
    public void writeCsv(Path file) throws IOException {
        String[] e = decimals(energy);
        String[] t = decimals(theta);
        String[] w = decimals(omega);
        AtomicFiles.write(file, stream -> {
            Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            out.write(CSV_HEADER);
            out.write('\n');
            StringBuilder row = new StringBuilder(96);
            int n = 0;
            for (String ev : e) {
                for (String tv : t) {
                    for (String wv : w) {
                        row.setLength(0);
                        row.append(ev)
                                .append(',')
                                .append(tv)
                                .append(',')
                                .append(wv)
                                .append(',')
                                .append(mean[n])
                                .append(',')
                                .append(std[n])
                                .append('\n');
                        out.append(row);
                        n++;
                    }
                }
            }
            out.flush();
        });
    }

    private static String[] decimals(TableAxis axis) {
        String[] s = new String[axis.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = BigDecimal.valueOf(axis.value(i)).stripTrailingZeros().toPlainString();
        }
        return s;
    }

    @Override
    public String toString() {
        return "LookupTable[" + energy + "; " + theta + "; " + omega + "]";
    }

    /** Same axes and bit-identical values (NaN nodes included). Headers are not compared. */
    public boolean sameValues(LookupTable other) {
        return energy.equals(other.energy)
                && theta.equals(other.theta)
                && omega.equals(other.omega)
                && Arrays.equals(mean, other.mean)
                && Arrays.equals(std, other.std);
    }
}
