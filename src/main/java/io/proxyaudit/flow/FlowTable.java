package io.proxyaudit.flow;

import io.proxyaudit.decode.DecodedPacket;

/**
 * The live flows: a hash table with intrusive chains keyed on the 5-tuple in either direction (symmetric
 * hash), and two activity lists, least recently active first: live flows, and closed flows lingering to
 * absorb stray packets. Flows end by idle timeout or linger (capture time), by eviction when
 * {@link FlowOptions#maxLiveFlows()} is reached (least recently active first), or at {@link #finish()};
 * each ended flow goes to the {@link Ended} receiver. No allocation per packet of a known flow.
 */
final class FlowTable {
    /** Receives each flow as it leaves the table. */
    interface Ended {
        /** {@code reason}: {@code closed}, {@code timeout}, {@code evicted} or {@code open} (end of capture). */
        void onEnded(Flow f, String reason);
    }

    private final FlowOptions options;
    private final FlowCounters counters;
    private final Ended ended;

    private Flow[] buckets = new Flow[1024];
    private int size;
    private long nextId = 1;
    /** The current packet's addresses as lookup keys (Flow.keyHi/keyLo), and the side find() matched. */
    private long keySrcHi;
    private long keySrcLo;
    private long keyDstHi;
    private long keyDstLo;
    private int foundSide;

    /** Live flows, least recently active first. */
    private Flow liveHead;
    private Flow liveTail;
    /** Closed flows lingering to absorb stray packets, least recently active first. */
    private Flow closedHead;
    private Flow closedTail;

    FlowTable(FlowOptions options, FlowCounters counters, Ended ended) {
        this.options = options;
        this.counters = counters;
        this.ended = ended;
    }

    /** Takes the packet's addresses as lookup keys and returns its (direction-independent) hash. */
    int key(DecodedPacket p) {
        keySrcHi = Flow.keyHi(p.srcAddr, p.ipVersion);
        keySrcLo = Flow.keyLo(p.srcAddr, p.ipVersion);
        keyDstHi = Flow.keyHi(p.dstAddr, p.ipVersion);
        keyDstLo = Flow.keyLo(p.dstAddr, p.ipVersion);
        return hash(p);
    }

    /** The side ({@link Flow#SIDE_A} or B) that sent the packet the last {@link #find} matched. */
    int foundSide() {
        return foundSide;
    }

    private int hash(DecodedPacket p) {
        // symmetric: the same value for both directions
        int a = endpointHash(keySrcHi, keySrcLo, p.srcPort);
        int b = endpointHash(keyDstHi, keyDstLo, p.dstPort);
        int h = (a + b) ^ (a * b) ^ p.ipProtocol;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    private static int endpointHash(long hi, long lo, int port) {
        long x = hi * 0x9E3779B97F4A7C15L ^ lo ^ (long) port << 40;
        x *= 0xBF58476D1CE4E5B9L;
        x ^= x >>> 31;
        return (int) (x ^ x >>> 32);
    }

    /** The flow of the packet whose {@link #key} is {@code h}, or null. */
    Flow find(DecodedPacket p, int h) {
        for (Flow f = buckets[h & (buckets.length - 1)]; f != null; f = f.bucketNext) {
            if (f.hash == h) {
                int side = f.sideOf(p, keySrcHi, keySrcLo, keyDstHi, keyDstLo);
                if (side != 0) {
                    foundSide = side;
                    return f;
                }
            }
        }
        return null;
    }

    /** A new flow for the packet whose {@link #key} is {@code h}; ends the least recently active one when full. */
    Flow create(DecodedPacket p, int h, long nanos) {
        if (size >= options.maxLiveFlows()) {
            Flow victim = closedHead != null ? closedHead : liveHead;
            if (victim != null) {
                if (!victim.lingering) {
                    counters.flowsEvicted++;
                }
                end(victim, victim.lingering ? "closed" : "evicted");
            }
        }
        if (size >= buckets.length * 3 / 4) {
            grow();
        }
        Flow f = new Flow(nextId++, p, h, nanos);
        int i = h & (buckets.length - 1);
        f.bucketNext = buckets[i];
        buckets[i] = f;
        size++;
        appendLive(f);
        return f;
    }

    private void grow() {
        Flow[] old = buckets;
        Flow[] nb = new Flow[old.length * 2];
        for (Flow head : old) {
            Flow f = head;
            while (f != null) {
                Flow next = f.bucketNext;
                int i = f.hash & (nb.length - 1);
                f.bucketNext = nb[i];
                nb[i] = f;
                f = next;
            }
        }
        buckets = nb;
    }

    private void removeFromBuckets(Flow f) {
        int i = f.hash & (buckets.length - 1);
        Flow prev = null;
        for (Flow x = buckets[i]; x != null; prev = x, x = x.bucketNext) {
            if (x == f) {
                if (prev == null) {
                    buckets[i] = x.bucketNext;
                } else {
                    prev.bucketNext = x.bucketNext;
                }
                size--;
                return;
            }
        }
    }

    /** A packet for {@code f}: update its time and move it to the end of its activity list. */
    void touch(Flow f, long clock) {
        if (clock != Long.MIN_VALUE && clock > f.lastNanos) {
            f.lastNanos = clock;
        }
        if (f == (f.lingering ? closedTail : liveTail)) {
            return; // already the most recently active (a burst of one flow's packets)
        }
        unlink(f);
        if (f.lingering) {
            appendClosed(f);
        } else {
            appendLive(f);
        }
    }

    /** A closed connection lingers (capture time) to absorb stray packets before it ends. */
    void moveToClosed(Flow f) {
        unlink(f);
        f.lingering = true;
        appendClosed(f);
    }

    /** Ends lingering flows past their linger and live flows idle past the timeout at capture time {@code clock}. */
    void expire(long clock) {
        if (clock == Long.MIN_VALUE) {
            return;
        }
        while (closedHead != null && closedHead.lastNanos + options.closedLingerNanos() < clock) {
            end(closedHead, "closed");
        }
        while (liveHead != null && liveHead.lastNanos + options.idleTimeoutNanos() < clock) {
            counters.flowsIdleTimeout++;
            end(liveHead, "timeout");
        }
    }

    private void appendLive(Flow f) {
        f.listPrev = liveTail;
        f.listNext = null;
        if (liveTail != null) {
            liveTail.listNext = f;
        } else {
            liveHead = f;
        }
        liveTail = f;
    }

    private void appendClosed(Flow f) {
        f.listPrev = closedTail;
        f.listNext = null;
        if (closedTail != null) {
            closedTail.listNext = f;
        } else {
            closedHead = f;
        }
        closedTail = f;
    }

    private void unlink(Flow f) {
        if (f.listPrev != null) {
            f.listPrev.listNext = f.listNext;
        } else if (liveHead == f) {
            liveHead = f.listNext;
        } else if (closedHead == f) {
            closedHead = f.listNext;
        }
        if (f.listNext != null) {
            f.listNext.listPrev = f.listPrev;
        } else if (liveTail == f) {
            liveTail = f.listPrev;
        } else if (closedTail == f) {
            closedTail = f.listPrev;
        }
        f.listPrev = null;
        f.listNext = null;
    }

    /** Removes the flow and hands it to the {@link Ended} receiver. */
    void end(Flow f, String reason) {
        unlink(f);
        removeFromBuckets(f);
        ended.onEnded(f, reason);
    }

    /** End of the capture: every flow ends, lingering ones {@code closed}, live ones {@code open}. */
    void finish() {
        while (closedHead != null) {
            end(closedHead, "closed");
        }
        while (liveHead != null) {
            end(liveHead, "open");
        }
    }
}
