package org.xsdnn.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Float16Test {
    @Test
    void knownBitPatterns() {
        assertEquals((short) 0x3c00, Float16.fromFloat(1f));
        assertEquals((short) 0xc000, Float16.fromFloat(-2f));
        assertEquals((short) 0x7bff, Float16.fromFloat(65504f), "largest half");
        assertEquals((short) 0x7c00, Float16.fromFloat(65520f), "rounds past the largest half to infinity");
        assertEquals((short) 0x0001, Float16.fromFloat(0x1p-24f), "smallest subnormal");
        assertEquals((short) 0x0000, Float16.fromFloat(0x1p-26f), "below half the smallest subnormal");
        assertEquals((short) 0x0400, Float16.fromFloat(0x1p-14f), "smallest normal");
        assertEquals((short) 0x3c00, Float16.fromFloat(1f + 0x1p-11f), "a tie rounds to the even pattern");
        assertEquals((short) 0x3c02, Float16.fromFloat(1f + 3 * 0x1p-11f), "a tie rounds to the even pattern, upwards");
        assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(Float.NaN))));
    }

    @Test
    void everyHalfSurvivesTheRoundTripAndRoundingIsToTheNearest() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Float16.toFloat((short) h);
            if (!Float.isNaN(f)) {
                assertEquals((short) h, Float16.fromFloat(f), "pattern " + Integer.toHexString(h));
            }
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            float f = (float) ((random.nextDouble() - 0.5) * Math.pow(2, random.nextInt(-20, 15)));
            float r = Float16.round(f);
            double ulp = Math.ulp(r) * Math.pow(2, 13); // a half's ulp at r's binade (normal range)
            assertTrue(Math.abs(r - f) <= ulp / 2 * (1 + 1e-6) || Math.abs(f) < 0x1p-14f, f + " -> " + r);
        }
    }
}
