package io.proxyaudit.proto.http;

/**
 * Steps over a chunked body (RFC 9112 §7.1: {@code *chunk last-chunk trailer-section CRLF}) as its bytes
 * arrive; the chunk data is skipped, not stored. Lines (chunk size with extensions, trailer fields) longer
 * than {@link #MAX_LINE} are malformed.
 */
final class ChunkedBody {
    /** RFC 9112 §7.1.1 leaves chunk extensions unbounded and asks recipients to limit them. */
    static final int MAX_LINE = 4096;
    /** Bytes used when the body is broken. */
    static final long MALFORMED = -1;

    private static final int SIZE_LINE = 0;
    private static final int DATA_END = 1;
    private static final int TRAILER = 2;
    private static final int DONE = 3;

    private int state = SIZE_LINE;

    boolean done() {
        return state == DONE;
    }

    /** Bytes used from {@code b[p, p+n)} (may exceed n to skip chunk data), 0 when more are needed, or MALFORMED. */
    long feed(byte[] b, int p, int n) {
        if (state == DATA_END) {
            int eol = HttpRequestLine.indexOf(b, p, Math.min(n, 2), (byte) '\n');
            if (eol < 0) {
                return n >= 2 ? MALFORMED : 0;
            }
            state = SIZE_LINE;
            return eol - p + 1;
        }
        int eol = HttpRequestLine.indexOf(b, p, Math.min(n, MAX_LINE), (byte) '\n');
        if (eol < 0) {
            return n >= MAX_LINE ? MALFORMED : 0;
        }
        int lineLen = eol - p + 1;
        if (state == TRAILER) {
            if (lineLen == 1 || (lineLen == 2 && b[p] == '\r')) {
                state = DONE;
            }
            return lineLen;
        }
        long size = 0;
        int digits = 0;
        for (int i = p; i < eol && digits <= 15; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0) {
                break;
            }
            digits++;
            size = size * 16 + d;
        }
        if (digits == 0 || digits > 15) {
            return MALFORMED;
        }
        state = size == 0 ? TRAILER : DATA_END;
        return lineLen + size;
    }
}
