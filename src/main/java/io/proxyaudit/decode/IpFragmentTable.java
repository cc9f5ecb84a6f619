package io.proxyaudit.decode;

import java.util.Arrays;

/**
 * Reassembles IPv4 (RFC 791) and IPv6 (RFC 8200 section 4.5) fragments in a bounded table: at most
 * {@link #MAX_DATAGRAMS} datagrams of at most {@link #MAX_DATAGRAM} bytes each are held; a datagram
 * not complete within {@link #TIMEOUT_NANOS} of capture time, pushed out by newer ones, or with a
 * fragment cut by the snap length is dropped and counted ({@code fragmentsDropped}, in fragments).
 * Buffers are allocated once per slot and reused.
 */
final class IpFragmentTable {
    static final int MAX_DATAGRAMS = 64;
    static final int MAX_DATAGRAM = 65_535;
    /** Linux's default ipfrag_time is 30 s. */
    static final long TIMEOUT_NANOS = 30_000_000_000L;
    private static final int MAX_RANGES = 64;

    private final DecodeCounters counters;
    private final Slot[] slots = new Slot[MAX_DATAGRAMS];

    IpFragmentTable(DecodeCounters counters) {
        this.counters = counters;
    }

    private static final class Slot {
        boolean used;
        int version;
        final byte[] src = new byte[16];
        final byte[] dst = new byte[16];
        int id;
        int proto;
        long firstTs;
        long order;
        int fragments;
        int total = -1;
        boolean broken;
        final int[] starts = new int[MAX_RANGES];
        final int[] ends = new int[MAX_RANGES];
        int ranges;
        final byte[] data = new byte[MAX_DATAGRAM];
    }

    private long arrivals;

    /**
     * Adds one fragment. Returns true when it completed a datagram: then {@code out.payload},
     * {@code payloadOffset} and {@code payloadLength} hold the reassembled transport bytes (valid until
     * the next call).
     */
    boolean add(int version, byte[] src, byte[] dst, int id, int proto, int fragOffset, boolean more, byte[] b,
            int off, int len, int wireLen, long ts, DecodedPacket out) {
        expire(ts);
        Slot s = find(version, src, dst, id, proto);
        if (s == null) {
            s = allocate(ts);
            s.used = true;
            s.version = version;
            int n = version == 4 ? 4 : 16;
            System.arraycopy(src, 0, s.src, 0, n);
            System.arraycopy(dst, 0, s.dst, 0, n);
            s.id = id;
            s.proto = proto;
            s.firstTs = ts;
            s.order = ++arrivals;
            s.fragments = 0;
            s.total = -1;
            s.broken = false;
            s.ranges = 0;
        }
        s.fragments++;
        if (len < wireLen || wireLen < 0 || fragOffset + wireLen > MAX_DATAGRAM || (more && (wireLen & 7) != 0)) {
            s.broken = true; // cut by the snap length, or impossible: cannot complete
        }
        if (!more) {
            s.total = fragOffset + wireLen;
        }
        if (!s.broken) {
            System.arraycopy(b, off, s.data, fragOffset, wireLen);
            if (!addRange(s, fragOffset, fragOffset + wireLen)) {
                s.broken = true;
            }
        }
        if (s.broken && s.total >= 0) {
            drop(s);
            return false;
        }
        if (s.total >= 0 && s.ranges == 1 && s.starts[0] == 0 && s.ends[0] >= s.total) {
            counters.fragmentsReassembled++;
            s.used = false;
            out.payload = s.data;
            out.payloadOffset = 0;
            out.payloadLength = s.total;
            return true;
        }
        return false;
    }

    /** Counts every held datagram as dropped (end of capture). */
    void dropAll() {
        for (Slot s : slots) {
            if (s != null && s.used) {
                drop(s);
            }
        }
    }

    private void drop(Slot s) {
        counters.fragmentsDropped += s.fragments;
        s.used = false;
    }

    private void expire(long ts) {
        if (ts == Long.MIN_VALUE) {
            return;
        }
        for (Slot s : slots) {
            if (s != null && s.used && s.firstTs != Long.MIN_VALUE && ts - s.firstTs > TIMEOUT_NANOS) {
                drop(s);
            }
        }
    }

    private Slot find(int version, byte[] src, byte[] dst, int id, int proto) {
        int n = version == 4 ? 4 : 16;
        for (Slot s : slots) {
            if (s != null && s.used && s.id == id && s.version == version && s.proto == proto
                    && Arrays.equals(s.src, 0, n, src, 0, n) && Arrays.equals(s.dst, 0, n, dst, 0, n)) {
                return s;
            }
        }
        return null;
    }

    private Slot allocate(long ts) {
        Slot oldest = null;
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                slots[i] = new Slot();
                return slots[i];
            }
            if (!slots[i].used) {
                return slots[i];
            }
            if (oldest == null || slots[i].order < oldest.order) {
                oldest = slots[i];
            }
        }
        drop(oldest);
        return oldest;
    }

    /** Merges [start,end) into the sorted disjoint range list; false when the list is full. */
    private static boolean addRange(Slot s, int start, int end) {
        if (start >= end) {
            return true;
        }
        int i = 0;
        while (i < s.ranges && s.ends[i] < start) {
            i++;
        }
        int j = i;
        int ns = start;
        int ne = end;
        while (j < s.ranges && s.starts[j] <= end) {
            ns = Math.min(ns, s.starts[j]);
            ne = Math.max(ne, s.ends[j]);
            j++;
        }
        int removed = j - i;
        if (removed == 0) {
            if (s.ranges == MAX_RANGES) {
                return false;
            }
            System.arraycopy(s.starts, i, s.starts, i + 1, s.ranges - i);
            System.arraycopy(s.ends, i, s.ends, i + 1, s.ranges - i);
            s.ranges++;
        } else if (removed > 1) {
            System.arraycopy(s.starts, j, s.starts, i + 1, s.ranges - j);
            System.arraycopy(s.ends, j, s.ends, i + 1, s.ranges - j);
            s.ranges -= removed - 1;
        }
        s.starts[i] = ns;
        s.ends[i] = ne;
        return true;
    }
}
