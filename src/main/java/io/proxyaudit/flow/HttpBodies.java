package io.proxyaudit.flow;

/** Request body framing from the raw head bytes (RFC 9112 §6.3): Content-Length or chunked. */
final class HttpBodies {
    static final long CHUNKED = -2;

    private HttpBodies() {}

    /** Body length of a request whose head is {@code b[p, p+headLen)}: bytes, {@link #CHUNKED}, or 0 (none). */
    static long requestBodyLength(byte[] b, int p, int headLen) {
        long length = 0;
        int end = p + headLen;
        int line = p;
        while (line < end) {
            int eol = line;
            while (eol < end && b[eol] != '\n') {
                eol++;
            }
            if (headerIs(b, line, eol, "transfer-encoding")) {
                if (valueContains(b, line, eol, "chunked")) {
                    return CHUNKED; // Transfer-Encoding overrides Content-Length (RFC 9112 §6.3 rule 3)
                }
            } else if (headerIs(b, line, eol, "content-length")) {
                long v = parseLength(b, line + "content-length:".length(), eol);
                if (v >= 0) {
                    length = v;
                }
            }
            line = eol + 1;
        }
        return length;
    }

    private static boolean headerIs(byte[] b, int from, int to, String name) {
        if (to - from <= name.length() || b[from + name.length()] != ':') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.toLowerCase((char) (b[from + i] & 0xff)) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean valueContains(byte[] b, int from, int to, String word) {
        String v = new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        return v.contains(word);
    }

    private static long parseLength(byte[] b, int from, int to) {
        long v = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            int c = b[i];
            if (c == ' ' || c == '\t' || c == '\r') {
                if (digits > 0 && c != '\r') {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '9' || ++digits > 15) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return digits == 0 ? -1 : v;
    }
}
