package org.xsdnn.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.util.EnumSet;
import java.util.List;

/** Turns {@link ScoringOptions} into ONNX Runtime session options. */
final class OrtOptions {
    private OrtOptions() {}

    /**
     * Session options for one member; the caller closes them after the session. Adds to {@code warnings}
     * why CUDA was not used when it was asked for.
     */
    static SessionOptions create(ScoringOptions options, List<String> warnings) {
        SessionOptions session = new SessionOptions();
        try {
            session.setIntraOpNumThreads(options.intraOpThreads());
            if (options.device() == ScoringOptions.Device.CUDA) {
                addCudaOrWarn(session, warnings);
            }
            return session;
        } catch (OrtException e) {
            session.close();
            throw new IllegalArgumentException("ONNX Runtime refused " + options + ": " + e.getMessage(), e);
        }
    }

    private static void addCudaOrWarn(SessionOptions session, List<String> warnings) {
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        if (!available.contains(OrtProvider.CUDA)) {
            warnings.add(
                    "CUDA requested, but this ONNX Runtime build offers only " + available
                            + "; scoring on CPU. To use CUDA, build with the GPU runtime (./mvnw -Pgpu install; needs CUDA 12 and cuDNN 9).");
            return;
        }
        try {
            session.addCUDA();
        } catch (OrtException e) {
            warnings.add("CUDA requested, but its execution provider did not start (" + e.getMessage()
                    + "); scoring on CPU.");
        }
    }
}
