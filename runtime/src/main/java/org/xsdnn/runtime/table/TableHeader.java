package org.xsdnn.runtime.table;

import java.util.List;
import java.util.Map;

/**
 * The JSON header at the end of an {@code .xsdt} file: units, conventions, axes, the model that made the table
 * and the estimated interpolation error. Written and read through the project's JSON dialect
 * ({@link org.xsdnn.core.CardJson}: kebab-case keys, unknown keys ignored), so later versions may add fields.
 * The binary part of the file, not this header, is authoritative for the node values.
 *
 * @param format always {@value #FORMAT}
 * @param formatVersion the binary layout version, {@value LookupTable#FORMAT_VERSION}
 * @param units units of the axes and of σ
 * @param quantity what σ is, in words
 * @param order how the value arrays are laid out
 * @param unphysical what the NaN nodes mean
 * @param interpolation how {@link LookupTable#sigma} interpolates
 * @param axes E, θ and ω, in this order
 * @param model the model the table was made from; null when unknown
 * @param interpolationError the error of trilinear interpolation against the model; null when not estimated
 * @param createdAt ISO-8601 instant; null when unknown
 * @param xsdnnVersion version of xsdnn that wrote the table; null when unknown
 */
public record TableHeader(
        String format,
        int formatVersion,
        Units units,
        String quantity,
        String order,
        String unphysical,
        String interpolation,
        List<Axis> axes,
        Model model,
        InterpolationError interpolationError,
        String createdAt,
        String xsdnnVersion) {
    /** Value of {@link #format()}. */
    public static final String FORMAT = "xsdt";

    public TableHeader {
        axes = axes == null ? List.of() : List.copyOf(axes);
    }

    /** The header every table starts with: conventions and axes, no model, no error estimate. */
    public static TableHeader of(TableAxis energy, TableAxis theta, TableAxis omega) {
        return new TableHeader(
                FORMAT,
                LookupTable.FORMAT_VERSION,
                new Units("GeV", "deg", "GeV", "nb/(sr GeV)"),
                "d2sigma/(dOmega domega) per nucleus, per steradian (not per d cos theta): mean and population standard "
                        + "deviation over the ensemble members",
                "mean and std are float32 arrays in C order [E][theta][omega]: node (i, j, k) at index (i*n_theta + j)*n_omega + k",
                "nodes with omega >= E are not physical: mean and std hold NaN there",
                "trilinear in (E, theta, omega); NaN outside the grid and wherever a corner with non-zero weight is NaN",
                List.of(Axis.of(energy, null), Axis.of(theta, null), Axis.of(omega, null)),
                null,
                null,
                null,
                null);
    }

    public TableHeader withAxes(List<Axis> newAxes) {
        return new TableHeader(
                format,
                formatVersion,
                units,
                quantity,
                order,
                unphysical,
                interpolation,
                newAxes,
                model,
                interpolationError,
                createdAt,
                xsdnnVersion);
    }

    public TableHeader withModel(Model newModel) {
        return new TableHeader(
                format,
                formatVersion,
                units,
                quantity,
                order,
                unphysical,
                interpolation,
                axes,
                newModel,
                interpolationError,
                createdAt,
                xsdnnVersion);
    }

    public TableHeader withInterpolationError(InterpolationError error) {
        return new TableHeader(
                format,
                formatVersion,
                units,
                quantity,
                order,
                unphysical,
                interpolation,
                axes,
                model,
                error,
                createdAt,
                xsdnnVersion);
    }

    public TableHeader withProvenance(String newCreatedAt, String newXsdnnVersion) {
        return new TableHeader(
                format,
                formatVersion,
                units,
                quantity,
                order,
                unphysical,
                interpolation,
                axes,
                model,
                interpolationError,
                newCreatedAt,
                newXsdnnVersion);
    }

    /** @param sigma units of σ mean and σ std */
    public record Units(String energy, String theta, String omega, String sigma) {}

    /**
     * @param name {@code E}, {@code theta} or {@code omega}
     * @param count number of nodes
     * @param step the common spacing of evenly spaced nodes (to 12 significant digits; the nodes themselves are in the
     *     binary part); null when uneven
     * @param spec the nodes as the user gave them (e.g. {@code 0.2:2.0:0.1}); null when not given
     */
    public record Axis(String name, String unit, int count, double min, double max, Double step, String spec) {
        public static Axis of(TableAxis axis, String spec) {
            double step = axis.uniformStep();
            // (max − min)/(n − 1) to 12 significant digits: 0.1, not 0.09999999999999998.
            Double even = Double.isNaN(step)
                    ? null
                    : new java.math.BigDecimal((axis.max() - axis.min()) / (axis.size() - 1))
                            .round(new java.math.MathContext(12))
                            .doubleValue();
            return new Axis(axis.name(), axis.unit(), axis.size(), axis.min(), axis.max(), even, spec);
        }
    }

    /**
     * @param name model name (the card's, or the directory's for third-party layouts)
     * @param layout {@code xsdnn} (model card) or {@code nuwro} (model_electron_&lt;tag&gt;_&lt;A&gt;_&lt;i&gt;.onnx files)
     * @param cardSha256 lower-case hex SHA-256 of the directory's model-card.json; null without a card
     * @param memberSha256 member file name → SHA-256, in ensemble order
     * @param members number of ensemble members
     * @param massNumber A of the target nucleus
     */
    public record Model(
            String name,
            String layout,
            String cardSha256,
            Map<String, String> memberSha256,
            int members,
            int massNumber) {
        public Model {
            memberSha256 = memberSha256 == null
                    ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(memberSha256));
        }

        /** The model a table is made from, as the runtime identifies it. */
        public static Model of(org.xsdnn.runtime.Ensemble ensemble) {
            org.xsdnn.runtime.ModelIdentity id = ensemble.identity();
            return new Model(
                    id.name(),
                    id.layout(),
                    id.cardSha256(),
                    id.memberSha256(),
                    ensemble.members(),
                    ensemble.massNumber());
        }
    }
}
