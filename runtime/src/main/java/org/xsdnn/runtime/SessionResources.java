package org.xsdnn.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;

/** Frees an ONNX Runtime session and its options in the order ONNX Runtime needs: session first. */
final class SessionResources {
    private SessionResources() {}

    static void close(OrtSession session, SessionOptions options, String fileName) {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(fileName + ": ONNX Runtime failed to close the session", e);
        } finally {
            options.close();
        }
    }

    /** After a failed open: frees what exists and keeps any close failure with the original one. */
    static void closeAfterFailure(OrtSession session, SessionOptions options, Exception failure) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                failure.addSuppressed(e);
            }
        }
        options.close();
    }
}
