package org.xsdnn.exporter;

import static org.xsdnn.exporter.OnnxOperator.intAttribute;
import static org.xsdnn.exporter.OnnxOperator.intsAttribute;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.runtime.FusedContract;
import org.xsdnn.runtime.Prediction;

/**
 * Writes a whole bootstrap ensemble as ONE ONNX file of contract {@value FusedContract#ID}: inputs
 * {@value FusedContract#ENERGY}, {@value FusedContract#THETA}, {@value FusedContract#OMEGA} (float32 [N] each; GeV,
 * degrees, GeV), outputs {@value FusedContract#MEAN} and {@value FusedContract#STD} (float32 [N], nb/(sr·GeV),
 * population std over the M members) and optionally {@value FusedContract#MEMBERS} (float32 [N, M]). Features and
 * S(E, θ)·A/12 are computed inside the graph (see {@link FusedGraphs}); read it with
 * {@link org.xsdnn.runtime.FusedModel}.
 *
 * <p>Layout (measured; numbers in exporter/PROFILES.md): layer 1 is ONE product X[N, 5] × W₁[5, M·w] + b₁ (the
 * members' matrices side by side; a Gemm), ReLU, split into M blocks [N, w]; each member's later layers are 2-D
 * Gemms [N, w] × [w, w'] + b with constant weights, which ONNX Runtime packs once when the session opens; the M
 * output logits [N, 1] are concatenated to [N, M] and transposed to [M, N]. The batched layout ([M, N, w] ×
 * [M, w, w] MatMul) was measured too: 15 % faster for one point, but 1.5× slower at 16 points and 1.2–1.3× slower
 * from 64 points up, most likely because ONNX Runtime prepacks constant MatMul weights only when they are 2-D.
 *
 * <p>Batch normalization is folded into each dense layer ({@link NetworkWeights.Layer#folded()}) and dropout is the identity, as
 * in the member files. All members must have the same hidden widths.
 */
public final class FusedEnsemble {
    private static final String GRAPH_NAME = "xsdnn-fused-ensemble";
    /** Name of the fused file inside a model directory. */
    public static final String FILE_NAME = "fused.onnx";

    private FusedEnsemble() {}

    /** The fused file {@value #FILE_NAME} with per-member σ and the card in its metadata. */
    public static GeneratorProfile profile() {
        return (dir, networks, massNumber, card) ->
                List.of(write(networks, massNumber, GeneratorProfile.cardMetadata(card), dir.resolve(FILE_NAME), true));
    }

    /**
     * Writes the fused file, after checking in ONNX Runtime that it reproduces a double-precision member-by-member
     * evaluation of {@code members} on a fixed grid of carbon kinematics (mean to
     * {@value ExportVerifier#DEFAULT_RELATIVE_TOLERANCE}, std to {@value ExportVerifier#DEFAULT_STD_RELATIVE_TOLERANCE}
     * relative). A file that fails is not left behind; an existing {@code file} is replaced atomically.
     *
     * @param metadata extra {@code metadata_props} (e.g. the model card); the contract keys this class writes
     *     ({@code xsdnn.contract}, {@code xsdnn.input}, {@code xsdnn.output}, units, A, {@code xsdnn.fused.*})
     *     replace any of the same name
     * @param perMember also output {@value FusedContract#MEMBERS} [N, M]
     * @return the verification on the grid
     * @throws ExportVerificationException when ONNX Runtime cannot run the file or it disagrees with the members
     */
    public static FusedVerificationReport write(
            List<NetworkWeights> members, int massNumber, Map<String, String> metadata, Path file, boolean perMember)
            throws IOException, ExportVerificationException {
        return write(members, massNumber, metadata, file, perMember, null);
    }

    /**
     * {@link #write}, and the file must also give the σ of the member files in {@code memberDir} as ONNX Runtime
     * scores them before it replaces anything; the report is that second check's. Null {@code memberDir}: only the
     * first check.
     */
    static FusedVerificationReport write(
            List<NetworkWeights> members,
            int massNumber,
            Map<String, String> metadata,
            Path file,
            boolean perMember,
            Path memberDir)
            throws IOException, ExportVerificationException {
        byte[] bytes = graph(members, massNumber, metadata, perMember);
        VerificationPoints grid = VerificationPoints.carbonGrid();
        Prediction expected = ReferenceForward.ensemble(members, massNumber, grid);
        String name = file.getFileName().toString();
        return StagedWrite.verifyThenMove(file, bytes, staged -> {
            FusedVerificationReport fromWeights = ExportVerifier.verifyFused(staged, name, expected, grid);
            return memberDir == null
                    ? fromWeights
                    : ExportVerifier.verifyFused(
                            staged,
                            name,
                            ExportVerifier.scoreReference(
                                    memberDir, grid.energyGeV(), grid.thetaDeg(), grid.omegaGeV()),
                            grid);
        });
    }

