package org.xsdnn.exporter;

import static org.xsdnn.exporter.OnnxOperator.intAttribute;
import static org.xsdnn.exporter.OnnxOperator.intsAttribute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.MetadataKeys;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.core.OnnxContract;
import org.xsdnn.onnx.OnnxTensors;
import org.xsdnn.onnx.TensorProto;
import org.xsdnn.runtime.FusedContract;

/**
 * The parts every fused graph (contract {@value FusedContract#ID}) shares: kinematics in, the network's
 * feature matrix and the scale S(E, θ)·A/12 computed inside the graph, and the statistics over M members out.
 *
 * <p>Precision: the inputs are float32, as the contract says, but everything that is not a matrix product runs in
 * float64 (ONNX Runtime's CPU kernels for Cos, Sin, Exp, Div, ReduceMean… take double): the features are formed
 * in double and rounded once to float32, exactly as {@link Kinematics#features} does for member files, and the
 * sigmoid, mean, standard deviation and the scale are double, rounded once to float32 at the outputs. Only the
 * dense layers are float32. The std, a difference of close numbers, therefore loses nothing beyond the members'
 * own float32 error.
 */
final class FusedGraphs {
    /** TensorProto.DataType numbers, the values of Cast's {@code to} attribute. */
    private static final long FLOAT = TensorProto.DataType.FLOAT_VALUE;

    private static final long DOUBLE = TensorProto.DataType.DOUBLE_VALUE;
    /** Java's {@code Math.toRadians} factor, so that θ in radians is the same double here and in Kinematics. */
    private static final double DEGREES_TO_RADIANS = 0.017453292519943295;

    private FusedGraphs() {}

    /** Names of the values {@link #kinematics} adds: X float32 [N, 5], the scale float64 [N]. */
    record Inputs(String features, String scale) {}

    /**
     * Declares the three inputs and computes X = (E/20, ω/20, θ/180, cos θ, Q²/100) as float32 [N, 5] and the
     * scale S(E, θ)·A/12 = 10⁹ cos(θ/2) / (137²·4E³ sin⁴(θ/2)) · A/12 as float64 [N], with the operations of
     * {@link Kinematics} in the same order.
     */
    static Inputs kinematics(OnnxGraph g, int massNumber) {
        for (String name : FusedContract.INPUTS) {
            g.input(OnnxTensors.floatVector(name));
        }
        String e = g.op(OnnxOperator.CAST, "kin.E", List.of(FusedContract.ENERGY), intAttribute("to", DOUBLE));
        String theta = g.op(OnnxOperator.CAST, "kin.theta", List.of(FusedContract.THETA), intAttribute("to", DOUBLE));
        String omega = g.op(OnnxOperator.CAST, "kin.omega", List.of(FusedContract.OMEGA), intAttribute("to", DOUBLE));
        String rad = g.op(
                OnnxOperator.MUL, "kin.theta_rad", List.of(theta, scalar(g, "kin.deg_to_rad", DEGREES_TO_RADIANS)));
        String cos = g.op(OnnxOperator.COS, "kin.cos_theta", List.of(rad));
        String energyScale = scalar(g, "kin.energy_scale", 20.0);
        List<String> features = new ArrayList<>();
        features.add(g.op(OnnxOperator.DIV, "kin.x0", List.of(e, energyScale)));
        features.add(g.op(OnnxOperator.DIV, "kin.x1", List.of(omega, energyScale)));
        features.add(g.op(OnnxOperator.DIV, "kin.x2", List.of(theta, scalar(g, "kin.theta_scale", 180.0))));
        features.add(cos);
        // Q² = 2E(E − ω)(1 − cos θ), evaluated left to right as Kinematics.q2 does.
        String twoE = g.op(OnnxOperator.MUL, "kin.2E", List.of(scalar(g, "kin.two", 2.0), e));
        String eMinusOmega = g.op(OnnxOperator.SUB, "kin.E_minus_omega", List.of(e, omega));
        String oneMinusCos = g.op(OnnxOperator.SUB, "kin.one_minus_cos", List.of(scalar(g, "kin.one", 1.0), cos));
        String q2 = g.op(
                OnnxOperator.MUL,
                "kin.Q2",
                List.of(g.op(OnnxOperator.MUL, "kin.2E_E_minus_omega", List.of(twoE, eMinusOmega)), oneMinusCos));
        features.add(g.op(OnnxOperator.DIV, "kin.x4", List.of(q2, scalar(g, "kin.q2_scale", 100.0))));
        String axis1 = g.int64s("kin.axis1", new long[] {1}, 1);
        List<String> columns = new ArrayList<>();
        for (String f : features) {
            columns.add(g.op(OnnxOperator.UNSQUEEZE, f + ".column", List.of(f, axis1)));
        }
        String x64 = g.op(OnnxOperator.CONCAT, "kin.features_double", columns, intAttribute("axis", 1));
        String x = g.op(OnnxOperator.CAST, "kin.features", List.of(x64), intAttribute("to", FLOAT));

        // S(E, θ) = 10⁹ cos(θ/2) / (137·137·4·E·E·E·s²·s²), s = sin(θ/2), as Kinematics.scaleNbPerSrGeV.
        String half = g.op(OnnxOperator.DIV, "kin.half_theta", List.of(rad, scalar(g, "kin.two_div", 2.0)));
        String sin = g.op(OnnxOperator.SIN, "kin.sin_half", List.of(half));
        String cosHalf = g.op(OnnxOperator.COS, "kin.cos_half", List.of(half));
        String s2 = g.op(OnnxOperator.MUL, "kin.sin2_half", List.of(sin, sin));
        String den = scalar(g, "kin.alpha_factor", 137.0 * 137.0 * 4.0);
        int step = 0;
        for (String factor : List.of(e, e, e, s2, s2)) {
            den = g.op(OnnxOperator.MUL, "kin.den" + step++, List.of(den, factor));
        }
        String num = g.op(OnnxOperator.MUL, "kin.num", List.of(scalar(g, "kin.nb", 1e9), cosHalf));
        String s = g.op(OnnxOperator.DIV, "kin.S", List.of(num, den));
        String scale = g.op(OnnxOperator.MUL, "kin.scale", List.of(s, scalar(g, "kin.A_over_12", massNumber / 12.0)));
        return new Inputs(x, scale);
    }

