package org.xsdnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitTest {
    @ParameterizedTest
    @ValueSource(doubles = {0.9, 0.7, 0.1})
    void partitionsAllIndices(double fraction) {
        int n = 2568;
        Split s = Split.random(n, fraction, 42);
        assertEquals(Math.round(n * fraction), s.train().length);
        int[] all = IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.test()))
                .sorted()
                .toArray();
        assertArrayEquals(IntStream.range(0, n).toArray(), all); // disjoint and covering
        assertArrayEquals(Arrays.stream(s.train()).sorted().toArray(), s.train());
    }

    @Test
    void isReproducibleFromSeed() {
        Split a = Split.random(1000, 0.9, 7);
        Split b = Split.random(1000, 0.9, 7);
        assertArrayEquals(a.train(), b.train());
        assertArrayEquals(a.test(), b.test());
        assertFalse(Arrays.equals(a.test(), Split.random(1000, 0.9, 8).test()));
    }

    @Test
    void untouchedPointsComeFromTheHeldOutPartAndLeaveTrainingAsItWas() {
        int n = 2480;
        Split two = Split.random(n, 0.85, 7);
        Split three = Split.random(n, 0.85, 0.05, 7);
        assertArrayEquals(two.train(), three.train());
        assertEquals(Math.round(n * 0.05), three.untouched().length);
        int[] heldOut = IntStream.concat(Arrays.stream(three.test()), Arrays.stream(three.untouched()))
                .sorted()
                .toArray();
        assertArrayEquals(two.test(), heldOut); // disjoint, and together the two-way held-out set
        assertThrows(IllegalArgumentException.class, () -> Split.random(n, 0.9, 0.1, 7));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Split.random(10, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> Split.random(10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Split.random(-1, 0.5, 1));
    }
}
