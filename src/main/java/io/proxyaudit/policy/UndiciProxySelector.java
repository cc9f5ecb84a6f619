package io.proxyaudit.policy;

import io.proxyaudit.proto.dns.Ipv6Text;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node.js's built-in {@code fetch} (client-proxy-rules.md §2.2). Without {@code NODE_USE_ENV_PROXY=1} (or
 * {@code --use-env-proxy} in NODE_OPTIONS, which wins either way) it ignores every proxy variable: nodejs/node
 * doc/api/cli.md {@code NODE_USE_ENV_PROXY}; measured by NodeFetchWireTest: Node 20 and 22.20 ignore it, 22.21 and 24
 * honour it. With it, Node's {@code setupHttpProxy} (lib/internal/process/pre_execution.js) installs undici's
 * {@code EnvHttpProxyAgent} (nodejs/undici lib/dispatcher/env-http-proxy-agent.js): the constructor takes
 * {@code http_proxy ?? HTTP_PROXY} and {@code https_proxy ?? HTTPS_PROXY} (lower case wins, and a set-but-empty one
 * masks the other case; https without an https proxy uses the http one) and makes a ProxyAgent of each, which refuses
 * anything but an http(s) URL without path; {@code #getProxyAgentForUrl} compares the URL's host (IPv6 in brackets);
 * {@code #parseNoProxy}/{@code #shouldProxy} as {@link #noProxyMatch} (undici 7.22.0 and later; the older rule is listed
 * in UndiciDifferentialTest's deliberate differences). Checked against the real undici of several Node releases by
 * UndiciDifferentialTest.
 */
public final class UndiciProxySelector {
    /** Scheme, slashes (WHATWG takes any number for http and https), userinfo, host, port, the rest. */
    private static final Pattern AUTHORITY = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/*(?:([^/?#]*)@)?(\\[[^\\]/?#]*\\]|[^:/?#]*)(:[^/?#]*)?(.*)$");
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    private static final Pattern USE_ENV_PROXY_OPTION = Pattern.compile("(?<!\\S)--(no-)?use-env-proxy(?!\\S)");
    private static final Pattern HOST_PORT = Pattern.compile("^(.+):(\\d+)$");

    private final ProxyConfig config;

    public UndiciProxySelector(ProxyConfig config) {
        this.config = config;
    }

    /**
     * True when NODE_OPTIONS's last {@code --use-env-proxy} or {@code --no-use-env-proxy} is the former, else when
     * NODE_USE_ENV_PROXY is exactly {@code 1} (Node 24.0 to 24.4 took any non-empty value).
     */
    public boolean envProxyOn() {
        String options = config.get("NODE_OPTIONS");
        if (options != null) {
            Matcher m = USE_ENV_PROXY_OPTION.matcher(options);
            Boolean last = null;
            while (m.find()) {
                last = m.group(1) == null;
            }
            if (last != null) {
                return last;
            }
        }
        return "1".equals(config.get("NODE_USE_ENV_PROXY"));
    }

    /**
     * The proxy variable undici's ProxyAgent refuses, or null: the constructor makes a ProxyAgent of each non-empty
     * {@code http_proxy ?? HTTP_PROXY} and {@code https_proxy ?? HTTPS_PROXY} whatever the URL, and Node constructs it
     * at start-up (lib/internal/process/pre_execution.js {@code setupHttpProxy}), so a refused one ends the process.
     */
    public String refusedVariable() {
        for (String v : new String[] {coalesce("http_proxy"), coalesce("https_proxy")}) {
            if (v != null && !config.get(v).isEmpty() && usable(config.get(v)) == null) {
                return v;
            }
        }
        return null;
    }

    /** {@code lower ?? UPPER}: the first one set, even empty. */
    private String coalesce(String lower) {
        return config.get(lower) != null ? lower : config.get(lower.toUpperCase(Locale.ROOT)) != null
                ? lower.toUpperCase(Locale.ROOT) : null;
    }

    public RouteDecision decide(String scheme, String host, int port) {
        if (!envProxyOn()) {
            return RouteDecision.direct(ReasonCode.NODE_ENV_PROXY_IGNORED, "Node.js's fetch and https ignore HTTPS_PROXY,"
                    + " HTTP_PROXY and NO_PROXY unless NODE_USE_ENV_PROXY=1 (Node >= 24 or 22.21; older releases ignore that"
                    + " too): node connects directly");
        }
        String httpVar = coalesce("http_proxy");
        String httpsVar = coalesce("https_proxy");
        String bad = refusedVariable();
        if (bad != null) {
            ProxyUrl socks = NpmProxySelector.parse(config.get(bad));
            return RouteDecision.error(ReasonCode.NODE_PROXY_INVALID, bad + "=" + Redaction.redact(config.get(bad))
                    + ": undici's ProxyAgent takes only an http:// or https:// URL without path, query or fragment, and"
                    + " Node builds it at start-up (EnvHttpProxyAgent), so node exits with an error before it fetches"
                    + " anything" + (socks != null && socks.isSocks() ? " (Node 24.14.1 and later, with undici 7.24, take a"
                    + " socks5:// proxy)" : ""));
        }
        String var = httpVar != null && !config.get(httpVar).isEmpty() ? httpVar : null;
        boolean fallback = false;
        if (scheme.equals("https")) {
            if (httpsVar != null && !config.get(httpsVar).isEmpty()) {
                var = httpsVar;
            } else {
                fallback = var != null;
            }
        }
        String noVar = coalesce("no_proxy");
        String hit = noVar == null ? null : noProxyMatch(config.get(noVar), urlHost(host), port > 0 ? port
                : scheme.equals("https") ? 443 : 80);
        if (hit != null) {
            return RouteDecision.direct(ReasonCode.NODE_NOPROXY, noVar + " entry \"" + hit + "\" matches " + host
                    + " (undici EnvHttpProxyAgent), so node connects directly");
        }
        if (var == null) {
            return RouteDecision.direct(ReasonCode.NODE_PROXY_UNSET, "NODE_USE_ENV_PROXY is on, but no " + scheme
                    + "_proxy/" + scheme.toUpperCase(Locale.ROOT) + "_PROXY" + (scheme.equals("https") ? " or http_proxy/HTTP_PROXY" : "")
                    + " is set to a non-empty value (a set-but-empty lower-case one masks the upper-case one): node connects directly");
        }
        ProxyUrl p = usable(config.get(var));
        return RouteDecision.proxy(p, ReasonCode.PROXIED, var + " applies" + (fallback ? " (no https_proxy/HTTPS_PROXY:"
                + " undici uses the http proxy for https too)" : "") + ": node fetches " + scheme + ":// "
                + (scheme.equals("https") ? "with CONNECT through " : "through ") + p.redacted());
    }

    /**
     * The proxy undici's ProxyAgent can use from this value (http:// or https://, no SOCKS), or null. Its constructor
     * also refuses a path, query or fragment (lib/core/util.js {@code parseOrigin}: "invalid url") and decodes a user
     * name and password given together ({@code decodeURIComponent}), which fails on a malformed escape.
     */
    public static ProxyUrl usable(String value) {
        // WHATWG URL reads any number of slashes after http: and https: (special authority ignore slashes state)
        String v = value.strip().replaceFirst("^(?i)(https?):/*", "$1://");
        ProxyUrl p = NpmProxySelector.parse(v);
        if (p == null || p.isSocks()) {
            return null;
        }
        Matcher url = AUTHORITY.matcher(v);
        if (!url.matches()) {
            return p;
        }
        if (!url.group(4).isEmpty() && !url.group(4).equals("/") || !wellFormedHostPort(url.group(2), url.group(3))) {
            return null;
        }
        String[] userPassword = url.group(1) == null ? new String[0] : url.group(1).split(":", 2);
        if (userPassword.length == 2 && !userPassword[0].isEmpty() && !userPassword[1].isEmpty()
                && (BAD_ESCAPE.matcher(userPassword[0]).find() || BAD_ESCAPE.matcher(userPassword[1]).find())) {
            return null;
        }
        return p;
    }

    /** WHATWG URL's host parser and port state on a proxy's authority: a bracketed IPv6 literal without zone, a port of at most 65535. */
    private static boolean wellFormedHostPort(String host, String port) {
        if (host.startsWith("[")) {
            String inner = host.substring(1, host.length() - 1);
            if (inner.indexOf(':') < 0 || inner.indexOf('%') >= 0 || IpLiteral.parse(inner) == null) {
                return false;
            }
        }
        if (port == null || port.length() == 1) {
            return true;
        }
        String digits = port.substring(1);
        return digits.chars().allMatch(c -> c >= '0' && c <= '9') && portValue(digits) >= 0;
    }

    /**
     * The host as {@code #getProxyAgentForUrl} compares it: WHATWG URL's {@code host} without the port, lower case,
     * an IPv6 literal in brackets in the URL serializer's form (compressed hex, IPv4-mapped ones too), a trailing dot
     * kept.
     */
    static String urlHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.indexOf(':') < 0) {
            return h;
        }
        byte[] ip = IpLiteral.parse(h);
        if (ip == null) {
            return "[" + h + "]";
        }
        if (ip.length == 4) { // IpLiteral gives an IPv4-mapped address as its IPv4 form
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(ip, 0, mapped, 12, 4);
            ip = mapped;
        }
        return "[" + Ipv6Text.formatUrl(ip, 0) + "]";
    }

    /**
     * The matching entry of NO_PROXY under {@code #parseNoProxy}/{@code #shouldProxy} (undici 7.22.0 and later), or
     * null: {@code *} as the whole value matches everything; otherwise each entry split on commas and blanks, a
     * {@code :digits} suffix its port (0 meaning any), a leading {@code .} or {@code *.} dropped, matches the host
     * exactly or as a dot-suffix. Nothing else: no CIDR, no IPv6 brackets taken off, no trailing dot.
     */
    static String noProxyMatch(String value, String hostname, int port) {
        if (value.equals("*")) {
            return "*";
        }
        for (String entry : value.split("[,\\s]")) {
            if (entry.isEmpty()) {
                continue;
            }
            Matcher hp = HOST_PORT.matcher(entry);
            boolean split = hp.matches();
            String name = (split ? hp.group(1) : entry).replaceFirst("^\\*?\\.", "").toLowerCase(Locale.ROOT);
            if (split && !portMatches(hp.group(2), port)) {
                continue;
            }
            if (hostname.equals(name) || hostname.endsWith("." + name)) {
                return entry;
            }
        }
        return null;
    }

    /** {@code entry.port && entry.port !== port} with {@code Number.parseInt}: 0 is any port. */
    private static boolean portMatches(String digits, int port) {
        int entryPort = portValue(digits);
        return entryPort == 0 || entryPort == port;
    }

    /** The number of a port's decimal digits, leading zeros ignored, or -1 above 65535. */
    private static int portValue(String digits) {
        String d = digits.replaceFirst("^0+", "");
        if (d.isEmpty()) {
            return 0;
        }
        return d.length() <= 5 && Integer.parseInt(d) <= 65535 ? Integer.parseInt(d) : -1;
    }
}
