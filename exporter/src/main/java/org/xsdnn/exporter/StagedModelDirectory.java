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

    /**
     * Starts staging the directory {@code modelDir} beside it, after removing staging directories that killed
     * exports to the same name left behind.
     *
     * @throws IOException when {@code modelDir} exists and is not a directory this class may replace: only a
     *     model directory (one with a {@value ModelCard#FILE_NAME}) or an empty directory is ever replaced, so a
     *     mistyped {@code --out} cannot delete a run, a data archive or anything else
     */
    public static StagedModelDirectory create(Path modelDir) throws IOException {
        Path target = modelDir.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new java.nio.file.FileAlreadyExistsException(
                        target.toString(),
                        null,
                        "exists and is not a directory; a model directory is written there. Choose another output path");
            }
            boolean empty;
            try (Stream<Path> entries = Files.list(target)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.isRegularFile(target.resolve(ModelCard.FILE_NAME))) {
                throw new java.nio.file.FileAlreadyExistsException(
                        target.toString(),
                        null,
                        "is not empty and holds no "
                                + ModelCard.FILE_NAME
                                + ", so it is not a model directory xsdnn wrote; it would be replaced"
                                + " whole. Choose a new or empty directory, or an existing model directory");
            }
        }
        Files.createDirectories(target.getParent());
        removeStale(target);
        Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".partial-");
        if (staging.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // temporary directories are owner-only; a model directory is meant to be shared
            Files.setPosixFilePermissions(
                    staging, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
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
        AtomicFiles.write(
                staging.resolve(Sha256Sums.FILE_NAME), Sha256Sums.format(sums).getBytes(StandardCharsets.UTF_8));
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

    /** Deletes {@code .NAME.partial-*} and {@code .NAME.old-*} siblings: what a killed export left. */
    private static void removeStale(Path target) throws IOException {
        String partial = "." + target.getFileName() + ".partial-";
        String old = "." + target.getFileName() + ".old-";
        List<Path> stale;
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            stale = siblings.filter(p -> {
                        String name = p.getFileName().toString();
                        return Files.isDirectory(p) && (name.startsWith(partial) || name.startsWith(old));
                    })
                    .toList();
        }
        for (Path p : stale) {
            deleteTree(p);
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
