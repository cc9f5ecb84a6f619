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
 * @param mangledFrom for Go &lt; 1.22: the original value when Go re-read it as {@code http://value} (golang/go#24135), else null
 */
public record ProxyUrl(String scheme, String user, boolean hasUserInfo, String host, int port, String mangledFrom) {
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    private static final Set<String> GO_OLD_SCHEMES = Set.of("http", "https", "socks5");
    private static final Set<String> CURL_SCHEMES = Set.of("http", "https", "socks4", "socks4a", "socks5", "socks5h");

    /**
     * Go's {@code parseProxy} (x/net/http/httpproxy/proxy.go). Go ≥ 1.22 (x/net 8c07e20f): parse; when that
     * fails or scheme or host is empty, retry with {@code http://} prepended. Older Go: also retry when the
     * scheme is not http, https or socks5, which turns {@code socks5h://s:1080} into an HTTP proxy whose host is
     * {@code socks5h} (golang/go#24135). When the retry fails too, Go keeps the first parse if there was one.
     * Returns null when Go ends with no proxy (both parses fail: the value is ignored); a result with
     * {@link #mangledFrom()} set is a proxy Go would use but that cannot work (observed with Go 1.19.8:
     * {@code http://p:abc} becomes host {@code http}, {@code p 3128} becomes a path).
     */
    public static ProxyUrl parseGo(String value, Version go) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        ProxyUrl first = parseStrict(value);
        boolean firstOk = first != null && !first.host.isEmpty();
        if (firstOk && (go.atLeast(1, 22) || GO_OLD_SCHEMES.contains(first.scheme))) {
            return first;
        }
        ProxyUrl again = parseStrict("http://" + value);
        if (again != null && !again.host.isEmpty()) {
            boolean mangled = firstOk || value.contains("://");
            return mangled ? new ProxyUrl(again.scheme, again.user, again.hasUserInfo, again.host, again.port, value) : again;
        }
        if (goUrlParses(value)) {
            return new ProxyUrl("", null, false, "", -1, value);
        }
        return null;
    }

    /**
     * Whether Go's url.Parse accepts the text at all (approximation: it rejects control characters, bad
     * {@code %} escapes and a missing scheme before a leading colon; nearly anything else parses, often as a path).
     */
    static boolean goUrlParses(String s) {
        if (s.startsWith(":")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    return false;
                }
            }
        }
        return true;
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

    /** True when Go's transport can use this scheme (http, https, socks5; socks5h from Go 1.22). */
    public boolean goSupported(Version go) {
        return scheme.equals("http") || scheme.equals("https") || scheme.equals("socks5")
                || (scheme.equals("socks5h") && go.atLeast(1, 22));
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

    public boolean isSocks() {
        return scheme.startsWith("socks");
    }

    /** The URL without credentials (see the class comment for the form). */
    public String redacted() {
        if (scheme.isEmpty()) {
            return Redaction.redact(mangledFrom); // Go kept a URL without scheme or host (a path)
        }
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
