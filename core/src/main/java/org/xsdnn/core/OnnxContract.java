package org.xsdnn.core;

/**
 * The tensor contract every xsdnn member file meets, named {@value #ID} in model cards and error messages:
 * input {@value #INPUT_NAME} float32 [N, 5] holding the scaled vector of {@link Kinematics}, output
 * {@value #OUTPUT_NAME} float32 [N, 1] holding the sigmoid value r. NuWro's files meet the same input
 * contract but name their output {@value #NUWRO_OUTPUT_NAME}.
 */
public final class OnnxContract {
    public static final String ID = "xsdnn-1";
    public static final String INPUT_NAME = "input";
    public static final String OUTPUT_NAME = "r";
    /** Output name tf2onnx gave the Wrocław group's Keras models, kept by NuWro's integration. */
    public static final String NUWRO_OUTPUT_NAME = "Identity:0";
    /** The input vector as people write it; used in messages and metadata. */
    public static final String INPUT_DESCRIPTION = "(E/20, ω/20, θ/180, cos θ, Q²/100)";

    public static final String UNITS = "nb/(sr·GeV)";
    public static final String SIGMA_FORMULA =
            "sigma = r * 1e9 * cos(theta/2) / (137^2 * 4 * E^3 * sin^4(theta/2)) * A/12; E in GeV, theta in degrees";

    private OnnxContract() {}
}