    /**
     * From float32 logits z [M, N] (member or pass first) to the outputs: r = 1/(1 + exp(−z)) in double (the
     * form {@link OnnxExporter} uses, which keeps relative precision at small r), mean and population std of r
     * over axis 0, times the scale; {@value FusedContract#MEMBERS} [N, M] when asked for.
     */
    static void statistics(OnnxGraph g, String logits, String scale, int members, boolean perMember) {
        g.output(OnnxTensors.floatVector(FusedContract.MEAN));
        g.output(OnnxTensors.floatVector(FusedContract.STD));
        String z = g.op(OnnxOperator.CAST, "stats.z", List.of(logits), intAttribute("to", DOUBLE));
        String neg = g.op(OnnxOperator.NEG, "stats.neg", List.of(z));
        String exp = g.op(OnnxOperator.EXP, "stats.exp", List.of(neg));
        String add = g.op(OnnxOperator.ADD, "stats.one_plus_exp", List.of(exp, scalar(g, "stats.one", 1.0)));
        String r = g.op(OnnxOperator.RECIPROCAL, "stats.r", List.of(add));
        String mean = g.op(
                OnnxOperator.REDUCE_MEAN,
                "stats.mean_r",
                List.of(r),
                intsAttribute("axes", 0),
                intAttribute("keepdims", 0));
        String deviation = g.op(OnnxOperator.SUB, "stats.deviation", List.of(r, mean));
        String square = g.op(OnnxOperator.MUL, "stats.square", List.of(deviation, deviation));
        String variance = g.op(
                OnnxOperator.REDUCE_MEAN,
                "stats.variance_r",
                List.of(square),
                intsAttribute("axes", 0),
                intAttribute("keepdims", 0));
        String std = g.op(OnnxOperator.SQRT, "stats.std_r", List.of(variance));
        String sigmaMean = g.op(OnnxOperator.MUL, "stats.sigma_mean", List.of(mean, scale));
        String sigmaStd = g.op(OnnxOperator.MUL, "stats.sigma_std", List.of(std, scale));
        g.node(OnnxOperator.CAST, "out.mean", List.of(sigmaMean), FusedContract.MEAN, intAttribute("to", FLOAT));
        g.node(OnnxOperator.CAST, "out.std", List.of(sigmaStd), FusedContract.STD, intAttribute("to", FLOAT));
        if (perMember) {
            g.output(OnnxTensors.floatBatch(FusedContract.MEMBERS, members));
            String sigma = g.op(OnnxOperator.MUL, "stats.sigma_members", List.of(r, scale));
            String byPoint =
                    g.op(OnnxOperator.TRANSPOSE, "stats.sigma_by_point", List.of(sigma), intsAttribute("perm", 1, 0));
            g.node(
                    OnnxOperator.CAST,
                    "out.members",
                    List.of(byPoint),
                    FusedContract.MEMBERS,
                    intAttribute("to", FLOAT));
        }
    }

