package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeAxisTest {
    static final long S = 1_000_000_000L;
    static final long T = 1_763_900_000L * S; // 2025-11-23T12:13:20Z

    static TimeAxis of(long... stamps) {
        return TimeAxis.of(stamps, stamps.length, Long.MIN_VALUE);
    }

    @Test
    void aFewBogusStampsFarFromTheRestAreLeftOut() {
        long[] s = new long[1000];
        for (int i = 0; i < s.length; i++) {
            s[i] = T + i * 10_000_000L; // 10 s of traffic
        }
        s[3] = 0; // 1970
        s[500] = 0xF000_0000L * S; // 2097
        s[999] = -5 * S; // before 1970
        TimeAxis a = TimeAxis.of(s, s.length, Long.MIN_VALUE);
        assertEquals(T, a.lo());
        assertEquals(T + 998 * 10_000_000L, a.hi());
        assertFalse(a.contains(0));
        assertFalse(a.contains(0xF000_0000L * S));
        assertTrue(a.contains(T + 5 * S));
    }

    @Test
    void trafficSpreadOverAWeekKeepsAllOfIt() {
        long[] s = new long[700];
        Random r = new Random(1);
        for (int i = 0; i < s.length; i++) {
            s[i] = T + (long) (r.nextDouble() * 7 * 86_400) * S;
        }
        s[0] = T;
        s[1] = T + 7 * 86_400 * S;
        TimeAxis a = TimeAxis.of(s, s.length, Long.MIN_VALUE);
        assertEquals(T, a.lo());
        assertEquals(T + 7 * 86_400 * S, a.hi());
    }

    @Test
    void stampsWithinADayOfTheMedianAlwaysCount() {
        // 99 records in one second, one 20 hours later: kept (a long idle capture), not called bogus
        long[] s = new long[100];
        for (int i = 0; i < 99; i++) {
            s[i] = T + i * 10_000_000L;
        }
        s[99] = T + 20 * 3600 * S;
        assertEquals(T + 20 * 3600 * S, of(s).hi());
    }

    @Test
    void oneInstantGetsAMillisecondAndNoStampGetsTheFallback() {
        TimeAxis one = of(T, T, T);
        assertEquals(T, one.lo());
        assertEquals(1_000_000L, one.spanNanos());
        TimeAxis none = TimeAxis.of(new long[] {Long.MIN_VALUE}, 1, T);
        assertEquals(T, none.lo());
        assertEquals(1_000_000L, none.spanNanos());
        assertEquals(0, TimeAxis.of(new long[0], 0, Long.MIN_VALUE).lo());
    }

    @Test
    void extremeStampsDoNotOverflow() {
        TimeAxis a = of(Long.MIN_VALUE + 1, T, T + S, T + 2 * S, Long.MAX_VALUE);
        assertEquals(T, a.lo());
        assertEquals(T + 2 * S, a.hi());
        assertEquals(T, a.clamp(Long.MIN_VALUE + 1));
        assertEquals(T + 2 * S, a.clamp(Long.MAX_VALUE));
    }

    @Test
    void aThirdOfTheStampsAtZeroAreStillLeftOut() {
        // medians ignore up to half of the stamps: the axis never spans 55 years
        long[] s = {0, 0, T, T + S, T + 2 * S, T + 3 * S};
        TimeAxis a = of(s);
        assertEquals(T, a.lo());
        assertEquals(3 * S, a.spanNanos());
    }
}
