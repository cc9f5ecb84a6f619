package io.proxyaudit.proto;

/**
 * The host and port of a URI authority ({@code [userinfo@]host[:port]}, RFC 3986 §3.2), as found in a URL,
 * an HTTP Host header, a CONNECT target or an absolute request target. The one parser of authorities for
 * the flow stage (CONNECT targets, hosts of flows) and the policy stage (proxy URLs, NO_PROXY entries).
 *
 * @param host the host without brackets and without userinfo, case kept (Go's "localhost" test is
 *             case-sensitive); never null, may be empty
 * @param port the port, -1 when absent or not a number in 0..65535
 */
public record Authority(String host, int port) {
    /** The authority of {@code scheme://[userinfo@]host[:port]/...}, or of a bare {@code host[:port]}. */
    public static Authority ofUrl(String url) {
        int sep = url.indexOf("://");
        return ofAuthority(authorityPart(url, sep >= 0 ? sep + 3 : 0));
    }

    /**
     * The authority of an absolute-form request target ({@code http://host:port/path}, RFC 9112 §3.2.2),
     * or null when the target has no scheme (origin form {@code /path}, authority form of CONNECT).
     */
    public static Authority ofAbsoluteTarget(String target) {
        int sep = target == null ? -1 : target.indexOf("://");
        return sep <= 0 ? null : ofAuthority(authorityPart(target, sep + 3));
    }

    /** {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port}, or a bare IPv6 literal. */
    public static Authority ofAuthority(String authority) {
        String a = authority;
        int at = a.lastIndexOf('@');
        if (at >= 0) {
            a = a.substring(at + 1); // never keep userinfo
        }
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close > 0) {
                String after = a.substring(close + 1);
                return new Authority(a.substring(1, close), after.startsWith(":") ? parsePort(after.substring(1)) : -1);
            }
        }
        int first = a.indexOf(':');
        if (first >= 0 && first == a.lastIndexOf(':')) {
            return new Authority(a.substring(0, first), parsePort(a.substring(first + 1)));
        }
        return new Authority(a, -1);
    }

    private static String authorityPart(String url, int start) {
        int end = url.length();
        for (int i = start; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        return url.substring(start, end);
    }

    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return -1;
            }
        }
        int p = Integer.parseInt(s);
        return p > 65535 ? -1 : p;
    }
}
