package org.xsdnn.exporter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.core.Sha256Sums;

/**
 * Writes a complete xsdnn model directory: {@code member-NN.onnx} per member, each verified in ONNX Runtime
 * before it counts, then {@value ModelCard#FILE_NAME} with file names and checksums, then
 * {@value Sha256Sums#FILE_NAME} over all of them.
 *
 * <p>Everything is written into a hidden sibling directory first and renamed into place at the end, so a crash
 * or a failed verification leaves any previous model directory as it was. Replacing an existing directory takes
 * two renames (old aside, new in); between them the old one lives on under a hidden {@code .old} name.
 */
public final class ModelDirectoryWriter {
    /** Card metric: the largest relative change of r that int16 weight storage causes in any member. */
    public static final String INT16_CHANGE_METRIC = "weights-int16-max-relative-change-of-r";

    private ModelDirectoryWriter() {}

    /**
     * @param card the ensemble's card; member files and checksums are filled in here
     * @param members one network per entry of {@code card.members()}, same order
     * @param features row-major [n, 5] scaled inputs to verify every member on
     * @param expectedR per member, the r its source network gives on {@code features}
     * @return the card as written
     * @throws ExportVerificationException when a member file does not reproduce its expected r
     */
    public static ModelCard write(Path modelDir, ModelCard card, List<NetworkWeights> members, float[] features,
            int n, List<double[]> expectedR) throws IOException, ExportVerificationException {
        return writeStored(modelDir, card, members.stream().map(StoredNetwork::float32).toList(), features, n,
                expectedR);
    }

    /**
     * As {@link #write(Path, ModelCard, List, float[], int, List)} for members stored as {@link WeightStorage#store}
     * chose. A member with int16 layers is checked twice: the exporter's folded float32 network must reproduce the
     * expected r, and the file must reproduce the network as stored; the largest change the rounding causes goes
     * into the card's metrics.
     */
    public static ModelCard writeStored(Path modelDir, ModelCard card, List<StoredNetwork> members, float[] features,
            int n, List<double[]> expectedR) throws IOException, ExportVerificationException {
        if (members.isEmpty() || members.size() != card.members().size() || members.size() != expectedR.size()) {
            throw new IllegalArgumentException("got " + members.size() + " networks, " + card.members().size()
                    + " card members and " + expectedR.size() + " expected outputs; expected the same number >= 1");
        }
        Path target = modelDir.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".partial-");
        if (staging.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // temporary directories are owner-only; a model directory is meant to be shared
            Files.setPosixFilePermissions(staging, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try {
            ModelCard written = writeContents(staging, card, members, features, n, expectedR);
            replace(target, staging);
            return written;
        } catch (IOException | ExportVerificationException | RuntimeException e) {
            try {
                deleteTree(staging);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static ModelCard writeContents(Path dir, ModelCard card, List<StoredNetwork> members, float[] features,
            int n, List<double[]> expectedR) throws IOException, ExportVerificationException {
        List<ModelCard.Member> named = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            ModelCard.Member member = card.members().get(m);
            named.add(member.withFile(memberFileName(member.training() != null ? member.training().index() : m), null));
        }
        ModelCard embedded = card.withMembers(named);
        List<ModelCard.Member> checked = new ArrayList<>();
        Map<String, String> sums = new LinkedHashMap<>();
        double largestChange = 0;
        long int16Layers = 0;
        for (int m = 0; m < members.size(); m++) {
            String name = named.get(m).file();
            Path file = dir.resolve(name);
            double[] expected = expectedR.get(m);
            StoredNetwork stored = members.get(m);
            if (stored.int16Layers() > 0) {
                ExportVerifier.compareR(name + ": the folded float32 network and the expected r",
                        expected, stored.reference().forward(features, n), ExportVerifier.DEFAULT_RELATIVE_TOLERANCE);
                largestChange = Math.max(largestChange, stored.maxRelativeChange());
                int16Layers += stored.int16Layers();
                expected = stored.computed().forward(features, n);
            }
            OnnxExporter.writeMember(stored, MemberMetadata.of(embedded, m), file);
            ExportVerifier.verify(file, features, n, expected, ExportVerifier.DEFAULT_RELATIVE_TOLERANCE);
            String sha256 = Sha256Sums.hexOf(file);
            sums.put(name, sha256);
            checked.add(named.get(m).withFile(name, sha256));
        }
        ModelCard written = card.withMembers(checked);
        if (int16Layers > 0) {
            Map<String, Double> metrics = new LinkedHashMap<>(written.metrics());
            metrics.put(INT16_CHANGE_METRIC, largestChange);
            metrics.put("weights-int16-layers", (double) int16Layers);
            written = new ModelCard(written.name(), written.xsdnnVersion(), written.createdAt(), written.target(),
                    written.contract(), written.members(), written.training(), written.data(), metrics, written.domain(),
                    written.notes());
        }
        Path cardFile = dir.resolve(ModelCard.FILE_NAME);
        written.write(cardFile);
        sums.put(ModelCard.FILE_NAME, Sha256Sums.hexOf(cardFile));
        AtomicFiles.write(dir.resolve(Sha256Sums.FILE_NAME), Sha256Sums.format(sums).getBytes(StandardCharsets.UTF_8));
        return written;
    }

    /** {@code member-00.onnx}, {@code member-01.onnx}, …: sorts in ensemble order. */
    static String memberFileName(int member) {
        return String.format(Locale.ROOT, "member-%02d.onnx", member);
    }

    /** Moves the finished staging directory to {@code target}, putting any previous one aside until then. */
    private static void replace(Path target, Path staging) throws IOException {
        if (!Files.exists(target)) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
        Files.delete(old);
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        deleteTree(old);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
