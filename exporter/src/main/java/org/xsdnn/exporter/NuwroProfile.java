package org.xsdnn.exporter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.MetadataKeys;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.core.OnnxContract;
import org.xsdnn.core.Sha256Sums;

/**
 * Writes an ensemble the way NuWro's ONNX integration (NuWro pull request 53) loads one: a directory of
 * {@code model_electron_<tag>_<A>_<i>.onnx}, one file per member, i from 0. Each file is the xsdnn member graph
 * ({@link OnnxExporter}) with NuWro's tensor names: input {@value OnnxContract#INPUT_NAME} float32 [N, 5], the
 * scaled vector {@value OnnxContract#INPUT_DESCRIPTION}; output {@value OnnxContract#NUWRO_OUTPUT_NAME} float32
 * [N, 1], the sigmoid value r. NuWro multiplies the members' mean r by S(E, θ) itself; A only goes into the name.
 * The files also carry {@code xsdnn.*} metadata, which NuWro ignores.
 */
public final class NuwroProfile {
    /** Value of {@code xsdnn.contract} in these files. */
    public static final String CONTRACT_ID = "nuwro-pr53";
    /** Letters, digits and '-': NuWro builds the name from the tag, and '_' would make names ambiguous to parse. */
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9-]+");

    private static final Pattern ANY_NUWRO_FILE = Pattern.compile("model_electron_.+_\\d+_\\d+\\.onnx");

    private NuwroProfile() {}

    /** {@code model_electron_<tag>_<A>_<i>.onnx}. */
    public static String fileName(String tag, int massNumber, int member) {
        return String.format(Locale.ROOT, "model_electron_%s_%d_%d.onnx", tag, massNumber, member);
    }

    /**
     * The file set inside a model directory, where the directory's {@code SHA256SUMS} covers it; NuWro reads its
     * files from there and ignores the others.
     */
    public static GeneratorProfile profile(String tag) {
        return (dir, networks, massNumber, card) -> List.copyOf(writeFiles(networks, tag, massNumber, Map.of(), dir));
    }

    /** As {@link #write(List, String, int, Map, Path)} without extra metadata. */
    public static List<Path> write(List<NetworkWeights> members, String tag, int massNumber, Path dir)
            throws IOException, ExportVerificationException {
        return write(members, tag, massNumber, Map.of(), dir);
    }

    /**
     * Writes one file per member into {@code dir} (created if missing). Each file is verified in ONNX Runtime
     * against {@link NetworkWeights#forward} on a fixed carbon grid (relative
     * {@value ExportVerifier#DEFAULT_RELATIVE_TOLERANCE}) before it replaces a file of the same name, so a failed
     * export leaves earlier files as they were.
     *
     * @param tag NuWro's model tag (the published carbon files use "A"): letters, digits and '-'
     * @param metadata extra {@code metadata_props} per file (e.g. the model card); the keys this profile writes
     *     (contract, input, output, units, A, member index) replace any of the same name
     * @return the files, in member order
     * @throws IOException also when {@code dir} already holds NuWro files of another model or more members than
     *     this export, which NuWro would load alongside: remove them or choose another directory
     * @throws ExportVerificationException when a file does not reproduce its member
     */
    public static List<Path> write(
            List<NetworkWeights> members, String tag, int massNumber, Map<String, String> metadata, Path dir)
            throws IOException, ExportVerificationException {
        List<Path> written = writeFiles(members, tag, massNumber, metadata, dir).stream()
                .map(r -> dir.resolve(r.file()))
                .toList();
        // NuWro ignores other files; xsdnn's readers check the set against these checksums.
        Map<String, String> sums = new LinkedHashMap<>();
        for (Path f : written) {
            sums.put(f.getFileName().toString(), Sha256Sums.hexOf(f));
        }
        AtomicFiles.write(
                dir.resolve(Sha256Sums.FILE_NAME), Sha256Sums.format(sums).getBytes(StandardCharsets.UTF_8));
        return written;
    }

    /** The files of {@link #write(List, String, int, Map, Path)}, without the checksum file. */
    private static List<VerificationReport> writeFiles(
            List<NetworkWeights> members, String tag, int massNumber, Map<String, String> metadata, Path dir)
            throws IOException, ExportVerificationException {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no members; expected at least one network");
        }
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("tag \"" + tag + "\"; expected letters, digits and '-' (e.g. \"A\")");
        }
        FusedGraphs.checkCommon(massNumber);
        Files.createDirectories(dir);
        List<String> names = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            names.add(fileName(tag, massNumber, m));
        }
        refuseForeignFiles(dir, names);
        VerificationPoints grid = VerificationPoints.carbonGrid();
        float[] x = grid.features();
        List<VerificationReport> written = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            NetworkWeights net = members.get(m);
            String name = names.get(m);
            byte[] bytes = OnnxExporter.memberGraph(
                    StoredNetwork.float32(net),
                    fileMetadata(metadata, massNumber, tag, m),
                    OnnxContract.NUWRO_OUTPUT_NAME,
                    "xsdnn ensemble member in NuWro's layout (" + CONTRACT_ID + ")");
            double[] expected = net.forward(x, grid.size());
            written.add(StagedWrite.verifyThenMove(
                    dir.resolve(name),
                    bytes,
                    staged -> ExportVerifier.verify(
                            staged,
                            name,
                            OnnxContract.NUWRO_OUTPUT_NAME,
                            x,
                            grid.size(),
                            expected,
                            ExportVerifier.DEFAULT_RELATIVE_TOLERANCE)));
        }
        return written;
    }

    private static Map<String, String> fileMetadata(Map<String, String> callers, int massNumber, String tag, int m) {
        Map<String, String> metadata = new LinkedHashMap<>(callers);
        metadata.put(MetadataKeys.CONTRACT, CONTRACT_ID);
        metadata.put(MetadataKeys.VERSION, ProducerVersion.get());
        metadata.put(
                MetadataKeys.INPUT,
                "\"" + OnnxContract.INPUT_NAME + "\" float32 [N,5] = "
                        + Kinematics.FEATURE_ORDER
                        + "; E and omega in GeV, theta in degrees, Q2 = 2E(E - omega)(1 - cos theta)"
                        + " in GeV^2");
        metadata.put(MetadataKeys.FEATURE_ORDER, Kinematics.FEATURE_ORDER);
        metadata.put(
                MetadataKeys.OUTPUT,
                "\"" + OnnxContract.NUWRO_OUTPUT_NAME + "\" float32 [N,1] = r = sigmoid(last layer)");
        metadata.put(MetadataKeys.UNITS, OnnxContract.UNITS);
        metadata.put(MetadataKeys.SIGMA, OnnxContract.SIGMA_FORMULA);
        metadata.put(MetadataKeys.TARGET_A, Integer.toString(massNumber));
        metadata.put(MetadataKeys.MEMBER_INDEX, Integer.toString(m));
        metadata.put("xsdnn.nuwro.tag", tag);
        return metadata;
    }

    /** NuWro files in {@code dir} other than the ones about to be written would be loaded with them. */
    private static void refuseForeignFiles(Path dir, List<String> names) throws IOException {
        List<String> foreign;
        try (Stream<Path> listing = Files.list(dir)) {
            foreign = listing.map(p -> p.getFileName().toString())
                    .filter(n -> ANY_NUWRO_FILE.matcher(n).matches() && !names.contains(n))
                    .sorted()
                    .toList();
        }
        if (!foreign.isEmpty()) {
            throw new IOException(dir + ": already holds " + foreign + ", which NuWro would load together with "
                    + names.get(0) + (names.size() > 1 ? " … " + names.get(names.size() - 1) : "")
                    + "; remove them or export into another directory.");
        }
    }
}
