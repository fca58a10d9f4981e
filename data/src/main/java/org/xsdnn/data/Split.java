package org.xsdnn.data;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A partition of point indices 0..n−1 into training, held-out (test) and untouched sets, each
 * sorted ascending. The held-out points pick a member's best state; the untouched points are used
 * for nothing but the final, unbiased figure (empty unless asked for).
 */
public record Split(int[] train, int[] test, int[] untouched) {
    /** Keeps split draws apart from bootstrap members (streams ≥ 0) under the same seed. */
    private static final long SPLIT_STREAM = Long.MIN_VALUE;

    public Split {
        train = train.clone();
        test = test.clone();
        untouched = untouched.clone();
    }

    public Split(int[] train, int[] test) {
        this(train, test, new int[0]);
    }

    /** A copy: the split is immutable. */
    @Override
    public int[] train() {
        return train.clone();
    }

    /** A copy: the split is immutable. */
    @Override
    public int[] test() {
        return test.clone();
    }

    /** A copy: the split is immutable. */
    @Override
    public int[] untouched() {
        return untouched.clone();
    }

    /**
     * A uniformly random split with round(n·trainFraction) training points, the same for the same
     * (n, trainFraction, seed): 0.9 gives the carbon 90/10 split, 0.7 and 0.1 the transfer-learning
     * 70/30 and 10/90 ones.
     */
    public static Split random(int n, double trainFraction, long seed) {
        return random(n, trainFraction, 0, seed);
    }

    /**
     * As {@link #random(int, double, long)}, with round(n·untouchedFraction) further points set
     * aside from the held-out part. The training points are the same as without them.
     */
    public static Split random(int n, double trainFraction, double untouchedFraction, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("n = " + n + "; expected n >= 0");
        }
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("trainFraction = " + trainFraction + "; expected 0 < fraction < 1");
        }
        if (!(untouchedFraction >= 0 && untouchedFraction < 1 - trainFraction)) {
            throw new IllegalArgumentException("untouchedFraction = " + untouchedFraction
                    + "; expected 0 <= fraction < 1 - trainFraction (" + (1 - trainFraction) + ")");
        }
        int[] order = IntStream.range(0, n).toArray();
        Random random = Seeds.random(seed, SPLIT_STREAM);
        for (int i = n - 1; i > 0; i--) { // Fisher–Yates shuffle
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int nTrain = (int) Math.round(n * trainFraction);
        int nUntouched = (int) Math.round(n * untouchedFraction);
        int[] train = Arrays.copyOf(order, nTrain);
        int[] test = Arrays.copyOfRange(order, nTrain, n - nUntouched);
        int[] untouched = Arrays.copyOfRange(order, n - nUntouched, n);
        Arrays.sort(train);
        Arrays.sort(test);
        Arrays.sort(untouched);
        return new Split(train, test, untouched);
    }
}
