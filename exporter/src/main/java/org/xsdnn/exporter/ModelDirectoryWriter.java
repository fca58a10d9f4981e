package org.xsdnn.exporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.core.OnnxContract;
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
    public static ModelCard write(
            Path modelDir,
            ModelCard card,
            List<NetworkWeights> members,
            float[] features,
            int n,
            List<double[]> expectedR)
            throws IOException, ExportVerificationException {
        return writeStored(
                modelDir, card, members.stream().map(StoredNetwork::float32).toList(), features, n, expectedR);
    }

    /**
     * As {@link #write(Path, ModelCard, List, float[], int, List)} for members stored as {@link WeightStorage#store}
     * chose. A member with int16 layers is checked twice: the exporter's folded float32 network must reproduce the
     * expected r, and the file must reproduce the network as stored; the largest change the rounding causes goes
     * into the card's metrics.
     */
    public static ModelCard writeStored(
            Path modelDir,
            ModelCard card,
            List<StoredNetwork> members,
            float[] features,
            int n,
            List<double[]> expectedR)
            throws IOException, ExportVerificationException {
        try (StagedModelDirectory staged = stage(modelDir, card, members, features, n, expectedR)) {
            staged.commit();
            return staged.card();
        }
    }

    /**
     * As {@link #writeStored}, but leaves the directory staged: the caller may add files (golden vectors, a fused
     * file), {@link StagedModelDirectory#seal seal} an updated card, then {@link StagedModelDirectory#commit commit}.
     */
    public static StagedModelDirectory stage(
            Path modelDir,
            ModelCard card,
            List<StoredNetwork> members,
            float[] features,
            int n,
            List<double[]> expectedR)
            throws IOException, ExportVerificationException {
        StagedModelDirectory staged = StagedModelDirectory.create(modelDir);
        try {
            staged.seal(writeMembers(staged.path(), card, members, features, n, expectedR)
                    .card());
            return staged;
        } catch (IOException | ExportVerificationException | RuntimeException e) {
            try {
                staged.close();
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Stages a model directory from member files that already exist (e.g. those of exported shards): each is
     * copied byte for byte under its card name and must have the SHA-256 the card gives it.
     *
     * @param sources one file per entry of {@code card.members()}, same order
     */
    public static StagedModelDirectory stageCopies(Path modelDir, ModelCard card, List<Path> sources)
            throws IOException {
        if (sources.size() != card.members().size()) {
            throw new IllegalArgumentException(
                    sources.size() + " files for " + card.members().size() + " card members");
        }
        StagedModelDirectory staged = StagedModelDirectory.create(modelDir);
        try {
            for (int m = 0; m < sources.size(); m++) {
                ModelCard.Member member = card.members().get(m);
                Path copy = staged.path().resolve(member.file());
                Files.copy(sources.get(m), copy);
                String actual = Sha256Sums.hexOf(copy);
                if (!actual.equals(member.sha256())) {
                    throw new IOException(sources.get(m) + ": SHA-256 " + actual + " differs from " + member.sha256()
                            + " recorded for it; the file was changed after export.");
                }
            }
            staged.seal(card);
            return staged;
        } catch (IOException | RuntimeException e) {
            try {
                staged.close();
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** @param card the card with file names and checksums; @param verified one ONNX Runtime check per member file */
    record MemberFiles(ModelCard card, List<VerificationReport> verified) {}

    /** Writes and verifies every member file into {@code dir}, each once. */
    static MemberFiles writeMembers(
            Path dir, ModelCard card, List<StoredNetwork> members, float[] features, int n, List<double[]> expectedR)
            throws IOException, ExportVerificationException {
        if (members.isEmpty() || members.size() != card.members().size() || members.size() != expectedR.size()) {
            throw new IllegalArgumentException(
                    "got " + members.size() + " networks, " + card.members().size() + " card members and "
                            + expectedR.size() + " expected outputs; expected the same number >= 1");
        }
        List<ModelCard.Member> named = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            ModelCard.Member member = card.members().get(m);
            named.add(member.withFile(
                    memberFileName(member.training() != null ? member.training().index() : m), null));
        }
        ModelCard embedded = card.withMembers(named);
        List<ModelCard.Member> checked = new ArrayList<>();
        List<VerificationReport> verified = new ArrayList<>();
        double largestChange = 0;
        long int16Layers = 0;
        for (int m = 0; m < members.size(); m++) {
            String name = named.get(m).file();
            Path file = dir.resolve(name);
            double[] expected = expectedR.get(m);
            StoredNetwork stored = members.get(m);
            if (stored.int16Layers() > 0) {
                ExportVerifier.compareR(
                        name + ": the folded float32 network and the expected r",
                        expected,
                        stored.reference().forward(features, n),
                        ExportVerifier.DEFAULT_RELATIVE_TOLERANCE,
                        () -> stored.reference().float32RoundingBound(features, n));
                largestChange = Math.max(largestChange, stored.maxRelativeChange());
                int16Layers += stored.int16Layers();
                expected = stored.computed().forward(features, n);
            }
            OnnxExporter.writeMember(stored, MemberMetadata.of(embedded, m), file);
            verified.add(ExportVerifier.verify(
                    file,
                    name,
                    OnnxContract.OUTPUT_NAME,
                    features,
                    n,
                    expected,
                    ExportVerifier.DEFAULT_RELATIVE_TOLERANCE,
                    () -> stored.computed().float32RoundingBound(features, n)));
            checked.add(named.get(m).withFile(name, Sha256Sums.hexOf(file)));
        }
        ModelCard written = card.withMembers(checked);
        if (int16Layers > 0) {
            Map<String, Double> metrics = new LinkedHashMap<>(written.metrics());
            metrics.put(INT16_CHANGE_METRIC, largestChange);
            metrics.put("weights-int16-layers", (double) int16Layers);
            written = written.withMetrics(metrics);
        }
        return new MemberFiles(written, List.copyOf(verified));
    }

    /** {@code member-00.onnx}, {@code member-01.onnx}, …: sorts in ensemble order. */
    static String memberFileName(int member) {
        return String.format(Locale.ROOT, "member-%02d.onnx", member);
    }
}
