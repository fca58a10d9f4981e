package org.xsdnn.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.OnnxContract;

/**
 * One ONNX member file in one ONNX Runtime session, contract checked on open. Thread-safe: {@link #r} may be
 * called from many threads at once; {@link #close} waits for calls in progress.
 */
public final class MemberModel implements AutoCloseable {
    private final String fileName;
    private final String outputName;
    private final SessionOptions options;
    private final OrtSession session;
    private final Map<String, String> metadata;
    private final List<String> warnings;
    private final CloseGuard guard = new CloseGuard("MemberModel");

    private MemberModel(
            String fileName,
            String outputName,
            SessionOptions options,
            OrtSession session,
            Map<String, String> metadata,
            List<String> warnings) {
        this.fileName = fileName;
        this.outputName = outputName;
        this.options = options;
        this.session = session;
        this.metadata = metadata;
        this.warnings = warnings;
    }

    /**
     * Opens a member file and checks its input {@value OnnxContract#INPUT_NAME} float32 [N, 5] and output
     * {@code outputName} float32 [N, 1].
     *
     * @param outputName {@value OnnxContract#OUTPUT_NAME} for xsdnn files, {@value OnnxContract#NUWRO_OUTPUT_NAME}
     *     for NuWro's
     * @throws ContractException when ONNX Runtime cannot load the file or its tensors differ from the contract
     */
    public static MemberModel open(Path onnxFile, String outputName, ScoringOptions scoringOptions)
            throws IOException, ContractException {
        if (!Files.isRegularFile(onnxFile)) {
            throw new NoSuchFileException(onnxFile.toString(), null, "expected an ONNX member file");
        }
        String fileName = onnxFile.getFileName().toString();
        List<String> warnings = new ArrayList<>();
        SessionOptions options = OrtOptions.create(scoringOptions, warnings);
        OrtSession session = null;
        try {
            session = OrtEnvironments.get().createSession(onnxFile.toString(), options);
            TensorContract.check(fileName, session, outputName);
            Map<String, String> metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
            return new MemberModel(fileName, outputName, options, session, metadata, List.copyOf(warnings));
        } catch (OrtException e) {
            SessionResources.closeAfterFailure(session, options, e);
            throw new ContractException(
                    fileName + ": ONNX Runtime cannot load it: " + e.getMessage() + ". Re-export with xsdnn export.",
                    e);
        } catch (ContractException | RuntimeException e) {
            SessionResources.closeAfterFailure(session, options, e);
            throw e;
        }
    }

    /**
     * The member's raw output r ∈ (0, 1) for n points.
     *
     * @param features row-major [n, 5] scaled input vectors ({@link Kinematics#featureMatrix})
     * @throws IllegalArgumentException when {@code features} does not hold exactly n·5 values
     * @throws IllegalStateException after {@link #close}
     */
    public double[] r(float[] features, int n) throws ScoringException {
        if (n < 0 || features.length != (long) n * Kinematics.FEATURES) {
            throw new IllegalArgumentException("features has " + features.length + " values for n = " + n
                    + " points; expected n*" + Kinematics.FEATURES);
        }
        try (CloseGuard.Entry call = guard.enter()) {
            return n == 0 ? new double[0] : run(features, n);
        }
    }

    private double[] run(float[] features, int n) throws ScoringException {
        OrtEnvironment env = OrtEnvironments.get();
        long[] shape = {n, Kinematics.FEATURES};
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(features), shape);
                OrtSession.Result result = session.run(Map.of(OnnxContract.INPUT_NAME, input), Set.of(outputName))) {
            OnnxTensor output = (OnnxTensor) result.get(outputName).orElseThrow();
            long[] outShape = output.getInfo().getShape();
            if (outShape.length != 2 || outShape[0] != n || outShape[1] != 1) {
                throw new ScoringException(fileName + ": output \"" + outputName + "\" has shape "
                        + Arrays.toString(outShape) + " for " + n + " points; expected [" + n + ", 1]");
            }
            FloatBuffer r = output.getFloatBuffer();
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = r.get(i);
            }
            return out;
        } catch (OrtException e) {
            throw new ScoringException(fileName + ": ONNX Runtime failed on " + n + " points: " + e.getMessage(), e);
        }
    }

    /** File name, for messages. */
    public String fileName() {
        return fileName;
    }

    /** The file's ONNX {@code metadata_props}, an immutable copy read on open. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Why options could not be honoured (e.g. CUDA unavailable); empty when all were. */
    public List<String> warnings() {
        return warnings;
    }

    /** Waits for calls in progress, then frees the session and its options (in that order). Idempotent. */
    @Override
    public void close() {
        if (guard.markClosed()) {
            SessionResources.close(session, options, fileName);
        }
    }
}
