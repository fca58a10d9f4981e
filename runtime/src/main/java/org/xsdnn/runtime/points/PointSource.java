package org.xsdnn.runtime.points;

import java.io.IOException;

/** Points handed out a chunk at a time; {@link #next} returns {@code null} after the last. */
public interface PointSource extends AutoCloseable {
    /**
     * The next chunk, or {@code null} when every point has been handed out.
     *
     * @throws IOException when the points cannot be read
     * @throws PointFormatException when a point read from a file is malformed or unphysical (names file and line)
     * @throws IllegalArgumentException when a point given by the caller is unphysical (names the value)
     */
    PointBatch next() throws IOException, PointFormatException;

    /** Points left out by design (grid combinations with ω ≥ E), so that callers can say how many. */
    default long skipped() {
        return 0;
    }

    @Override
    default void close() throws IOException {}
}
