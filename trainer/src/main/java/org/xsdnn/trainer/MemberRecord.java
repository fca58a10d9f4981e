package org.xsdnn.trainer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.core.CardJson;
import org.xsdnn.core.ModelCard;

/**
 * The summary of a finished member, written last (after its weights), so its presence means the
 * member is complete.
 *
 * @param untouchedChi2PerPoint χ²/N of the untouched points at the best state: the unbiased figure
 *     (NaN when the run sets none aside)
 * @param restarts how often the divergence guard restored the best state
 * @param runIdentity {@link RunManifest#identity()} of the run that trained it, checked on merge
 * @param failure why the member must not be shipped, or null when it may
 * @param parentSha256 a fine-tuned member: SHA-256 of its parent member's file; null otherwise
 */
public record MemberRecord(
        int member,
        long seed,
        Map<String, Double> lambdas,
        double heldOutChi2PerPoint,
        double untouchedChi2PerPoint,
        int bestEpoch,
        int epochsDone,
        int restarts,
        double seconds,
        String weightsFile,
        String weightsSha256,
        String runIdentity,
        String failure,
        @JsonInclude(JsonInclude.Include.NON_NULL) String parentSha256) {
    /**
     * A fitted normalization further than this many Δλ from 1 marks a failed member: the network
     * has moved the overall scale into λ (issue 8: an unbounded fit reaches λ ≈ 0.01 with a good χ²).
     */
    public static final double MAX_LAMBDA_PULL = 3;

    /** Why a member with these λ and held-out χ²/N is a failure, or null when it is not. */
    public static String failure(Map<String, Double> lambdas, Map<String, Double> uncertainty, double heldOutChi2) {
        if (!Double.isFinite(heldOutChi2)) {
            return "held-out χ²/N is " + heldOutChi2;
        }
        StringBuilder outside = new StringBuilder();
        lambdas.forEach((group, lambda) -> {
            double pull = (1 - lambda) / uncertainty.get(group);
            if (!(Math.abs(pull) <= MAX_LAMBDA_PULL)) {
                outside.append(outside.isEmpty() ? "" : ", ")
                        .append(String.format(java.util.Locale.ROOT, "%s λ = %.4f (pull %.1f)", group, lambda, pull));
            }
        });
        return outside.isEmpty() ? null : "normalization outside " + MAX_LAMBDA_PULL + " Δλ of 1: " + outside;
    }

    /** The largest |1 − λ|/Δλ of the member. */
    public double largestLambdaPull(Map<String, Double> uncertainty) {
        return lambdas.entrySet().stream()
                .mapToDouble(e -> Math.abs(1 - e.getValue()) / uncertainty.get(e.getKey()))
                .max()
                .orElse(0);
    }

    public static String fileName(int member) {
        return String.format("member-%02d.json", member);
    }

    public static String weightsName(int member) {
        return String.format("member-%02d.weights", member);
    }

    /** This member's model-card entry; the export names its file and checksum. */
    public ModelCard.Member cardMember() {
        return new ModelCard.Member(
                null,
                null,
                seed,
                lambdas,
                heldOutChi2PerPoint,
                new ModelCard.MemberTraining(
                        member, untouchedChi2PerPoint, bestEpoch, epochsDone, restarts, seconds, parentSha256));
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
            for (Path f : files.filter(p -> p.getFileName().toString().matches("member-\\d+\\.json"))
                    .sorted()
                    .toList()) {
                records.add(read(f));
            }
        }
        return records;
    }
}
