package io.proxyaudit.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formatting of epoch-nanosecond time stamps ({@link Long#MIN_VALUE} means "none"). */
final class Times {
    private static final DateTimeFormatter ISO_MS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Times() {}

    static boolean none(long nanos) {
        return nanos == Long.MIN_VALUE;
    }

    /** {@code 2025-11-23T12:13:20.100Z}, or "" when none. */
    static String iso(long nanos) {
        return none(nanos) ? "" : ISO_MS.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L)));
    }

    /** {@code 12:13:20.100} (UTC), or "-" when none. */
    static String clock(long nanos) {
        return none(nanos) ? "-" : CLOCK.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L)));
    }

    /** A duration in human units: 850 ms, 12.3 s, 4 min 05 s, 3 h 07 min, 46603 d 07 h (bogus time stamps). */
    static String duration(long nanos) {
        if (nanos < 1_000_000_000L) {
            return (nanos / 1_000_000) + " ms";
        }
        double s = nanos / 1e9;
        if (s < 120) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long t = (long) s;
        if (t < 2 * 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", t / 60, t % 60);
        }
        if (t < 2 * 86400) {
            return String.format(Locale.ROOT, "%d h %02d min", t / 3600, t % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%d d %02d h", t / 86400, t % 86400 / 3600);
    }

    /** Bytes in human units: 950 B, 12.4 kB, 3.1 MB (SI). */
    static String bytes(long b) {
        if (b < 1000) {
            return b + " B";
        }
        String[] u = {"kB", "MB", "GB", "TB"};
        double v = b;
        int i = -1;
        while (v >= 1000 && i < u.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, u[i]);
    }
}
