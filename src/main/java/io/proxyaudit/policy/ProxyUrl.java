package io.proxyaudit.policy;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A proxy address parsed from an environment value or a git setting. The credentials are never kept:
 * only whether a user and a password were present. Every string form is redacted:
 * {@code http://user:***@p:3128} when a password was given, {@code http://***@p:3128} when only a user
 * (which is then usually a token) was given.
 *
 * @param scheme      lower-case scheme ({@code http}, {@code https}, {@code socks5}, ...)
 * @param user        the user name when a password followed it, else null (a lone user is treated as a secret)
 * @param hasUserInfo true when the value carried any userinfo
 * @param host        host name or IP literal without brackets, lower case
 * @param port        explicit port, or -1
 * @param mangledFrom the original value when Go re-read {@code scheme:/...} as {@code http://scheme:/...} (golang/go#24135), else null
 */
public record ProxyUrl(String scheme, String user, boolean hasUserInfo, String host, int port, String mangledFrom)
        implements java.io.Serializable {
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    private static final Set<String> GO_OLD_SCHEMES = Set.of("http", "https", "socks5");
    private static final Set<String> CURL_SCHEMES = Set.of("http", "https", "socks4", "socks4a", "socks5", "socks5h");

    /**
     * Go's {@code parseProxy} (golang.org/x/net http/httpproxy/proxy.go, the copy vendored in golang/go
     * src/vendor/golang.org/x/net/http/httpproxy/proxy.go), with Go's url.Parse ({@link GoUrl}). Go ≥ 1.23 (the
     * vendored copy has x/net 8c07e20f "allow any scheme"; go1.22.12's still has the older code): when the parse
     * fails or scheme or host is empty, parse again with {@code http://} prepended. Go ≤ 1.22: parse again when it
     * fails or the scheme is not http, https or socks5, which turns {@code socks5h://s:1080} into an HTTP proxy
     * whose host is {@code socks5h} (golang/go#24135). When the second parse fails the first stands if it
     * succeeded; when both fail {@code config.init} keeps no proxy: null, Go ignores the value silently (a leading
     * blank, {@code ' http://p:3128'}, does that). {@link #mangledFrom()} is set when the second parse read
     * {@code scheme:/...} as the host {@code scheme}: a proxy that cannot work.
     */
    public static ProxyUrl parseGo(String value, Version go) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        GoUrl first = GoUrl.parse(value, go);
        boolean again = first == null || (go.atLeast(1, 23) ? first.scheme().isEmpty() || first.host().isEmpty()
                : !GO_OLD_SCHEMES.contains(first.scheme()));
        GoUrl u = first;
        boolean mangled = false;
        if (again) {
            GoUrl second = GoUrl.parse("http://" + value, go);
            if (second != null) {
                u = second;
                int colon = value.indexOf(':');
                mangled = colon > 0 && value.startsWith(":/", colon) && second.hostname().equalsIgnoreCase(value.substring(0, colon));
            }
        }
        if (u == null) {
            return null;
        }
        String portText = u.port();
        int port = portText.isEmpty() ? -1 : portText.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(portText);
        return new ProxyUrl(u.scheme(), u.hasPassword() ? escapeUser(u.username()) : null, u.hasUser(),
                u.hostname().toLowerCase(Locale.ROOT), port, mangled ? value : null);
    }

    /** The user name as Go's Userinfo.String writes it (net/url escape, mode encodeUserPassword). */
    private static String escapeUser(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~$&+,;=".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    /** curl's proxy parsing as git uses it: no {@code ://} means {@code http://}. Returns null when unusable. */
    public static ProxyUrl parseCurl(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        ProxyUrl p = parseStrict(value.contains("://") ? value : "http://" + value);
        return p == null || p.host.isEmpty() ? null : p;
    }

    /** True when curl (and so git) can use this scheme. */
    public boolean curlSupported() {
        return CURL_SCHEMES.contains(scheme);
    }

    /**
     * True when Go's transport can dial it (golang/go src/net/http/transport.go dialConn): a host, a port that fits
     * 16 bits, and not a value Go re-read with {@code http://} in front ({@link #mangledFrom()}).
     */
    public boolean goDialable() {
        return mangledFrom == null && !host.isEmpty() && port <= 65535;
    }

    /**
     * True when Go's transport knows this scheme (golang/go src/net/http/transport.go {@code dialConn}: http, https,
     * socks5; socks5h from Go 1.23). Any other scheme is dialled as an HTTP proxy at its port.
     */
    public boolean goSupported(Version go) {
        return scheme.equals("http") || scheme.equals("https") || scheme.equals("socks5")
                || (scheme.equals("socks5h") && go.atLeast(1, 23));
    }

    /** The port connections go to; Go's defaults are http 80, https 443, socks 1080 (proxy.go portMap). */
    public int effectivePort() {
        if (port >= 0) {
            return port;
        }
        return switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> 1080;
        };
    }

    /** curl's default proxy port is 1080 for http proxies too (CURLOPT_PROXYPORT); https proxies 443. */
    public int effectivePortCurl() {
        if (port >= 0) {
            return port;
        }
        return scheme.equals("https") ? 443 : 1080;
    }

    /**
     * True when curl, and so git, resolves the target's name itself for this proxy and sends the proxy an address:
     * socks5:// and socks4:// (curl lib/socks.c: {@code do_SOCKS5} resolves unless {@code socks5_resolve_local} is
     * off, i.e. socks5h; {@code do_SOCKS4} unless {@code protocol4a}); socks5h:// and socks4a:// send the name. Go
     * never does: its socks5:// and socks5h:// both send the name (golang/go src/net/http/socks_bundle.go
     * {@code (*socksDialer).connect}: a host that is no IP literal goes as address type 3, FQDN).
     */
    public boolean curlResolvesLocally() {
        return scheme.equals("socks5") || scheme.equals("socks4");
    }

    /** For a SOCKS proxy, who resolves {@code host} ({@link #curlResolvesLocally}), as a clause to append; else "". */
    public String resolutionNote(String host, boolean curl) {
        if (!isSocks() || IpLiteral.parse(host) != null) {
            return "";
        }
        if (!curl) {
            return "; Go sends the proxy the name " + host + ", so the proxy resolves it (no local DNS lookup)";
        }
        return curlResolvesLocally() ? "; with " + scheme + ":// curl resolves " + host + " itself and sends the proxy"
                + " the address, so the name goes to the local resolver (" + scheme + (scheme.equals("socks5") ? "h" : "a")
                + ":// lets the proxy resolve it)" : "; with " + scheme + ":// the proxy resolves " + host
                + " (no local DNS lookup)";
    }

    public boolean isSocks() {
        return scheme.startsWith("socks");
    }

    /** The URL without credentials (see the class comment for the form). */
    public String redacted() {
        StringBuilder sb = new StringBuilder(scheme).append("://");
        if (hasUserInfo) {
            sb.append(user != null ? user + ":***@" : "***@");
        }
        sb.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
        if (port >= 0) {
            sb.append(':').append(port);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return redacted();
    }

    /** {@code scheme://[userinfo@]host[:port][/...]}; null when it is not of that shape. */
    private static ProxyUrl parseStrict(String s) {
        int sep = s.indexOf("://");
        if (sep <= 0 || !SCHEME.matcher(s.substring(0, sep)).matches()) {
            return null;
        }
        String scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = s.substring(sep + 3);
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String authority = rest.substring(0, end);
        String user = null;
        boolean hasUserInfo = false;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            hasUserInfo = true;
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                user = userInfo.substring(0, colon);
            }
            authority = authority.substring(at + 1);
        }
        String host;
        String portText = "";
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = authority.substring(1, close);
            int zone = host.indexOf('%');
            if (zone >= 0) {
                host = host.substring(0, zone); // an IPv6 zone id (%25eth0) picks the interface, not the host
            }
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (after.charAt(0) != ':') {
                    return null;
                }
                portText = after.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            if (colon >= 0) {
                host = authority.substring(0, colon);
                portText = authority.substring(colon + 1);
                if (host.indexOf(':') >= 0) {
                    return null;
                }
            } else {
                host = authority;
            }
        }
        int port = -1;
        if (!portText.isEmpty()) {
            if (portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)) {
                return null;
            }
            port = Integer.parseInt(portText);
            if (port > 65535) {
                return null;
            }
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c == '%' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{'
                    || c == '|' || c == '}') {
                return null;
            }
        }
        return new ProxyUrl(scheme, user, hasUserInfo, host.toLowerCase(Locale.ROOT), port, null);
    }
}
