package io.proxyaudit.report;

import java.util.Arrays;

/**
 * The time range a chart shows, chosen from the bulk of the time stamps so that a few bogus ones (a record
 * stamped 0 = 1970, a clock that jumped by years) cannot squeeze the real traffic into one pixel.
 *
 * <p>The rule: take the median {@code m} of the time stamps and their median absolute deviation {@code d} (the
 * median of {@code |t - m|}); a time stamp belongs to the bulk when it lies within {@code max(1 day, 10 d)} of
 * {@code m}. The axis runs from the earliest to the latest time stamp of the bulk (at least 1 ms). Both medians
 * ignore anything less than half of the stamps do, so up to half of them may be bogus. A capture whose traffic
 * is spread over days or weeks keeps all of it (its {@code d} is large); only stamps far from most of the others
 * fall outside. The charts leave
 * records outside the axis out (a connection that starts inside and ends outside is cut at the edge) and the
 * report says how many; the tables list every record.
 */
final class TimeAxis {
    /** Time stamps this close to the median always belong to the bulk. */
    static final long MIN_REACH_NANOS = 86_400L * 1_000_000_000L;
    /** How many median absolute deviations from the median still belong to the bulk. */
    static final int MAD_FACTOR = 10;

    private final long lo;
    private final long hi;

    private TimeAxis(long lo, long hi) {
        this.lo = lo;
        this.hi = hi;
    }

    /**
     * The axis of {@code stamps[0..n)} (epoch nanoseconds; {@link Long#MIN_VALUE} entries are ignored). With no
     * stamp at all the axis is the millisecond after {@code fallback} (or after 0).
     */
    static TimeAxis of(long[] stamps, int n, long fallback) {
        long[] s = new long[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!Times.none(stamps[i])) {
                s[k++] = stamps[i];
            }
        }
        if (k == 0) {
            long at = Times.none(fallback) ? 0 : fallback;
            return new TimeAxis(at, at + 1_000_000L);
        }
        Arrays.sort(s, 0, k);
        long m = s[(k - 1) / 2];
        double[] dev = new double[k];
        for (int i = 0; i < k; i++) {
            dev[i] = Math.abs((double) s[i] - m); // in double: the difference of two far longs would overflow
        }
        Arrays.sort(dev);
        double reach = Math.max(MIN_REACH_NANOS, MAD_FACTOR * dev[(k - 1) / 2]);
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (int i = 0; i < k; i++) {
            if (Math.abs((double) s[i] - m) <= reach) {
                lo = Math.min(lo, s[i]);
                hi = Math.max(hi, s[i]);
            }
        }
        return new TimeAxis(lo, Math.max(hi, lo + 1_000_000L));
    }

    /** True when {@code nanos} lies on the axis (every time stamp of the bulk does; the others do not). */
    boolean contains(long nanos) {
        return !Times.none(nanos) && nanos >= lo && nanos <= hi;
    }

    /** {@code nanos} moved onto the axis. */
    long clamp(long nanos) {
        return Math.max(lo, Math.min(hi, nanos));
    }

    long lo() {
        return lo;
    }

    long hi() {
        return hi;
    }

    long spanNanos() {
        return hi - lo;
    }
}
