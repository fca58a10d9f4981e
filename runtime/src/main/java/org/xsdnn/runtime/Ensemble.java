package org.xsdnn.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.ModelCard;

/**
 * An ensemble of ONNX member files scored with ONNX Runtime: one session per member, all in the one
 * process-wide {@code OrtEnvironment}. Reads the xsdnn layout (model card, checksums verified) and NuWro's
 * {@code model_electron_<tag>_<A>_<i>.onnx} files; every member's tensors are checked once, on open. A model-B
 * directory (MC dropout: a card without members and one {@code mc-dropout.onnx} of T frozen dropout passes) opens
 * the same way and is scored through that file ({@link FusedModel}); its passes play the members.
 *
 * <p>Thread-safe: one instance serves all threads; {@link #score} runs whole [N, 5] batches per member.
 * {@link #close} waits for calls in progress; later calls throw {@link IllegalStateException}.
 */
public final class Ensemble implements AutoCloseable {
    /** File name of a model-B (MC dropout) directory's one model file: T dropout passes frozen in one graph. */
    public static final String MC_DROPOUT_FILE = "mc-dropout.onnx";

    private final Optional<ModelCard> card;
    private final List<MemberModel> members;
    private final FusedModel mcDropout; // model B; null for a member ensemble
    private final int massNumber;
    private final List<String> warnings;
    private final boolean checksumsVerified;
    private final ModelIdentity identity;
    private final CloseGuard guard = new CloseGuard("Ensemble");

    private Ensemble(
            Optional<ModelCard> card,
            List<MemberModel> members,
            FusedModel mcDropout,
            int massNumber,
            List<String> warnings,
            boolean checksumsVerified,
            ModelIdentity identity) {
        this.card = card;
        this.identity = identity;
        this.mcDropout = mcDropout;
        this.checksumsVerified = checksumsVerified;
        this.members = members;
        this.massNumber = massNumber;
        this.warnings = warnings;
    }

    /**
     * @throws IOException when the directory or a file cannot be read
     * @throws ContractException when the layout, a checksum or a member's tensors break the contract
     */
    public static Ensemble open(Path modelDir, ScoringOptions options) throws IOException, ContractException {
        ModelDirectory dir = ModelDirectory.resolve(modelDir);
        ModelIdentity identity = ModelIdentity.of(modelDir, dir);
        if (dir.mcDropoutFile().isPresent()) {
            FusedModel fused = FusedModel.open(dir.mcDropoutFile().get(), options);
            if (fused.massNumber() != dir.massNumber() || !fused.hasPerMember()) {
                String found =
                        "A = " + fused.massNumber() + " and " + (fused.hasPerMember() ? "" : "no ") + "per-pass output";
                fused.close();
                throw new ContractException(MC_DROPOUT_FILE + ": " + found + "; the card says A = " + dir.massNumber()
                        + " and a model-B file must give every pass. Re-export with xsdnn export --mc-dropout.");
            }
            return new Ensemble(dir.card(), List.of(), fused, dir.massNumber(), fused.warnings(), true, identity);
        }
        List<MemberModel> opened = new ArrayList<>();
        try {
            for (Path file : dir.memberFiles()) {
                opened.add(MemberModel.open(file, dir.outputName(), options));
            }
        } catch (IOException | ContractException | RuntimeException e) {
            opened.forEach(MemberModel::close);
            throw e;
        }
        Set<String> warnings = new LinkedHashSet<>();
        opened.forEach(m -> warnings.addAll(m.warnings()));
        return new Ensemble(
                dir.card(),
                List.copyOf(opened),
                null,
                dir.massNumber(),
                List.copyOf(warnings),
                dir.checksumsVerified(),
                identity);
    }

    /** The model card; empty for third-party (NuWro) directories. */
    public Optional<ModelCard> card() {
        return card;
    }

    /** Name, layout and checksums of the directory opened. */
    public ModelIdentity identity() {
        return identity;
    }

    /** Members, or a model B's dropout passes. */
    public int members() {
        return mcDropout != null ? mcDropout.members() : members.size();
    }

    /**
     * Whether the member files were checked against {@code SHA256SUMS} on open: always for the xsdnn layout; for
     * the NuWro layout only when the directory has one (xsdnn writes it; third-party sets may not).
     */
    public boolean checksumsVerified() {
        return checksumsVerified;
    }

    /** A of the target nucleus, from the card or from NuWro file names; σ scales with A/12. */
    public int massNumber() {
        return massNumber;
    }

    /** Why options were not honoured (e.g. CUDA unavailable, CPU used); empty when all were. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * σ = r · S(E, θ) · A/12 in nb/(sr·GeV) for n points, per member and as mean and spread.
     *
     * @throws IllegalArgumentException when lengths differ or a point is unphysical (names index and value)
     */
    public Prediction score(double[] energyGeV, double[] thetaDeg, double[] omegaGeV) throws ScoringException {
        float[] features = validFeatures(energyGeV, thetaDeg, omegaGeV);
        int n = energyGeV.length;
        try (CloseGuard.Entry call = guard.enter()) {
            if (mcDropout != null) {
                return mcDropout.score(energyGeV, thetaDeg, omegaGeV);
            }
            double[][] perMember = new double[members.size()][];
            for (int m = 0; m < perMember.length; m++) {
                double[] r = members.get(m).r(features, n);
                for (int i = 0; i < n; i++) {
                    r[i] = Kinematics.sigmaNbPerSrGeV(r[i], energyGeV[i], thetaDeg[i], massNumber);
                }
                perMember[m] = r;
            }
            return Prediction.fromMembers(perMember, n);
        }
    }

    /**
     * Member {@code member}'s raw r for row-major [n, 5] scaled features; for verification.
     *
     * @throws IllegalStateException for a model B, whose passes are not separate files
     */
    public double[] memberR(int member, float[] features, int n) throws ScoringException {
        if (mcDropout != null) {
            throw new IllegalStateException("a model-B directory has no member files; score it with score()");
        }
        Objects.checkIndex(member, members.size());
        try (CloseGuard.Entry call = guard.enter()) {
            return members.get(member).r(features, n);
        }
    }

    /** Waits for calls in progress, then closes every member session. Idempotent. */
    @Override
    public void close() {
        if (guard.markClosed()) {
            members.forEach(MemberModel::close);
            if (mcDropout != null) {
                mcDropout.close();
            }
        }
    }

    private static float[] validFeatures(double[] energyGeV, double[] thetaDeg, double[] omegaGeV) {
        if (thetaDeg.length != energyGeV.length || omegaGeV.length != energyGeV.length) {
            throw new IllegalArgumentException("E, theta and omega must have the same length; got " + energyGeV.length
                    + ", " + thetaDeg.length + ", " + omegaGeV.length);
        }
        for (int i = 0; i < energyGeV.length; i++) {
            String problem = Kinematics.validate(energyGeV[i], thetaDeg[i], omegaGeV[i]);
            if (problem != null) {
                throw new IllegalArgumentException("point " + i + ": " + problem);
            }
        }
        return Kinematics.featureMatrix(energyGeV, thetaDeg, omegaGeV);
    }
}
