package org.xsdnn.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model directory holds and how it was made: written as {@value #FILE_NAME} beside the member files and
 * embedded (without checksums) in each of them. Immutable; JSON through {@link CardJson}, so keys are kebab-case
 * and fields added by later versions are ignored when read.
 *
 * @param name model name, e.g. {@code carbon-a}
 * @param xsdnnVersion version of xsdnn that trained and exported it
 * @param createdAt ISO-8601 instant of export
 * @param target the nucleus the cross sections are for
 * @param contract the tensor contract of the member files
 * @param members one entry per member file, in ensemble order
 * @param training every training setting, the split and the run identity (the trainer writes its configuration
 *     records here, flat, under run.json's names; free-form for readers)
 * @param data which data trained the model
 * @param metrics named figures of merit (e.g. mean held-out χ²/N)
 * @param domain kinematic range of the training data; predictions outside it extrapolate
 * @param notes free text for people
 * @param quality the quality report's figures on the model's training selection (xsdnn report: χ²/N overall, per
 *     split and per experiment, the λ table, spread and coverage); empty when not measured
 */
public record ModelCard(
        String name,
        String xsdnnVersion,
        String createdAt,
        Target target,
        Contract contract,
        List<Member> members,
        Map<String, Object> training,
        Data data,
        Map<String, Double> metrics,
        Domain domain,
        String notes,
        Map<String, Object> quality) {
    /** Name of the card file inside a model directory. */
    public static final String FILE_NAME = "model-card.json";

    public ModelCard {
        members = listCopy(members);
        training = mapCopy(training);
        metrics = mapCopy(metrics);
        quality = mapCopy(quality);
    }

    /** A card without quality figures. */
    public ModelCard(
            String name,
            String xsdnnVersion,
            String createdAt,
            Target target,
            Contract contract,
            List<Member> members,
            Map<String, Object> training,
            Data data,
            Map<String, Double> metrics,
            Domain domain,
            String notes) {
        this(
                name,
                xsdnnVersion,
                createdAt,
                target,
                contract,
                members,
                training,
                data,
                metrics,
                domain,
                notes,
                Map.of());
    }

    /** @throws IOException when the file cannot be read or is not a model card (the message names the file) */
    public static ModelCard read(Path file) throws IOException {
        String json = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return CardJson.read(json, ModelCard.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a model card: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes the card atomically: readers see the old card or the new one, never half of it. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, CardJson.write(this).getBytes(StandardCharsets.UTF_8));
    }

    public ModelCard withMembers(List<Member> newMembers) {
        return new ModelCard(
                name,
                xsdnnVersion,
                createdAt,
                target,
                contract,
                newMembers,
                training,
                data,
                metrics,
                domain,
                notes,
                quality);
    }

    public ModelCard withMetrics(Map<String, Double> newMetrics) {
        return new ModelCard(
                name,
                xsdnnVersion,
                createdAt,
                target,
                contract,
                members,
                training,
                data,
                newMetrics,
                domain,
                notes,
                quality);
    }

    public ModelCard withQuality(Map<String, Object> newQuality) {
        return new ModelCard(
                name,
                xsdnnVersion,
                createdAt,
                target,
                contract,
                members,
                training,
                data,
                metrics,
                domain,
                notes,
                newQuality);
    }

    /** This card with every member's checksum cleared: the copy a member file can carry about itself. */
    public ModelCard withoutChecksums() {
        return withMembers(members.stream().map(m -> m.withFile(m.file(), null)).toList());
    }

    /** @param protonNumber Z; @param massNumber A, which scales σ by A/12 */
    public record Target(String name, int protonNumber, int massNumber) {}

    /**
     * @param id contract identifier, {@value OnnxContract#ID}
     * @param featureOrder {@link Kinematics#FEATURE_ORDER}
     * @param units units of σ
     * @param sigmaFormula how σ follows from the output r
     */
    public record Contract(
            String id, String inputName, String featureOrder, String outputName, String units, String sigmaFormula) {
        /** The contract every xsdnn export meets. */
        public static Contract xsdnn1() {
            return new Contract(
                    OnnxContract.ID,
                    OnnxContract.INPUT_NAME,
                    Kinematics.FEATURE_ORDER,
                    OnnxContract.OUTPUT_NAME,
                    OnnxContract.UNITS,
                    OnnxContract.SIGMA_FORMULA);
        }
    }

    /**
     * @param file member file name inside the model directory
     * @param sha256 lower-case hex SHA-256 of that file; null before export and in embedded copies
     * @param seed seed of the member's data replica and initialization
     * @param lambdas normalization group → fitted λ
     * @param heldOutChi2PerPoint χ²/N on the held-out points, normalization term included
     * @param training how this member's training went; null in cards written before it was recorded
     */
    public record Member(
            String file,
            String sha256,
            long seed,
            Map<String, Double> lambdas,
            double heldOutChi2PerPoint,
            MemberTraining training) {
        public Member {
            lambdas = mapCopy(lambdas);
        }

        public Member(String file, String sha256, long seed, Map<String, Double> lambdas, double heldOutChi2PerPoint) {
            this(file, sha256, seed, lambdas, heldOutChi2PerPoint, null);
        }

        public Member withFile(String newFile, String newSha256) {
            return new Member(newFile, newSha256, seed, lambdas, heldOutChi2PerPoint, training);
        }
    }

    /**
     * One member's training record.
     *
     * @param index the member's index in its training run (its seeds derive from it); file names use it
     * @param untouchedChi2PerPoint χ²/N of the points that neither trained nor picked the best state (NaN: none)
     * @param bestEpoch epoch of the kept state
     * @param epochsDone epochs run
     * @param restarts times the divergence guard restored the best state
     * @param seconds wall time of the member's training
     * @param parentSha256 a fine-tuned member: SHA-256 of the parent member it started from (its ONNX file, or its
     *     weights file when the parent was a training run); null for a member trained from random weights
     */
    public record MemberTraining(
            int index,
            double untouchedChi2PerPoint,
            int bestEpoch,
            int epochsDone,
            int restarts,
            double seconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) String parentSha256) {
        public MemberTraining(
                int index, double untouchedChi2PerPoint, int bestEpoch, int epochsDone, int restarts, double seconds) {
            this(index, untouchedChi2PerPoint, bestEpoch, epochsDone, restarts, seconds, null);
        }
    }

    /**
     * @param selection which experiments and points were selected, in words
     * @param pointsUsed points that trained or validated the model
     * @param pointsDropped points dropped for σ ≤ 0 or error ≤ 0
     * @param pointsCut points removed by the low-ω kinematic cut
     * @param pointsCutPerExperiment the same, per experiment
     */
    public record Data(
            List<DataFile> files,
            String selection,
            int pointsUsed,
            int pointsDropped,
            int pointsCut,
            Map<String, Integer> pointsCutPerExperiment) {
        public Data {
            files = listCopy(files);
            pointsCutPerExperiment = mapCopy(pointsCutPerExperiment);
        }
    }

    public record DataFile(String path, String sha256) {}

    /** Explicit JSON names keep the units readable ("GeV" would otherwise become "ge-v"). */
    public record Domain(
            @JsonProperty("energy-gev") Range energyGeV,
            @JsonProperty("theta-deg") Range thetaDeg,
            @JsonProperty("omega-gev") Range omegaGeV) {
        /** Whether a point lies in the training data's kinematic range; a range the card lacks limits nothing. */
        public boolean contains(double energyGeV, double thetaDeg, double omegaGeV) {
            return Range.admits(this.energyGeV, energyGeV)
                    && Range.admits(this.thetaDeg, thetaDeg)
                    && Range.admits(this.omegaGeV, omegaGeV);
        }

        /**
         * The parts of the box E × θ × ω (each from its min to its max) beyond the training range, in words
         * ({@code E 0.1-3 GeV, trained on 0.16-5.8}); empty when it lies inside.
         */
        public List<String> beyond(Range energy, Range theta, Range omega) {
            List<String> parts = new java.util.ArrayList<>();
            Range.beyond(parts, "E", "GeV", energyGeV, energy);
            Range.beyond(parts, "θ", "deg", thetaDeg, theta);
            Range.beyond(parts, "ω", "GeV", omegaGeV, omega);
            return parts;
        }
    }

    public record Range(double min, double max) {
        /** min ≤ v ≤ max, or true when there is no range. */
        static boolean admits(Range range, double v) {
            return range == null || (v >= range.min && v <= range.max);
        }

        private static void beyond(List<String> parts, String name, String unit, Range trained, Range asked) {
            if (!admits(trained, asked.min) || !admits(trained, asked.max)) {
                parts.add(String.format(
                        java.util.Locale.ROOT,
                        "%s %.4g-%.4g %s, trained on %.4g-%.4g",
                        name,
                        asked.min,
                        asked.max,
                        unit,
                        trained.min,
                        trained.max));
            }
        }
    }

    // Absent collections read as empty ones: cards from older versions lack fields added later.
    private static <T> List<T> listCopy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    // Keeps insertion order; JSON output is sorted by CardJson anyway.
    private static <V> Map<String, V> mapCopy(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