    /** The serialized model {@link #write} writes, unverified. */
    public static byte[] graph(
            List<NetworkWeights> members, int massNumber, Map<String, String> metadata, boolean perMember) {
        checkMembers(members);
        FusedGraphs.checkCommon(massNumber);
        int m = members.size();
        OnnxGraph g = new OnnxGraph(GRAPH_NAME);
        FusedGraphs.Inputs in = FusedGraphs.kinematics(g, massNumber);
        String logits = stackedLogits(g, members, in.features());
        FusedGraphs.statistics(g, logits, in.scale(), m, perMember);
        List<Integer> widths = FusedGraphs.hiddenWidths(members.get(0));
        String doc = "xsdnn fused ensemble of " + m + " members, contract " + FusedContract.ID + ": inputs "
                + FusedContract.INPUTS + " float32 [N] (GeV, degrees, GeV); outputs " + FusedContract.MEAN + ", "
                + FusedContract.STD + " float32 [N]"
                + (perMember ? ", " + FusedContract.MEMBERS + " float32 [N," + m + "]" : "") + " in nb/(sr·GeV), A = "
                + massNumber + ".";
        return OnnxGraph.model(
                g.build(),
                doc,
                FusedGraphs.metadata(metadata, FusedContract.KIND_ENSEMBLE, m, massNumber, widths, perMember));
    }

    /** Logits [M, N] of all members, in the layout the class comment describes. */
    private static String stackedLogits(OnnxGraph g, List<NetworkWeights> members, String x) {
        int m = members.size();
        int layers = members.get(0).hidden().size();
        if (layers == 0) {
            // No hidden layer: the output layers themselves stack to [5, M], giving [N, M].
            String z = stackedDense(
                    g, "output", members.stream().map(NetworkWeights::output).toList(), x);
            return g.op(OnnxOperator.TRANSPOSE, "out.logits", List.of(z), intsAttribute("perm", 1, 0));
        }
        List<NetworkWeights.Layer> first =
                members.stream().map(net -> net.hidden().get(0).folded()).toList();
        int width = first.get(0).outputs();
        String h = g.op(OnnxOperator.RELU, "hidden.0.relu", List.of(stackedDense(g, "hidden.0", first, x)));
        long[] sizes = new long[m];
        Arrays.fill(sizes, width);
        List<String> perMember = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            perMember.add("member." + k + ".hidden.0");
        }
        perMember = g.node(
                OnnxOperator.SPLIT,
                "hidden.0.split",
                List.of(h, g.int64s("hidden.0.sizes", sizes, m)),
                perMember,
                intAttribute("axis", 1));
        List<String> logits = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            NetworkWeights net = members.get(k);
            String a = perMember.get(k);
            for (int l = 1; l < layers; l++) {
                String prefix = "member." + k + ".hidden." + l;
                a = g.op(
                        OnnxOperator.RELU,
                        prefix + ".relu",
                        List.of(dense(g, prefix, net.hidden().get(l).folded(), a)));
            }
            logits.add(dense(g, "member." + k + ".output", net.output(), a));
        }
        String byPoint = g.op(OnnxOperator.CONCAT, "out.logits_by_point", logits, intAttribute("axis", 1));
        return g.op(OnnxOperator.TRANSPOSE, "out.logits", List.of(byPoint), intsAttribute("perm", 1, 0));
    }

    /** x[N, in] × [in, M·out] + b[M·out] as one Gemm: the members' matrices side by side, member-major columns. */
    private static String stackedDense(OnnxGraph g, String prefix, List<NetworkWeights.Layer> layers, String x) {
        int m = layers.size();
        int in = layers.get(0).inputs();
        int out = layers.get(0).outputs();
        float[] weight = new float[in * m * out];
        float[] bias = new float[m * out];
        for (int k = 0; k < m; k++) {
            NetworkWeights.Layer layer = layers.get(k);
            for (int i = 0; i < in; i++) {
                System.arraycopy(layer.weight(), i * out, weight, i * m * out + k * out, out);
            }
            System.arraycopy(layer.bias(), 0, bias, k * out, out);
        }
        String w = g.floats(prefix + ".weight", weight, in, (long) m * out);
        String b = g.floats(prefix + ".bias", bias, (long) m * out);
        return g.node(OnnxOperator.GEMM, prefix + ".gemm", List.of(x, w, b), prefix + ".linear");
    }

    /** One member's x[N, in] × W[in, out] + b as Gemm (2-D constant weights, which ONNX Runtime prepacks). */
    private static String dense(OnnxGraph g, String prefix, NetworkWeights.Layer layer, String x) {
        String w = g.floats(prefix + ".weight", layer.weight(), layer.inputs(), layer.outputs());
        String b = g.floats(prefix + ".bias", layer.bias(), layer.outputs());
        return g.node(OnnxOperator.GEMM, prefix + ".gemm", List.of(x, w, b), prefix + ".linear");
    }

    private static void checkMembers(List<NetworkWeights> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no members; expected at least one network");
        }
        List<Integer> widths = FusedGraphs.hiddenWidths(members.get(0));
        for (int m = 1; m < members.size(); m++) {
            List<Integer> other = FusedGraphs.hiddenWidths(members.get(m));
            if (!other.equals(widths)) {
                throw new IllegalArgumentException("member " + m + " has hidden widths " + other + ", member 0 has "
                        + widths + "; a fused ensemble stacks members of one architecture");
            }
        }
    }
}
