package org.xsdnn.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.core.CardJson;

/**
 * The summary of a finished member, written last (after its weights), so its presence means the
 * member is complete.
 *
 * @param runIdentity {@link RunManifest#identity()} of the run that trained it, checked on merge
 */
public record MemberRecord(int member, long seed, Map<String, Double> lambdas, double heldOutChi2PerPoint,
                           int bestEpoch, int epochsDone, double seconds, String weightsFile, String weightsSha256,
                           String runIdentity) {

    public static String fileName(int member) {
        return String.format("member-%02d.json", member);
    }

    public static String weightsName(int member) {
        return String.format("member-%02d.weights", member);
    }

    public void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(fileName(member)), CardJson.write(this).getBytes(StandardCharsets.UTF_8));
    }

    public static MemberRecord read(Path file) throws IOException {
        try {
            return CardJson.read(Files.readString(file, StandardCharsets.UTF_8), MemberRecord.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a member record: " + e.getOriginalMessage(), e);
        }
    }

    /** The records of every finished member in a run directory, in member order. */
    public static java.util.List<MemberRecord> listFinished(Path dir) throws IOException {
        java.util.List<MemberRecord> records = new java.util.ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("member-\\d+\\.json")).sorted().toList()) {
                records.add(read(f));
            }
        }
        return records;
    }
}
