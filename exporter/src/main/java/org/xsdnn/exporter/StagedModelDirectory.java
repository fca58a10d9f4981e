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
import java.util.Map;
import java.util.stream.Stream;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.Sha256Sums;

/**
 * A model directory being built under a hidden sibling name ({@code .NAME.partial-*}), moved into place only by
 * {@link #commit}. Until then the previous directory, if any, is untouched; {@link #close} without a commit deletes
 * the staging directory. Whatever is added to it (golden vectors, a fused file) is covered by {@link #seal}, which
 * writes the card and {@value Sha256Sums#FILE_NAME} over every file, so the one rename publishes a complete,
 * checksummed directory.
 */
public final class StagedModelDirectory implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private ModelCard card;
    private boolean committed;

    private StagedModelDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /** Starts staging the directory {@code modelDir} beside it. */
    public static StagedModelDirectory create(Path modelDir) throws IOException {
        Path target = modelDir.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".partial-");
        if (staging.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // temporary directories are owner-only; a model directory is meant to be shared
            Files.setPosixFilePermissions(staging, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return new StagedModelDirectory(target, staging);
    }

    /** Where files are staged. */
    public Path path() {
        return staging;
    }

    /** The card as last sealed. */
    public ModelCard card() {
        return card;
    }

    /**
     * Writes {@code newCard} and {@value Sha256Sums#FILE_NAME} over every file in the directory: the members in card
     * order, then the others by name. The card's member checksums must match the files.
     */
    public void seal(ModelCard newCard) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        for (ModelCard.Member m : newCard.members()) {
            String actual = Sha256Sums.hexOf(staging.resolve(m.file()));
            if (!actual.equals(m.sha256())) {
                throw new IllegalStateException(m.file() + ": SHA-256 " + actual + " but the card says " + m.sha256());
            }
            sums.put(m.file(), actual);
        }
        newCard.write(staging.resolve(ModelCard.FILE_NAME));
        List<Path> others = new ArrayList<>();
        try (Stream<Path> files = Files.list(staging)) {
            files.filter(Files::isRegularFile).sorted().forEach(others::add);
        }
        for (Path f : others) {
            String name = f.getFileName().toString();
            if (!sums.containsKey(name) && !name.equals(Sha256Sums.FILE_NAME)) {
                sums.put(name, Sha256Sums.hexOf(f));
            }
        }
        AtomicFiles.write(staging.resolve(Sha256Sums.FILE_NAME), Sha256Sums.format(sums).getBytes(StandardCharsets.UTF_8));
        card = newCard;
    }

    /**
     * Moves the sealed directory to its name, putting any previous one aside until then (two renames; between them
     * the old one lives on under a hidden {@code .old} name).
     */
    public void commit() throws IOException {
        if (card == null) {
            throw new IllegalStateException("seal the staged directory before committing it");
        }
        if (!Files.exists(target)) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } else {
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
        committed = true;
    }

    /** Deletes the staging directory unless it was committed. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            deleteTree(staging);
        }
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
