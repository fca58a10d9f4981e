package org.xsdnn.runtime.table;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Progress of a long tabulation as lines for a person: per phase at most one line every interval, with the
 * points done, elapsed time and ETA. The first and the last update of a phase say nothing, so small tables that
 * finish within the interval print no progress at all.
 */
public final class ProgressLines implements Tabulator.Progress {
    private final Consumer<String> sink;
    private final long intervalNanos;
    private String phase;
    private long phaseStart;
    private long lastLine;

    /** @param seconds the least time between two lines of one phase */
    public ProgressLines(Consumer<String> sink, double seconds) {
        this.sink = sink;
        this.intervalNanos = (long) (seconds * 1e9);
    }

    @Override
    public void advanced(String newPhase, long done, long total) {
        long now = System.nanoTime();
        if (!newPhase.equals(phase)) {
            phase = newPhase;
            phaseStart = now;
            lastLine = now;
        }
        if (done == 0 || done >= total || now - lastLine < intervalNanos) {
            return;
        }
        lastLine = now;
        double elapsed = (now - phaseStart) / 1e9;
        double eta = elapsed * (total - done) / done;
        sink.accept(String.format(
                Locale.ROOT,
                "%s %,d / %,d points (%.0f %%), %s elapsed, ETA %s",
                phase,
                done,
                total,
                100.0 * done / total,
                duration(elapsed),
                duration(eta)));
    }

    /** {@code 1h05m} from an hour on, {@code 3m07s} below. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
