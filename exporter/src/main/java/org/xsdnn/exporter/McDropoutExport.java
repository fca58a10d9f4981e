package org.xsdnn.exporter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.FusedContract;
import org.xsdnn.runtime.Prediction;

/**
 * Writes an MC-dropout network (model B: one network, dropout p &gt; 0) as ONE deterministic ONNX file of contract
 * {@value FusedContract#ID}, the same inputs and outputs as {@link FusedEnsemble}: the M "members" are T frozen
 * dropout passes.
 *
 * <p>Why frozen masks: an exported Dropout node is at the mercy of the runtime. Its inference form (no
 * training_mode, as converters write it) is an identity that optimizers remove; its training form draws new masks
 * on every run, so σ and its spread change from call to call and between machines, and whether it survives
 * depends on the runtime and its optimizer (with ONNX Runtime 1.29 from Java and a constant training_mode = true
 * it did still drop units, randomly per run). Here the T masks are drawn once from a seed ({@link DropoutMasks}) and stored as
 * initializers {@code mask.<l>} float32 [T, 1, w]; the graph multiplies them in after each ReLU, with batch norm in
 * inference mode (folded into the dense layers). Nothing random is left for an optimizer to remove or a runtime
 * to redraw: every run gives the same numbers (another machine the same up to float32 rounding).
 *
 * <p>Layout: layer 1 is computed once, X[N, 5] × W₁ + b₁ → ReLU → [N, w], and broadcast against its masks to
 * [T, N, w]; every later layer is one MatMul [T, N, w] × [w, w'] (the weights are shared by all passes, so ONNX
 * Runtime multiplies T·N rows at once), + b, ReLU, × mask; the output layer gives logits [T, N].
 */
public final class McDropoutExport {
    private static final String GRAPH_NAME = "xsdnn-mc-dropout";

    private McDropoutExport() {}

    /**
     * Model B's one file {@code mc-dropout.onnx} with the per-pass output and the card in its metadata, from the one
     * network it is given.
     */
    public static GeneratorProfile profile(int passes, long seed) {
        return (dir, networks, massNumber, card) -> List.of(write(
                networks.get(0),
                passes,
                seed,
                massNumber,
                GeneratorProfile.cardMetadata(card),
                dir.resolve(Ensemble.MC_DROPOUT_FILE),
                true));
    }

    /**
     * Writes the T-pass file with σ mean and std outputs, verified in ONNX Runtime against a double-precision
     * recomputation of every pass with the same masks ({@link DropoutMasks#forward}) on a fixed carbon grid.
     *
     * @param net a network with {@code dropout()} p, 0 &lt; p &lt; 1
     * @param passes T, at least 2 (the published default is 50)
     * @param seed seed of the masks; equal arguments give byte-identical files
     */
    public static FusedVerificationReport write(NetworkWeights net, int passes, long seed, int massNumber, Path file)
            throws IOException, ExportVerificationException {
        return write(net, passes, seed, massNumber, Map.of(), file, false);
    }

    /**
     * As {@link #write(NetworkWeights, int, long, int, Path)}, with extra metadata and optionally the per-pass
     * output {@value FusedContract#MEMBERS} [N, T].
     *
     * @param metadata extra {@code metadata_props}; the contract keys this class writes replace any of the same name
     */
    public static FusedVerificationReport write(
            NetworkWeights net,
            int passes,
            long seed,
            int massNumber,
            Map<String, String> metadata,
            Path file,
            boolean perPass)
            throws IOException, ExportVerificationException {
        DropoutMasks masks = masks(net, passes, seed);
        byte[] bytes = graph(net, masks, massNumber, metadata, perPass);
        VerificationPoints grid = VerificationPoints.carbonGrid();
        Prediction expected = ReferenceForward.mcDropout(net, masks, massNumber, grid);
        return StagedWrite.verifyThenMove(
                file,
                bytes,
                staged -> ExportVerifier.verifyFused(staged, file.getFileName().toString(), expected, grid));
    }

