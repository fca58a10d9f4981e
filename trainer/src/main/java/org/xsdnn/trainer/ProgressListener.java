package org.xsdnn.trainer;

/** Told about a member's progress at each evaluation epoch. */
@FunctionalInterface
public interface ProgressListener {
    /**
     * @param epochsDone epochs completed so far
     * @param secondsPerEpoch recent wall time per epoch
     */
    void evaluated(
            int member,
            int epochsDone,
            int epochs,
            double loss,
            double heldOutChi2PerPoint,
            double bestHeldOutChi2PerPoint,
            double secondsPerEpoch);

    ProgressListener SILENT = (member, done, epochs, loss, chi2, best, secondsPerEpoch) -> {};
}
