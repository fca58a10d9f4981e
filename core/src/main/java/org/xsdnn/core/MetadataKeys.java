package org.xsdnn.core;

/**
 * Fixed keys of the ONNX {@code metadata_props} that xsdnn writes into every member file, so that a lone
 * file describes itself. Values are plain strings; those marked JSON hold {@link CardJson} text.
 */
public final class MetadataKeys {
    /** The whole model card, JSON, without member checksums (a file cannot contain its own hash). */
    public static final String CARD = "xsdnn.card";
    /** xsdnn version that trained and exported the model. */
    public static final String VERSION = "xsdnn.version";
    /** Contract identifier, {@value OnnxContract#ID}. */
    public static final String CONTRACT = "xsdnn.contract";
    /** Input tensor definition in words. */
    public static final String INPUT = "xsdnn.input";
    /** {@link Kinematics#FEATURE_ORDER}. */
    public static final String FEATURE_ORDER = "xsdnn.feature-order";
    /** Output tensor definition in words. */
    public static final String OUTPUT = "xsdnn.output";
    /** Units of σ, {@value OnnxContract#UNITS}. */
    public static final String UNITS = "xsdnn.units";
    /** How σ follows from r. */
    public static final String SIGMA = "xsdnn.sigma";

    public static final String TARGET_NAME = "xsdnn.target.name";
    /** Proton number Z of the target nucleus. */
    public static final String TARGET_Z = "xsdnn.target.z";
    /** Mass number A of the target nucleus; σ scales with A/12. */
    public static final String TARGET_A = "xsdnn.target.a";
    /** Index of this member in its ensemble, from 0. */
    public static final String MEMBER_INDEX = "xsdnn.member.index";
    /** Random seed of this member's replica and initialization. */
    public static final String MEMBER_SEED = "xsdnn.member.seed";
    /** JSON object: normalization group → fitted λ of this member. */
    public static final String MEMBER_LAMBDAS = "xsdnn.member.lambdas";
    /** JSON object: every training hyperparameter (epochs, learning rate, batch, split, cut, seed, dropout, layers). */
    public static final String TRAINING = "xsdnn.training";
    /** JSON object: training data files with SHA-256, selection, points used, dropped and cut. */
    public static final String DATA = "xsdnn.data";

    private MetadataKeys() {}
}
