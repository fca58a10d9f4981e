package org.xsdnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xsdnn.data.QesDataset.FileDigest;

/**
 * A directory holding QES archive files, named {@code <A><symbol>.dat} or GENIE's
 * {@code eQE_<A><symbol>.dat} (e.g. {@code 12C.dat}, {@code eQE_197Au.dat}), and optionally
 * {@code normalization.csv}. Without one, the normalization table bundled with xsdnn (a copy of
 * the project's table) is used, so a directory filled by {@link ArchiveFetcher} works as is.
 *
 * <p>Targets are named symbol first, as in normalization.csv: {@code C12}, {@code He3}, {@code Au197}.
 */
public final class QesArchive {
    /** Environment variable naming the archive directory. */
    public static final String ENV_VAR = "XSDNN_DATA";

    static final String NORMALIZATION_FILE = "normalization.csv";
    private static final Pattern TARGET = Pattern.compile("([A-Z][a-z]?)(\\d{1,3})");

    private final Path dir;

    private QesArchive(Path dir) {
        this.dir = dir;
    }

    /** Opens an archive directory; files are read by {@link #load}. */
    public static QesArchive open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(
                    dir.toString(),
                    null,
                    "no QES archive directory here; run `xsdnn data fetch`" + " or point --data (or " + ENV_VAR
                            + ") at a copy of the archive");
        }
        return new QesArchive(dir);
    }

    /**
     * Where the archive is when the user names none on the command line ({@code --data DIR} takes
     * precedence, in the CLI): the directory in the environment variable {@code XSDNN_DATA} if it
     * is set, else {@code ~/.cache/xsdnn/qes}, where {@code xsdnn data fetch} puts it.
     */
    public static Path defaultDirectory() {
        return defaultDirectory(System.getenv(ENV_VAR), System.getProperty("user.home"));
    }

    static Path defaultDirectory(String env, String userHome) {
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(userHome, ".cache", "xsdnn", "qes");
    }

    /** The archive file of {@code target}, e.g. {@code 12C.dat} for C12. */
    public Path fileOf(String target) throws IOException {
        Matcher m = targetName(target);
        String base = m.group(2) + m.group(1) + ".dat";
        for (String name : List.of(base, "eQE_" + base)) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new NoSuchFileException(
                dir.resolve(base).toString(),
                null,
                "no data for target " + target + " (nor eQE_" + base + "); run `xsdnn data fetch` or add the file");
    }

    /**
     * Reads the target's file and applies the selection: drops σ ≤ 0 and error ≤ 0, keeps the
     * selected datasets, removes points with ω below the cut, and assigns normalization groups.
     *
     * @throws IllegalArgumentException when the selection names a dataset that is not in the file
     *     or that has no normalization group (its Δλ must then be given in normalization.csv), or
     *     when no dataset is left to use
     * @throws DataFormatException when a file is malformed, a point's A is not the target's, or a
     *     point of a per-angle dataset matches none of its angles
     */
    public QesDataset load(Selection selection) throws IOException, DataFormatException {
        String target = selection.target();
        int massNumber = Integer.parseInt(targetName(target).group(2));
        Path file = fileOf(target);
        FileDigest dataDigest = FileDigest.of(file.getFileName().toString(), Files.readAllBytes(file));
        QesReader.ReadResult read = QesReader.read(file);
        Map<String, Integer> pointsPerKey = new LinkedHashMap<>();
        for (List<DataPoint> list : List.of(read.points(), read.dropped())) {
            for (DataPoint p : list) {
                if (p.a() != massNumber) {
                    throw new DataFormatException(
                            p.sourceFile(),
                            p.line(),
                            "A = " + p.a() + "; expected " + massNumber + " for target " + target + ".");
                }
                pointsPerKey.merge(p.datasetKey(), 1, Integer::sum);
            }
        }

        Normalization norm = normalization();
        NormalizationTable table = norm.table();
        FileDigest normDigest = norm.digest();
        List<NormalizationGroup> targetGroups = table.groupsFor(target);
        Map<String, Integer> leftOut = new LinkedHashMap<>();
        List<String> keys = chooseDatasets(selection, pointsPerKey, targetGroups, file, normDigest.name(), leftOut);

        Map<String, Integer> removedByCut = new LinkedHashMap<>();
        keys.forEach(k -> removedByCut.put(k, 0));
        List<DataPoint> kept = new ArrayList<>();
        List<NormalizationGroup> groupOfKept = new ArrayList<>();
        for (DataPoint p : read.points()) {
            if (!removedByCut.containsKey(p.datasetKey())) {
                continue;
            }
            NormalizationGroup g = table.groupOf(target, p)
                    .orElseThrow(() -> new DataFormatException(
                            p.sourceFile(),
                            p.line(),
                            p.datasetKey() + " at theta = " + p.thetaDeg() + " deg matches no normalization group of "
                                    + target + " in " + normDigest.name() + "; expected a row for this angle."));
            if (p.omegaGeV() < selection.minOmegaGeV()) {
                removedByCut.merge(p.datasetKey(), 1, Integer::sum);
            } else {
                kept.add(
                        selection.relativeErrorFloor() == 0
                                ? p
                                : new DataPoint(
                                        p.z(),
                                        p.a(),
                                        p.energyGeV(),
                                        p.thetaDeg(),
                                        p.omegaGeV(),
                                        p.sigma(),
                                        selection.error(p.sigma(), p.error()),
                                        p.datasetKey(),
                                        p.sourceFile(),
                                        p.line()));
                groupOfKept.add(g);
            }
        }
        Set<NormalizationGroup> used = new HashSet<>(groupOfKept);
        List<NormalizationGroup> groups =
                targetGroups.stream().filter(used::contains).toList();
        Map<NormalizationGroup, Integer> index = new HashMap<>();
        groups.forEach(g -> index.put(g, index.size()));
        int[] group = groupOfKept.stream().mapToInt(index::get).toArray();
        int dropped = (int) read.dropped().stream()
                .filter(p -> removedByCut.containsKey(p.datasetKey()))
                .count();
        return new QesDataset(
                selection, kept, group, groups, removedByCut, dropped, List.of(dataDigest, normDigest), leftOut);
    }

    /**
     * The dataset keys to use: the selection's, each checked, or else every key with a normalization
     * group; keys left out for lack of one go into {@code leftOut} with their point counts.
     */
    private static List<String> chooseDatasets(
            Selection selection,
            Map<String, Integer> pointsPerKey,
            List<NormalizationGroup> targetGroups,
            Path file,
            String normName,
            Map<String, Integer> leftOut) {
        String target = selection.target();
        boolean all = selection.datasetKeys().isEmpty();
        List<String> keys = new ArrayList<>();
        for (String key : all ? pointsPerKey.keySet() : selection.datasetKeys()) {
            boolean hasGroup =
                    targetGroups.stream().anyMatch(g -> g.datasetKey().equals(key));
            if (!pointsPerKey.containsKey(key)) {
                throw new IllegalArgumentException("dataset " + key + " is not in " + file.getFileName()
                        + "; its datasets are " + pointsPerKey.keySet());
            } else if (hasGroup) {
                keys.add(key);
            } else if (all) {
                leftOut.put(key, pointsPerKey.get(key));
            } else {
                throw new IllegalArgumentException("dataset " + key + " of " + target + " has no normalization"
                        + " uncertainty in " + normName + "; a Δλ must be given for it (add a row "
                        + target + "," + key + ",,<percent>,<source>) or leave it out");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no dataset of " + target + " has a normalization uncertainty in "
                    + normName + " (datasets: " + pointsPerKey.keySet() + "); add rows with their Δλ");
        }
        return keys;
    }

    private static Matcher targetName(String target) {
        Matcher m = TARGET.matcher(target);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "target \"" + target + "\"; expected a symbol and mass number like C12, He3, Au197");
        }
        return m;
    }

    /** The table in use and its digest; the digest's name says whether it is the directory's or the bundled one. */
    private record Normalization(NormalizationTable table, FileDigest digest) {}

    private Normalization normalization() throws IOException, DataFormatException {
        Path local = dir.resolve(NORMALIZATION_FILE);
        String name;
        byte[] bytes;
        if (Files.isRegularFile(local)) {
            name = NORMALIZATION_FILE;
            bytes = Files.readAllBytes(local);
        } else {
            name = NORMALIZATION_FILE + " (bundled)";
            try (InputStream in = QesArchive.class.getResourceAsStream(NORMALIZATION_FILE)) {
                if (in == null) {
                    throw new IOException("the bundled " + NORMALIZATION_FILE + " is missing from the xsdnn-data jar");
                }
                bytes = in.readAllBytes();
            }
        }
        NormalizationTable table =
                NormalizationTable.parse(name, new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        return new Normalization(table, FileDigest.of(name, bytes));
    }
}
