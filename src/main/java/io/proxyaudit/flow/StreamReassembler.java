package io.proxyaudit.flow;

/**
 * Puts the bytes of one TCP direction back in sequence order and hands the contiguous, not yet consumed
 * bytes to a {@link Consumer} (a protocol parser). Only a window of {@code window} unconsumed bytes is kept:
 * a parser that consumes what it parsed (HTTP keep-alive, DNS over TCP) slides the window along the stream;
 * one that stops (a ClientHello was found) frees the buffer and from then on nothing is stored.
 *
 * <p>Sequence numbers are compared as signed 32-bit distances from the next expected byte, so the
 * wrap-around at 2^32 needs no special case (RFC 9293 §3.4). Overlapping or retransmitted bytes: the first
 * copy wins (as most stacks and tshark do). Out-of-order bytes are written at their place in the buffer and
 * remembered as at most {@code maxRanges} ranges; a hole the receiver acknowledged (so the capture, not the
 * network, lost it) is skipped and flagged as a gap. A segment cut by the capture's snap length is a hole of
 * known length (the IP header counts its bytes): the consumer is told where it lies ({@link Consumer#onCut}) and
 * the stream goes on after it, without a gap.
 *
 * <p>Hot path: no allocation, except growing the buffer (at most to {@code window} bytes).
 */
final class StreamReassembler {
    /** A parser of one direction's byte stream. */
    interface Consumer {
        /**
         * New contiguous bytes arrived; {@code buf[off, off+len)} are all bytes not consumed so far. The consumer
         * may call {@link #consume}, {@link #skip} or {@link #stop} on {@code s}.
         */
        void onData(StreamReassembler s, byte[] buf, int off, int len);

        /** Bytes before the ones that follow were lost; parsing must resynchronise (or stop). */
        default void onGap(StreamReassembler s) {
            s.stop();
        }

        /**
         * The capture cut a segment: {@code missing} bytes follow {@code buf[off, off+len)} (the unconsumed bytes, maybe
         * none) that were sent but not captured. The consumer may {@link #skip} past them or {@link #stop}; bytes
         * of the hole are never delivered, and delivery goes on after it.
         */
        default void onCut(StreamReassembler s, byte[] buf, int off, int len, long missing) {
            s.stop();
        }
    }

    private static final byte[] EMPTY = new byte[0];
    private static final long[] NO_RANGES = new long[0];
    private static final long MASK = 0xFFFFFFFFL;

    private final int window;
    private final int maxRanges;
    private final FlowCounters counters;
    private Consumer consumer;

    private boolean seqKnown;
    /** Sequence number of stream offset 0. */
    private long seqBase;
    /** Stream offset of the first byte not yet received in order. */
    private long next;
    /** Stream offset up to which the consumer consumed or skipped (may be beyond {@link #next}). */
    private long consumed;
    /** Stream offset of buf[0]. */
    private long base;
    private byte[] buf = EMPTY;
    /** Received out-of-order ranges beyond {@link #next}: sorted, disjoint, not adjacent. */
    /** Allocated on the first out-of-order segment (most flows never need them). */
    private long[] rangeStart = NO_RANGES;
    private long[] rangeEnd = NO_RANGES;
    private int ranges;
    private boolean collecting = true;
    private boolean cut;
    private boolean gap;
    private boolean delivering;

    StreamReassembler(int window, int maxRanges, FlowCounters counters) {
        this.window = window;
        this.maxRanges = maxRanges;
        this.counters = counters;
    }

    void setConsumer(Consumer consumer) {
        this.consumer = consumer;
    }

    /** The SYN's sequence number: the first data byte has sequence number isn + 1 (RFC 9293 §3.4). */
    void setInitialSequence(long isn) {
        if (!seqKnown) {
            seqBase = (isn + 1) & MASK;
            seqKnown = true;
        }
    }

    /** A segment's payload, all of it captured. Returns true when it carried new bytes (not only a retransmission). */
    boolean onSegment(long seq, byte[] data, int off, int len) {
        return onSegment(seq, data, off, len, len);
    }

