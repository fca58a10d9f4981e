package org.xsdnn.data;

import java.util.Random;

/** Random streams that depend only on (seed, stream), so that any one can be recreated alone. */
final class Seeds {
    private Seeds() {}

    /**
     * java.util.Random because its algorithm, nextGaussian included, is fixed by its specification:
     * the same draws on every JVM. Its own seeding leaves neighbouring seeds correlated, so
     * (seed, stream) goes through the SplitMix64 finalizer first.
     */
    static Random random(long seed, long stream) {
        return new Random(mix(mix(seed) + stream));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
