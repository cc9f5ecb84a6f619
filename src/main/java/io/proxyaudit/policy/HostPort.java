package io.proxyaudit.policy;

/** Host (case kept: Go's "localhost" test is case-sensitive; without brackets) and port (-1 when absent) of a URL or {@code host[:port]} text. */
public record HostPort(String host, int port) {
    /** The authority of {@code scheme://[userinfo@]host[:port]/...}, or of a bare {@code host[:port]}. */
    public static HostPort ofUrl(String url) {
        int sep = url.indexOf("://");
        String rest = sep >= 0 ? url.substring(sep + 3) : url;
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        return ofAuthority(rest.substring(0, end));
    }

    /** {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port}, or a bare IPv6 literal. */
    public static HostPort ofAuthority(String authority) {
        String a = authority;
        int at = a.lastIndexOf('@');
        if (at >= 0) {
            a = a.substring(at + 1);
        }
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close > 0) {
                String host = a.substring(1, close);
                String after = a.substring(close + 1);
                return new HostPort(host, after.startsWith(":") ? parsePort(after.substring(1)) : -1);
            }
        }
        int first = a.indexOf(':');
        int last = a.lastIndexOf(':');
        if (first >= 0 && first == last) {
            return new HostPort(a.substring(0, first), parsePort(a.substring(first + 1)));
        }
        return new HostPort(a, -1);
    }

    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int p = Integer.parseInt(s);
        return p > 65535 ? -1 : p;
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port >= 0 ? h + ":" + port : h;
    }
}
