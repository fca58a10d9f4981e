package org.xsdnn.trainer;

import java.util.SplittableRandom;

/**
 * Random streams of one member, each a function of (ensemble seed, member, purpose, epoch) only:
 * members trained in any order, on any machine, in any shard, and runs resumed at any epoch draw
 * the same numbers. SplittableRandom scrambles its seed, so nearby seeds give unrelated streams.
 */
final class RandomStreams {
    static final int INITIALIZATION = 1;
    static final int DROPOUT = 2;
    static final int BATCH_ORDER = 3;

    private RandomStreams() {}

    static SplittableRandom of(long seed, int member, int purpose, long epoch) {
        return new SplittableRandom(
                seed * 0x9E3779B97F4A7C15L + member * 0xC2B2AE3D27D4EB4FL + purpose * 0x165667B19E3779F9L + epoch);
    }
}