    /**
     * A segment's payload of which the first {@code len} of {@code wireLen} bytes were captured (the snap length
     * cut the rest). Returns true when it carried new bytes (not only a retransmission).
     */
    boolean onSegment(long seq, byte[] data, int off, int len, int wireLen) {
        if (wireLen <= 0 && len <= 0) {
            return false;
        }
        if (!seqKnown) {
            seqBase = seq & MASK;
            seqKnown = true;
        }
        int delta = (int) (seq - ((seqBase + next) & MASK));
        long s = next + delta;
        long e = s + len;
        long w = s + Math.max(len, wireLen);
        if (w <= next) {
            counters.tcpRetransmittedSegments++;
            return false;
        }
        if (s < next) {
            counters.tcpOverlapBytes += next - s;
            off += (int) Math.min(next - s, len);
            s = next;
            e = Math.max(e, s);
        }
        if (!collecting) {
            if (s == next) {
                next = w;
                absorbRanges();
            }
            return true;
        }
        long limit = consumed + window;
        if (s >= limit) {
            if (s == next) {
                cutHead();
                next = w;
            } else {
                counters.tcpOutOfOrderDropped++;
            }
            return true;
        }
        long clippedEnd = Math.min(e, limit);
        if (s > next) {
            // a cut segment out of order keeps only its captured bytes: the hole after them becomes a gap
            if (clippedEnd > s) {
                counters.tcpOutOfOrderSegments++;
                if (!canAddRange(s, clippedEnd)) {
                    counters.tcpOutOfOrderDropped++;
                    return true;
                }
                writeUncovered(s, clippedEnd, data, off);
                insertRange(s, clippedEnd);
            }
            return true;
        }
        // in order: s == next
        if (e > s) {
            writeUncovered(s, clippedEnd, data, off);
            next = clippedEnd;
            absorbRanges();
            deliver();
        }
        if (e > limit && collecting) {
            // the parser needs more than the window holds (or did not consume it): stop here
            cutHead();
        }
        if (!collecting) {
            next = Math.max(next, w);
        } else if (w > next) {
            knownHole(w);
        }
        return true;
    }

    /** The bytes from {@link #next} up to {@code holeEnd} were sent but not captured (snap length). */
    private void knownHole(long holeEnd) {
        if (consumer != null && consumed < holeEnd) {
            int len = (int) Math.max(0, next - consumed);
            delivering = true;
            try {
                consumer.onCut(this, buf, len > 0 ? (int) (consumed - base) : 0, len, holeEnd - Math.max(consumed, next));
            } finally {
                delivering = false;
            }
        }
        next = Math.max(next, holeEnd);
        if (collecting) {
            consumed = Math.max(consumed, holeEnd); // the hole's bytes can never be parsed
            absorbRanges();
            compactTo(consumed);
            deliver();
        }
    }

    /**
     * The other direction acknowledged {@code ack}: when that covers a hole we are waiting for, the receiver got
     * bytes the capture lost; skip the hole.
     */
    void onPeerAck(long ack) {
        if (ranges == 0 || !seqKnown || !collecting) {
            return;
        }
        long ackOff = next + (int) (ack - ((seqBase + next) & MASK));
        if (ackOff > rangeStart[0]) {
            skipHole();
        }
    }

    /** End of the flow: skip every hole so the parser sees what was captured after it. */
    void flush() {
        while (collecting && ranges > 0) {
            skipHole();
        }
    }

    private void skipHole() {
        gap = true;
        counters.streamGaps++;
        // the unconsumed bytes before the hole belong to a message that cannot be completed: drop them
        consumed = Math.max(consumed, rangeStart[0]);
        next = rangeStart[0];
        absorbRanges();
        compactTo(consumed);
        if (consumer != null) {
            consumer.onGap(this);
        }
        if (collecting) {
            deliver();
        }
    }

    private void deliver() {
        if (delivering || consumer == null) {
            return;
        }
        if (next > consumed && collecting) {
            delivering = true;
            try {
                consumer.onData(this, buf, (int) (consumed - base), (int) (next - consumed));
            } finally {
                delivering = false;
            }
        }
    }

    /** The consumer parsed {@code n} bytes from the start of the data it was given. */
    void consume(int n) {
        consumed += n;
    }

    /** Discard the next {@code n} bytes of the stream, also ones not yet received (e.g. a message body). */
    void skip(long n) {
        consumed += n;
    }

    /** Nothing more is parsed on this direction; free the buffer, only count from now on. */
    void stop() {
        collecting = false;
        buf = EMPTY;
        base = consumed;
        ranges = 0;
    }