    /** The contract keys every fused file carries; callers' keys first, so ours win on a clash. */
    static Map<String, String> metadata(
            Map<String, String> callers,
            String kind,
            int members,
            int massNumber,
            List<Integer> hiddenWidths,
            boolean perMember) {
        Map<String, String> m = new LinkedHashMap<>(callers);
        m.put(MetadataKeys.CONTRACT, FusedContract.ID);
        m.put(MetadataKeys.VERSION, ProducerVersion.get());
        m.put(
                MetadataKeys.INPUT,
                FusedContract.ENERGY + " float32 [N]: beam energy E in GeV; " + FusedContract.THETA
                        + " float32 [N]: scattering angle theta in degrees; " + FusedContract.OMEGA
                        + " float32 [N]: energy transfer omega in GeV");
        String unit = "M = " + members + (FusedContract.KIND_MC_DROPOUT.equals(kind) ? " dropout passes" : " members");
        m.put(
                MetadataKeys.OUTPUT,
                FusedContract.MEAN + " float32 [N]: mean of sigma over the " + unit + "; "
                        + FusedContract.STD
                        + " float32 [N]: population standard deviation of sigma over them (divide by M)"
                        + (perMember
                                ? "; " + FusedContract.MEMBERS + " float32 [N," + members + "]: sigma of each"
                                : "")
                        + "; all in " + OnnxContract.UNITS);
        m.put(MetadataKeys.UNITS, OnnxContract.UNITS);
        m.put(MetadataKeys.SIGMA, OnnxContract.SIGMA_FORMULA);
        m.put(MetadataKeys.FEATURE_ORDER, Kinematics.FEATURE_ORDER);
        m.put(MetadataKeys.TARGET_A, Integer.toString(massNumber));
        m.put(FusedContract.KEY_KIND, kind);
        m.put(FusedContract.KEY_MEMBERS, Integer.toString(members));
        m.put(
                FusedContract.KEY_HIDDEN_WIDTHS,
                hiddenWidths.stream().map(String::valueOf).collect(Collectors.joining(",")));
        m.put(
                FusedContract.KEY_STD,
                "population standard deviation over the " + unit
                        + ": sqrt(mean((sigma_m - mean)^2)), divide by M, not M - 1");
        return m;
    }

    /** Widths of the hidden layers, input side first. */
    static List<Integer> hiddenWidths(NetworkWeights net) {
        return net.hidden().stream().map(NetworkWeights.Layer::outputs).toList();
    }

    /** Removes the trailing unit axis of [M, N, 1] logits: [M, N]. */
    static String squeezeLast(OnnxGraph g, String logits3) {
        String axis = g.int64s("out.axis2", new long[] {2}, 1);
        return g.op(OnnxOperator.SQUEEZE, "out.logits", List.of(logits3, axis));
    }

    /** A float64 scalar constant (rank 0), broadcast by the binary operators. */
    private static String scalar(OnnxGraph g, String name, double value) {
        return g.doubles(name, new double[] {value});
    }

    /** Checks arguments every fused writer shares. */
    static void checkCommon(int massNumber) {
        if (massNumber < 1) {
            throw new IllegalArgumentException("massNumber = " + massNumber + "; expected A >= 1 (12 for carbon)");
        }
    }
}
