package io.proxyaudit.policy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Go's {@code net/url.Parse}, the parts that decide what net/http makes of a proxy variable and a request URL
 * (golang/go src/net/url/url.go {@code Parse}, {@code parse}, {@code getScheme}, {@code parseAuthority},
 * {@code parseHost}, {@code unescape}, {@code shouldEscape}, {@code validUserinfo}, {@code validOptionalPort},
 * {@code URL.Hostname}, {@code URL.Port}). Null from {@link #parse} is Go's parse error.
 *
 * <p>By release: from Go 1.24.8 and 1.25.2 (CVE-2025-47912, {@code parseHost}) only an IPv6 address may stand in
 * brackets and no {@code [} may follow the host's start; from Go 1.26 ({@code urlstrictcolons},
 * src/internal/godebugs/table.go) an http or https host with more than one colon outside brackets is an error.
 *
 * @param scheme      lower-cased scheme, "" when none
 * @param opaque      the text after {@code scheme:} when it does not start with {@code /}
 * @param hasUser     a userinfo was present
 * @param username    the unescaped user name ("" when none)
 * @param hasPassword the userinfo had a {@code :}
 * @param host        {@code u.Host}: host and port, unescaped, brackets kept
 * @param path        the unescaped path
 */
public record GoUrl(String scheme, String opaque, boolean hasUser, String username, boolean hasPassword, String host,
        String path) {
    private enum Mode { HOST, ZONE, USER, PATH, FRAGMENT }

    /** url.Parse under the rules of Go release {@code go}; null when Go returns an error. */
    public static GoUrl parse(String raw, Version go) {
        int hash = raw.indexOf('#');
        String u = hash < 0 ? raw : raw.substring(0, hash);
        GoUrl url = parseNoFragment(u, go);
        if (url == null || (hash >= 0 && unescape(raw.substring(hash + 1), Mode.FRAGMENT) == null)) {
            return null;
        }
        return url;
    }

    /** url.URL.Hostname: the host without port and brackets. */
    public String hostname() {
        return splitHostPort(host)[0];
    }

    /** url.URL.Port: the port digits, "" when none (or not all digits). */
    public String port() {
        return splitHostPort(host)[1];
    }

    private static GoUrl parseNoFragment(String raw, Version go) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < ' ' || c == 0x7f) {
                return null;
            }
        }
        if (raw.equals("*")) {
            return new GoUrl("", "", false, "", false, "", "*");
        }
        // getScheme
        String scheme = "";
        String rest = raw;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    break;
                }
                continue;
            }
            if (c == ':') {
                if (i == 0) {
                    return null; // missing protocol scheme
                }
                scheme = raw.substring(0, i).toLowerCase(Locale.ROOT);
                rest = raw.substring(i + 1);
            }
            break;
        }
        if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
            rest = rest.substring(0, rest.length() - 1);
        } else if (rest.indexOf('?') >= 0) {
            rest = rest.substring(0, rest.indexOf('?'));
        }
        if (!rest.startsWith("/")) {
            if (!scheme.isEmpty()) {
                return new GoUrl(scheme, rest, false, "", false, "", "");
            }
            int slash = rest.indexOf('/');
            if ((slash < 0 ? rest : rest.substring(0, slash)).indexOf(':') >= 0) {
                return null; // first path segment in URL cannot contain colon
            }
        }
        boolean hasUser = false;
        boolean hasPassword = false;
        String username = "";
        String host = "";
        if ((!scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            rest = slash < 0 ? "" : authority.substring(slash);
            authority = slash < 0 ? authority : authority.substring(0, slash);
            int at = authority.lastIndexOf('@');
            host = parseHost(scheme, at < 0 ? authority : authority.substring(at + 1), go);
            if (host == null) {
                return null;
            }
            if (at >= 0) {
                String userinfo = authority.substring(0, at);
                if (!validUserinfo(userinfo)) {
                    return null;
                }
                hasUser = true;
                int colon = userinfo.indexOf(':');
                hasPassword = colon >= 0;
                username = unescape(colon < 0 ? userinfo : userinfo.substring(0, colon), Mode.USER);
                if (username == null || (colon >= 0 && unescape(userinfo.substring(colon + 1), Mode.USER) == null)) {
                    return null;
                }
            }
        }
        String path = unescape(rest, Mode.PATH);
        return path == null ? null : new GoUrl(scheme, "", hasUser, username, hasPassword, host, path);
    }

    private static String parseHost(String scheme, String host, Version go) {
        boolean bracketsStrict = go.atLeast(1, 26) || (go.minor() == 25 && go.patch() >= 2)
                || (go.minor() == 24 && go.patch() >= 8);
        int open = host.lastIndexOf('[');
        if (bracketsStrict && open > 0) {
            return null; // invalid IP-literal
        }
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0 || !validOptionalPort(host.substring(close + 1))) {
                return null;
            }
            String inside = host.substring(1, close);
            int zone = inside.indexOf("%25");
            String hostPart = unescape(zone < 0 ? inside : inside.substring(0, zone), Mode.HOST);
            String zonePart = zone < 0 ? "" : unescape(inside.substring(zone), Mode.ZONE);
            String port = unescape(host.substring(close + 1), Mode.HOST);
            if (hostPart == null || zonePart == null || port == null) {
                return null;
            }
            if (bracketsStrict) {
                byte[] ip = GoIp.parse(hostPart + zonePart, true);
                if (ip == null || (GoIp.isV4(ip) && (hostPart + zonePart).indexOf(':') < 0)) {
                    return null;
                }
            } else if (zone < 0) {
                return unescape(host, Mode.HOST);
            }
            return "[" + hostPart + zonePart + "]" + port;
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            int first = host.indexOf(':');
            if (first != colon && go.atLeast(1, 26) && (scheme.equals("http") || scheme.equals("https"))) {
                colon = first; // urlstrictcolons=1: the port would hold a colon, which is not valid
            }
            if (!validOptionalPort(host.substring(colon))) {
                return null;
            }
        }
        return unescape(host, Mode.HOST);
    }

    static boolean validOptionalPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean validUserinfo(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0) {
                continue;
            }
            return false;
        }
        return true;
    }

    /** shouldEscape for host and zone: true for ASCII bytes a host may not hold. */
    private static boolean hostMustEscape(int c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return false;
        }
        return "!$&'()*+,;=:[]<>\"-_.~".indexOf(c) < 0;
    }

    /** Go's unescape: null on a bad {@code %} escape or (host, zone) a character a host may not hold. */
    private static String unescape(String s, Mode mode) {
        boolean host = mode == Mode.HOST || mode == Mode.ZONE;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            int c = b[i] & 0xff;
            if (c == '%') {
                if (i + 2 >= b.length || Character.digit(b[i + 1], 16) < 0 || Character.digit(b[i + 2], 16) < 0) {
                    return null;
                }
                int v = Character.digit(b[i + 1], 16) << 4 | Character.digit(b[i + 2], 16);
                boolean pct25 = v == 0x25;
                if (mode == Mode.HOST && v < 0x80 && !pct25) {
                    return null;
                }
                if (mode == Mode.ZONE && !pct25 && v != ' ' && (v >= 0x80 || hostMustEscape(v))) {
                    return null;
                }
                out.write(v);
                i += 2;
            } else {
                if (host && c < 0x80 && hostMustEscape(c)) {
                    return null;
                }
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String[] splitHostPort(String hostPort) {
        String h = hostPort;
        String port = "";
        int colon = h.lastIndexOf(':');
        if (colon >= 0 && validOptionalPort(h.substring(colon))) {
            port = h.substring(colon + 1);
            h = h.substring(0, colon);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return new String[] {h, port};
    }
}
