package org.xsdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The progress lines' clock, on a clock the test moves. */
class ProgressThrottleTest {
    private long now = 1_000_000_000L;

    private void advanceSeconds(double seconds) {
        now += (long) (seconds * 1e9);
    }

    @Test
    void firstLineIsDueAtOnceThenOneEveryInterval() {
        ProgressThrottle throttle = new ProgressThrottle(10, () -> now);
        assertTrue(throttle.due(), "nothing printed yet");
        throttle.printed();
        advanceSeconds(9.9);
        assertFalse(throttle.due());
        advanceSeconds(0.1);
        assertTrue(throttle.due());
        assertTrue(throttle.due(), "asking does not count as a line");
        throttle.printed();
        assertFalse(throttle.due());
    }

    @Test
    void restartWaitsAnIntervalAndCountsElapsedTimeFromItself() {
        ProgressThrottle throttle = new ProgressThrottle(5, () -> now);
        advanceSeconds(100);
        assertEquals(100, throttle.elapsedSeconds(), 1e-9);
        throttle.restart();
        assertFalse(throttle.due(), "a new phase is quiet for an interval");
        advanceSeconds(5);
        assertTrue(throttle.due());
        assertEquals(5, throttle.elapsedSeconds(), 1e-9);
    }

    @Test
    void durationsInMinutesBelowAnHourAndInHoursFromOne() {
        assertEquals("0m00s", ProgressThrottle.duration(0.4));
        assertEquals("3m07s", ProgressThrottle.duration(187));
        assertEquals("59m59s", ProgressThrottle.duration(3599.4));
        assertEquals("1h00m", ProgressThrottle.duration(3599.6));
        assertEquals("1h05m", ProgressThrottle.duration(3900));
    }
}
