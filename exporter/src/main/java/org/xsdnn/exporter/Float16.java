package org.xsdnn.exporter;

/**
 * IEEE 754 binary16 ("half") conversion for stored weights: 1 sign, 5 exponent and 10 fraction bits.
 * Java 17 has no {@code Float.floatToFloat16} (added in Java 20), so the rounding is written out here:
 * round to nearest, ties to even, with subnormals, overflow to infinity and NaN kept a NaN.
 */
final class Float16 {
    private Float16() {}

    /** The binary16 bit pattern nearest to {@code value}. */
    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) { // infinity or NaN (keep a quiet NaN)
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
        }
        int unbiased = exponent - 127;
        if (unbiased > 15) {
            return (short) (sign | 0x7c00); // beyond the largest half: infinity
        }
        if (unbiased >= -14) { // normal half: 10 of the 23 fraction bits survive
            int half = ((unbiased + 15) << 10) | (mantissa >>> 13);
            return (short) (sign | roundHalfEven(half, mantissa & 0x1fff, 0x1000));
        }
        if (unbiased < -25) {
            return (short) sign; // below half the smallest subnormal: zero
        }
        // subnormal half: value = m · 2^-24, with the implicit leading bit made explicit
        int full = mantissa | 0x800000;
        int shift = -unbiased - 1; // 14..24 bits dropped from the 24-bit significand
        int kept = full >>> shift;
        int dropped = full & ((1 << shift) - 1);
        return (short) (sign | roundHalfEven(kept, dropped, 1 << (shift - 1)));
    }

    /** Adds one ulp when the dropped bits are above half, or exactly half and the kept value is odd. */
    private static int roundHalfEven(int kept, int dropped, int halfway) {
        if (dropped > halfway || (dropped == halfway && (kept & 1) == 1)) {
            return kept + 1; // a carry into the exponent is the correct next value, up to infinity
        }
        return kept;
    }

    /** The float value of a binary16 bit pattern (exact: every half is a float). */
    static float toFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** {@code value} rounded to the nearest binary16 value, as a float. */
    static float round(float value) {
        return toFloat(fromFloat(value));
    }
}
