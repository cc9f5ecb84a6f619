package io.proxyaudit.proto.quic;

/** Packet number recovery from its truncated form (RFC 9000 §17.1 and Appendix A.3). */
final class PacketNumbers {
    private PacketNumbers() {}

    static long decode(long largest, long truncated, int bits) {
        long expected = largest + 1;
        long window = 1L << bits;
        long half = window / 2;
        long mask = window - 1;
        long candidate = (expected & ~mask) | truncated;
        if (candidate <= expected - half && candidate < (1L << 62) - window) {
            return candidate + window;
        }
        if (candidate > expected + half && candidate >= window) {
            return candidate - window;
        }
        return candidate;
    }
}
