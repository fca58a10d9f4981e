package org.xsdnn.report;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import org.xsdnn.core.ProgressThrottle;

/** Progress of a long report as lines for a person (the CLI sends them to standard error). */
public final class Progress {
    /** Says nothing. */
    public static final Progress NONE = new Progress(line -> {}, Duration.ZERO);

    private final Consumer<String> sink;
    private final ProgressThrottle throttle;

    /** @param interval the least time between two {@link #update} lines */
    public Progress(Consumer<String> sink, Duration interval) {
        this.sink = sink;
        this.throttle = new ProgressThrottle(interval.toNanos() / 1e9);
    }

    /** A line that is always said: the start of a stage. */
    public void say(String line) {
        sink.accept(line);
        throttle.printed();
    }

    /** "what done/total", unless a line was said less than the interval ago. */
    public void update(String what, int done, int total) {
        if (throttle.due()) {
            say(String.format(Locale.ROOT, "%s %d/%d", what, done, total));
        }
    }
}
