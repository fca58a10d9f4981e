package org.xsdnn.runtime.table;

import java.util.Locale;
import java.util.function.Consumer;
import org.xsdnn.core.ProgressThrottle;

/**
 * Progress of a long tabulation as lines for a person: per phase at most one line every interval, with the
 * points done, elapsed time and ETA. The first and the last update of a phase say nothing, so small tables that
 * finish within the interval print no progress at all.
 */
public final class ProgressLines implements Tabulator.Progress {
    private final Consumer<String> sink;
    private final ProgressThrottle throttle;
    private String phase;

    /** @param seconds the least time between two lines of one phase */
    public ProgressLines(Consumer<String> sink, double seconds) {
        this.sink = sink;
        this.throttle = new ProgressThrottle(seconds);
    }

    @Override
    public void advanced(String newPhase, long done, long total) {
        if (!newPhase.equals(phase)) {
            phase = newPhase;
            throttle.restart();
        }
        if (done == 0 || done >= total || !throttle.due()) {
            return;
        }
        throttle.printed();
        double elapsed = throttle.elapsedSeconds();
        double eta = elapsed * (total - done) / done;
        sink.accept(String.format(
                Locale.ROOT,
                "%s %,d / %,d points (%.0f %%), %s elapsed, ETA %s",
                phase,
                done,
                total,
                100.0 * done / total,
                ProgressThrottle.duration(elapsed),
                ProgressThrottle.duration(eta)));
    }
}
