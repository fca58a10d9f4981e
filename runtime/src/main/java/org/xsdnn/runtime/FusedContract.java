package org.xsdnn.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.xsdnn.core.MetadataKeys;

/**
 * Contract {@value #ID} of a fused xsdnn file: one ONNX model that takes kinematics and returns cross sections
 * with their spread, for generators that want σ and its uncertainty from one call. Written by the exporter's
 * {@code FusedEnsemble} (a bootstrap ensemble, one "member" per network) and {@code McDropoutExport} (one network,
 * one "member" per frozen dropout pass); read by {@link FusedModel}.
 *
 * <ul>
 *   <li>Inputs {@value #ENERGY} (E, GeV), {@value #THETA} (θ, degrees), {@value #OMEGA} (ω, GeV): float32 [N]
 *       each, N free. Three named vectors rather than one [N, 3] matrix, so the units are in the names and a
 *       caller cannot swap columns unnoticed.
 *   <li>Outputs {@value #MEAN} and {@value #STD}: float32 [N], the mean and the population standard deviation
 *       (divide by M) of σ over the M members, in nb/(sr·GeV), σ = r·S(E, θ)·A/12 with A built into the file.
 *   <li>Optional output {@value #MEMBERS}: float32 [N, M], σ of every member.
 * </ul>
 *
 * <p>The {@code metadata_props} carry {@link MetadataKeys#CONTRACT} = {@value #ID}, {@link MetadataKeys#TARGET_A}
 * (σ already includes A/12) and the keys below, so a lone file says what it computes.
 */
public final class FusedContract {
    public static final String ID = "xsdnn-fused-1";
    public static final String ENERGY = "E_GeV";
    public static final String THETA = "theta_deg";
    public static final String OMEGA = "omega_GeV";
    /** The inputs in the order {@link FusedModel#score} takes them. */
    public static final List<String> INPUTS = List.of(ENERGY, THETA, OMEGA);

    public static final String MEAN = "sigma_mean";
    public static final String STD = "sigma_std";
    public static final String MEMBERS = "sigma_members";

    /** {@value #KIND_ENSEMBLE} or {@value #KIND_MC_DROPOUT}. */
    public static final String KEY_KIND = "xsdnn.fused.kind";

    public static final String KIND_ENSEMBLE = "ensemble";
    public static final String KIND_MC_DROPOUT = "mc-dropout";
    /** M: ensemble members, or dropout passes T. */
    public static final String KEY_MEMBERS = "xsdnn.fused.members";
    /** Comma-separated widths of the hidden layers, input side first (sizes the batches {@link FusedModel} runs). */
    public static final String KEY_HIDDEN_WIDTHS = "xsdnn.fused.hidden-widths";
    /** How sigma_std is defined, in words. */
    public static final String KEY_STD = "xsdnn.fused.std";
    /** Dropout probability p of the frozen masks. */
    public static final String KEY_DROPOUT_P = "xsdnn.mc-dropout.p";
    /** Seed the masks were drawn from, and how (in words). */
    public static final String KEY_DROPOUT_SEED = "xsdnn.mc-dropout.seed";

    public static final String KEY_DROPOUT_MASKS = "xsdnn.mc-dropout.masks";

    private static final String REMEDY = " Re-export with xsdnn export.";

    private FusedContract() {}

    /** What {@link #check} found: members M and whether the per-member output is there. */
    record Layout(int members, boolean perMember) {}

    /**
     * Checks the session's tensors and metadata against the contract.
     *
     * @throws ContractException naming the file, what it has and what the contract expects
     */
    static Layout check(String fileName, OrtSession session, Map<String, String> metadata)
            throws OrtException, ContractException {
        String contract = metadata.get(MetadataKeys.CONTRACT);
        if (!ID.equals(contract)) {
            throw new ContractException(fileName + ": metadata " + MetadataKeys.CONTRACT + " is "
                    + (contract == null ? "missing" : "\"" + contract + "\"") + "; a fused model has \"" + ID
                    + "\". For member files (contract xsdnn-1 or NuWro's) use Ensemble.open on their directory.");
        }
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (!inputs.keySet().equals(Set.copyOf(INPUTS))) {
            throw new ContractException(fileName + ": inputs are " + new TreeSet<>(inputs.keySet()) + "; contract " + ID
                    + " expects " + INPUTS + ", float32 [N] each (GeV, degrees, GeV)." + REMEDY);
        }
        for (String name : INPUTS) {
            requireVector(fileName, "input", name, inputs.get(name));
        }
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        for (String name : List.of(MEAN, STD)) {
            if (!outputs.containsKey(name)) {
                throw new ContractException(fileName + ": outputs are " + new TreeSet<>(outputs.keySet())
                        + "; contract " + ID + " expects " + MEAN + " and " + STD + ", float32 [N] in nb/(sr·GeV)."
                        + REMEDY);
            }
            requireVector(fileName, "output", name, outputs.get(name));
        }
        int members = positiveInt(fileName, metadata, KEY_MEMBERS);
        positiveInt(fileName, metadata, MetadataKeys.TARGET_A);
        NodeInfo perMember = outputs.get(MEMBERS);
        if (perMember != null) {
            long[] shape = floatShape(perMember);
            if (shape == null || shape.length != 2 || shape[0] >= 0 || shape[1] != members) {
                throw new ContractException(fileName + ": output " + MEMBERS + " is " + perMember.getInfo()
                        + "; contract " + ID + " expects float32 [N," + members + "] (" + KEY_MEMBERS + " = "
                        + members + ")." + REMEDY);
            }
        }
        return new Layout(members, perMember != null);
    }

    /** Widths from {@value #KEY_HIDDEN_WIDTHS}; empty when absent or unreadable (then batches are sized cautiously). */
    static List<Integer> hiddenWidths(Map<String, String> metadata) {
        String value = metadata.get(KEY_HIDDEN_WIDTHS);
        List<Integer> widths = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return widths;
        }
        try {
            for (String part : value.split(",")) {
                widths.add(Integer.parseInt(part.strip()));
            }
        } catch (NumberFormatException e) {
            return List.of();
        }
        return widths;
    }

    static int positiveInt(String fileName, Map<String, String> metadata, String key) throws ContractException {
        String value = metadata.get(key);
        try {
            int n = Integer.parseInt(value == null ? "" : value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ContractException(
                fileName + ": metadata " + key + " is " + (value == null ? "missing" : "\"" + value + "\"")
                        + "; contract " + ID + " expects a whole number >= 1." + REMEDY);
    }

    private static void requireVector(String fileName, String what, String name, NodeInfo node)
            throws ContractException {
        long[] shape = floatShape(node);
        if (shape == null || shape.length != 1 || shape[0] >= 0) {
            throw new ContractException(fileName + ": " + what + " " + name + " is " + node.getInfo() + "; contract "
                    + ID + " expects float32 [N], N free." + REMEDY);
        }
    }

    /** The shape of a float32 tensor (−1 for free dimensions); null for anything else. */
    private static long[] floatShape(NodeInfo node) {
        if (node.getInfo() instanceof TensorInfo tensor
                && tensor.onnxType == TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
            return tensor.getShape();
        }
        return null;
    }
}
