package org.xsdnn.runtime;

import java.util.Objects;

/**
 * Options read once when an ensemble opens; changing them means opening the ensemble again.
 *
 * @param intraOpThreads threads ONNX Runtime may use inside one member evaluation, at least 1. One (the
 *     default) suits generators that already score from many threads.
 * @param device where to score. {@link Device#CUDA} is reserved for later: when the CUDA execution provider is
 *     not available, scoring falls back to the CPU and the ensemble's {@code warnings()} say why.
 */
public record ScoringOptions(int intraOpThreads, Device device) {
    public enum Device {
        CPU,
        CUDA
    }

    public ScoringOptions {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads = " + intraOpThreads + "; expected at least 1");
        }
        Objects.requireNonNull(device, "device; expected one of [CPU, CUDA]");
    }

    /** One intra-op thread on the CPU. */
    public static ScoringOptions defaults() {
        return new ScoringOptions(1, Device.CPU);
    }
}
