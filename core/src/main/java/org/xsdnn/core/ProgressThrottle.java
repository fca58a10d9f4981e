package org.xsdnn.core;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * At most one progress line every interval, for the lines that training, tabulation and reports print for a person,
 * and the format of the durations in them. Each caller keeps its own rules on top (which lines are always printed,
 * which never); this class only keeps the time. Not thread-safe: one per stream of lines.
 */
public final class ProgressThrottle {
    private final long intervalNanos;
    private final LongSupplier clock;
    private long start;
    private long lastLine;
    private boolean anyLine;

    /** @param intervalSeconds the least time between two lines that are not forced */
    public ProgressThrottle(double intervalSeconds) {
        this(intervalSeconds, System::nanoTime);
    }

    /** With a clock in nanoseconds of one's own, for tests. */
    ProgressThrottle(double intervalSeconds, LongSupplier clock) {
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** True when no line has been printed yet or the interval has passed since the last. */
    public boolean due() {
        return !anyLine || clock.getAsLong() - lastLine >= intervalNanos;
    }

    /** Notes a line printed now: the next is due an interval later. */
    public void printed() {
        lastLine = clock.getAsLong();
        anyLine = true;
    }

    /** Starts anew, as a new phase does: elapsed time counts from now, and the first line is due an interval later. */
    public void restart() {
        printed();
        start = lastLine;
    }

    /** Seconds since this throttle was made or last restarted. */
    public double elapsedSeconds() {
        return (clock.getAsLong() - start) / 1e9;
    }

    /** {@code 1h05m} from an hour on, {@code 3m07s} below. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