    boolean collecting() {
        return collecting;
    }

    boolean wasCut() {
        return cut;
    }

    boolean hadGap() {
        return gap;
    }

    /** Bytes received in order so far (stream offset of the first missing byte). */
    long contiguousBytes() {
        return next;
    }

    int outOfOrderRanges() {
        return ranges;
    }

    private void cutHead() {
        if (!cut) {
            cut = true;
            counters.streamHeadsCut++;
        }
        stop();
    }

    private void absorbRanges() {
        while (ranges > 0 && rangeStart[0] <= next) {
            next = Math.max(next, rangeEnd[0]);
            removeRange(0);
        }
    }

    private void removeRange(int i) {
        System.arraycopy(rangeStart, i + 1, rangeStart, i, ranges - i - 1);
        System.arraycopy(rangeEnd, i + 1, rangeEnd, i, ranges - i - 1);
        ranges--;
    }

    /** True when [s,e) can be recorded: it touches a known range or the table has room. */
    private boolean canAddRange(long s, long e) {
        if (ranges < maxRanges) {
            return true;
        }
        for (int i = 0; i < ranges; i++) {
            if (rangeEnd[i] >= s && rangeStart[i] <= e) {
                return true;
            }
        }
        return false;
    }

    /** Unions [s,e) into the range table (caller checked {@link #canAddRange}). */
    private void insertRange(long s, long e) {
        if (rangeStart.length < maxRanges) {
            rangeStart = java.util.Arrays.copyOf(rangeStart, maxRanges);
            rangeEnd = java.util.Arrays.copyOf(rangeEnd, maxRanges);
        }
        int i = 0;
        while (i < ranges && rangeEnd[i] < s) {
            i++;
        }
        if (i == ranges || rangeStart[i] > e) {
            System.arraycopy(rangeStart, i, rangeStart, i + 1, ranges - i);
            System.arraycopy(rangeEnd, i, rangeEnd, i + 1, ranges - i);
            rangeStart[i] = s;
            rangeEnd[i] = e;
            ranges++;
            return;
        }
        rangeStart[i] = Math.min(rangeStart[i], s);
        rangeEnd[i] = Math.max(rangeEnd[i], e);
        while (i + 1 < ranges && rangeStart[i + 1] <= rangeEnd[i]) {
            rangeEnd[i] = Math.max(rangeEnd[i], rangeEnd[i + 1]);
            removeRange(i + 1);
        }
    }

    /** Writes the parts of [s,e) that no earlier copy covers (first copy wins). */
    private void writeUncovered(long s, long e, byte[] data, int off) {
        long x = Math.max(s, consumed);
        if (x >= e) {
            return;
        }
        ensureRoom(e);
        int i = 0;
        while (x < e) {
            while (i < ranges && rangeEnd[i] <= x) {
                i++;
            }
            if (i < ranges && rangeStart[i] <= x) {
                long to = Math.min(e, rangeEnd[i]);
                counters.tcpOverlapBytes += to - x;
                x = to;
                continue;
            }
            long until = i < ranges ? Math.min(e, rangeStart[i]) : e;
            System.arraycopy(data, off + (int) (x - s), buf, (int) (x - base), (int) (until - x));
            x = until;
        }
    }

    private void ensureRoom(long end) {
        if (end - base <= buf.length) {
            return;
        }
        if (base < consumed) {
            compactTo(consumed);
            if (end - base <= buf.length) {
                return;
            }
        }
        int needed = (int) (end - base);
        int grown = Math.max(needed, Math.min(window, Math.max(buf.length * 2, 1024)));
        byte[] nb = new byte[grown];
        System.arraycopy(buf, 0, nb, 0, buf.length);
        buf = nb;
    }

    /** Moves the buffer start to stream offset {@code newBase} (&gt;= base), dropping bytes before it. */
    private void compactTo(long newBase) {
        if (newBase <= base) {
            return;
        }
        long shift = newBase - base;
        if (shift >= buf.length) {
            base = newBase;
            return;
        }
        long storedEnd = Math.max(next, ranges > 0 ? rangeEnd[ranges - 1] : next);
        int keep = (int) Math.max(0, Math.min(buf.length - shift, storedEnd - newBase));
        if (keep > 0) {
            System.arraycopy(buf, (int) shift, buf, 0, keep);
        }
        base = newBase;
    }
}
