package io.proxyaudit.proto.http;

/**
 * The one rule for "do these bytes start an HTTP/1.x request line": a method token followed by SP
 * (RFC 9112 §3; RFC 9110 §9.1: the method is a token, case-sensitive, so any token counts, not only upper
 * case) and, on the same line, an HTTP version. Used to detect HTTP on a TCP direction or in a UDP
 * datagram, to find the next request after a capture gap, and by {@link HttpHeadParser} for its quick
 * rejection.
 */
public final class HttpRequestLine {
    /** Longest method token: the longest registered method (UPDATEREDIRECTREF, RFC 5842 §7.1) is 17 characters. */
    public static final int MAX_METHOD = 32;
    /** Longest request line waited for while detecting. */
    static final int MAX_SNIFF_LINE = 8192;

    private HttpRequestLine() {}

    /** Offset just after the token run starting at {@code p}; looks at no more than MAX_METHOD + 1 bytes. */
    static int tokenEnd(byte[] b, int p, int end) {
        int i = p;
        while (i < end && i - p <= MAX_METHOD && isTchar(b[i])) {
            i++;
        }
        return i;
    }

    /** Length of a method token followed by SP, 0 when the bytes do not start so, -1 when more bytes are needed. */
    public static int methodLength(byte[] b, int p, int n) {
        int e = tokenEnd(b, p, p + n);
        if (e == p + n) {
            return n <= MAX_METHOD ? -1 : 0;
        }
        return e > p && e - p <= MAX_METHOD && b[e] == ' ' ? e - p : 0;
    }

    /** Method length when the bytes start with a whole request line, 0 when they do not, -1 when the line is not complete yet. */
    public static int sniff(byte[] b, int p, int n) {
        int m = methodLength(b, p, n);
        if (m <= 0) {
            return m;
        }
        int eol = indexOf(b, p, Math.min(n, MAX_SNIFF_LINE), (byte) '\n');
        if (eol < 0) {
            return n >= MAX_SNIFF_LINE ? 0 : -1;
        }
        return contains(b, p, eol - p, "HTTP/") ? m : 0;
    }

    /** True when the bytes start with a method of {@link HttpHeadParser#KNOWN_METHODS} followed by SP. */
    public static boolean startsWithKnownMethod(byte[] b, int p, int n) {
        int m = methodLength(b, p, n);
        return m > 0 && HttpHeadParser.KNOWN_METHODS.contains(new String(b, p, m, java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Offset (from p) of the first whole request line that starts a line, -1 when none in the bytes. */
    static int find(byte[] b, int p, int n) {
        for (int i = 0; i < n; i++) {
            if ((i == 0 || b[p + i - 1] == '\n') && methodLength(b, p + i, n - i) > 0) {
                int eol = indexOf(b, p + i, n - i, (byte) '\n');
                if (eol >= 0 && contains(b, p + i, eol - (p + i), "HTTP/")) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** tchar (RFC 9110 §5.6.2). */
    static boolean isTchar(byte c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0 && c != 0;
    }

    static int indexOf(byte[] b, int p, int n, byte c) {
        for (int i = p; i < p + n; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** True when {@code b[p, p+n)} starts with {@code prefix}, or is a prefix of it (more bytes may still match). */
    static boolean startsWith(byte[] b, int p, int n, String prefix) {
        int k = Math.min(n, prefix.length());
        for (int i = 0; i < k; i++) {
            if (b[p + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] b, int p, int n, String s) {
        outer:
        for (int i = 0; i + s.length() <= n; i++) {
            for (int j = 0; j < s.length(); j++) {
                if (b[p + i + j] != s.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