    /** The masks {@link #write} freezes into the file for these arguments. */
    public static DropoutMasks masks(NetworkWeights net, int passes, long seed) {
        if (!(net.dropout() > 0 && net.dropout() < 1)) {
            throw new IllegalArgumentException("network dropout p = " + net.dropout() + "; MC dropout needs 0 < p < 1 "
                    + "(model B uses p = 0.01)");
        }
        if (passes < 2) {
            throw new IllegalArgumentException("passes = " + passes + "; expected at least 2 (one pass has no spread)");
        }
        return DropoutMasks.draw(FusedGraphs.hiddenWidths(net), net.dropout(), passes, seed);
    }

    /** The serialized model, unverified. */
    public static byte[] graph(
            NetworkWeights net, DropoutMasks masks, int massNumber, Map<String, String> metadata, boolean perPass) {
        FusedGraphs.checkCommon(massNumber);
        List<NetworkWeights.Layer> hidden = net.hidden();
        if (hidden.size() != masks.layers()) {
            throw new IllegalArgumentException(
                    "network has " + hidden.size() + " hidden layers, masks " + masks.layers());
        }
        int t = masks.passes();
        OnnxGraph g = new OnnxGraph(GRAPH_NAME);
        FusedGraphs.Inputs in = FusedGraphs.kinematics(g, massNumber);
        String h = in.features();
        for (int l = 0; l < hidden.size(); l++) {
            String prefix = "hidden." + l;
            NetworkWeights.Layer layer = hidden.get(l).folded();
            String w = g.floats(prefix + ".weight", layer.weight(), layer.inputs(), layer.outputs());
            String b = g.floats(prefix + ".bias", layer.bias(), layer.outputs());
            String product = g.op(OnnxOperator.MATMUL, prefix + ".matmul", List.of(h, w));
            String relu = g.op(
                    OnnxOperator.RELU,
                    prefix + ".relu",
                    List.of(g.op(OnnxOperator.ADD, prefix + ".linear", List.of(product, b))));
            String mask = g.floats("mask." + l, masks.layer(l), t, 1, layer.outputs());
            // Layer 0: [N, w] × [T, 1, w] broadcasts to [T, N, w]; later layers are [T, N, w] already.
            h = g.op(OnnxOperator.MUL, prefix + ".dropped", List.of(relu, mask));
        }
        NetworkWeights.Layer out = net.output();
        String w = g.floats("output.weight", out.weight(), out.inputs(), 1);
        String b = g.floats("output.bias", out.bias(), 1);
        String product = g.op(OnnxOperator.MATMUL, "output.matmul", List.of(h, w));
        String z = FusedGraphs.squeezeLast(g, g.op(OnnxOperator.ADD, "output.linear", List.of(product, b)));
        FusedGraphs.statistics(g, z, in.scale(), t, perPass);
        Map<String, String> m = new LinkedHashMap<>(FusedGraphs.metadata(
                metadata, FusedContract.KIND_MC_DROPOUT, t, massNumber, FusedGraphs.hiddenWidths(net), perPass));
        m.put(FusedContract.KEY_DROPOUT_P, Double.toString(masks.p()));
        m.put(FusedContract.KEY_DROPOUT_SEED, Long.toString(masks.seed()));
        m.put(FusedContract.KEY_DROPOUT_MASKS, DropoutMasks.DRAWING);
        String doc = String.format(
                Locale.ROOT,
                "xsdnn MC dropout, p = %s, %d frozen passes (seed %d), contract %s: "
                        + "inputs %s float32 [N] (GeV, degrees, GeV); outputs %s, %s float32 [N]%s in nb/(sr·GeV), A = %d.",
                masks.p(),
                t,
                masks.seed(),
                FusedContract.ID,
                FusedContract.INPUTS,
                FusedContract.MEAN,
                FusedContract.STD,
                perPass ? ", " + FusedContract.MEMBERS + " float32 [N," + t + "]" : "",
                massNumber);
        return OnnxGraph.model(g.build(), doc, m);
    }
}
