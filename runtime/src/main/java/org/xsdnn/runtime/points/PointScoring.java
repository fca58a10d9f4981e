package org.xsdnn.runtime.points;

import java.io.IOException;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringException;
import org.xsdnn.runtime.TrainingDomain;

/**
 * Scores a {@link PointSource} one chunk at a time and hands each scored chunk on at once: memory stays flat at
 * any number of points, output starts with the first chunk, and a bad point in the first chunk is refused before
 * anything was handed on.
 */
public final class PointScoring {
    /** Receives each chunk as soon as it is scored. */
    public interface Sink {
        void accept(PointBatch points, Prediction prediction, boolean[] inDomain) throws IOException;
    }

    /**
     * @param points points scored and handed on
     * @param outsideDomain of those, points outside the training range
     * @param skipped points the source left out (grid combinations with ω ≥ E)
     */
    public record Summary(long points, long outsideDomain, long skipped) {}

    private PointScoring() {}

    /** Scores every point of {@code source} with {@code ensemble}; the caller closes the source. */
    public static Summary score(Ensemble ensemble, PointSource source, Sink sink)
            throws IOException, PointFormatException, ScoringException {
        TrainingDomain domain = TrainingDomain.of(ensemble);
        long points = 0;
        long outside = 0;
        for (PointBatch batch = source.next(); batch != null; batch = source.next()) {
            Prediction p = ensemble.score(batch.energyGeV(), batch.thetaDeg(), batch.omegaGeV());
            boolean[] in = domain.contains(batch);
            for (boolean b : in) {
                outside += b ? 0 : 1;
            }
            points += in.length;
            sink.accept(batch, p, in);
        }
        return new Summary(points, outside, source.skipped());
    }
}
