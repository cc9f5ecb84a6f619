package io.proxyaudit.policy;

import java.util.Locale;

/**
 * Plain curl's choice of proxy for an http:// or https:// URL from the environment alone (no {@code -x}), as
 * libcurl 7.88 implements it (curl/curl at tag curl-7_88_1; semantics doc §3.1). In the order of
 * {@code lib/url.c create_conn_helper_init_proxy}:
 * <ol>
 *   <li>NO_PROXY first: {@code no_proxy}, else {@code NO_PROXY}, checked against the URL's host by
 *       {@code lib/noproxy.c Curl_check_noproxy} ({@link CurlNoProxy}); a match means no proxy at all.</li>
 *   <li>{@code lib/url.c detect_proxy}: {@code <scheme>_proxy} in lower case, then in upper case except
 *       {@code HTTP_PROXY} (never read: a CGI program's environment carries a request's {@code Proxy:} header as
 *       HTTP_PROXY), then {@code all_proxy}, then {@code ALL_PROXY}.</li>
 * </ol>
 * Every variable is read with {@code lib/getenv.c curl_getenv}, which returns NULL for an empty value: an empty
 * variable is skipped and the next one is read (git instead takes a set-but-empty variable as "no proxy"). There
 * is no exemption for localhost or loopback (measured with curl 7.88.1: {@code https://localhost/} goes to the
 * proxy). The proxy value is parsed by {@code lib/url.c parse_proxy} ({@link #parseProxy}).
 */
public final class CurlProxySelector {
    private static final java.util.Set<String> CURL_TYPES = java.util.Set.of("http", "https", "socks4", "socks4a", "socks5", "socks5h");
    private final ProxyConfig config;

    public CurlProxySelector(ProxyConfig config) {
        this.config = config;
    }

    /** The route curl takes to {@code url}; throws IllegalArgumentException for a URL that is not http(s) with a host. */
    public RouteDecision decide(String url) {
        int sep = url.indexOf("://");
        // lib/url.c findprotocol: the scheme is matched without regard to case
        String scheme = sep > 0 ? url.substring(0, sep).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + Redaction.redact(url) + "': proxyaudit models curl for http:// and https:// URLs");
        }
        HostPort hp = HostPort.ofUrl(url);
        if (hp.host().isEmpty()) {
            throw new IllegalArgumentException("URL without host: '" + Redaction.redact(url) + "'");
        }
        String host = CurlNoProxy.urlHost(hp.host());
        String noVar = firstSet("no_proxy", "NO_PROXY");
        CurlNoProxy.Result np = CurlNoProxy.evaluate(noVar == null ? null : config.get(noVar), host, config.curlVersion());
        if (np.matched()) {
            return RouteDecision.direct(np.code(), noVar + " entry \"" + np.element() + "\" matches " + host
                    + " under curl's rules (curl " + config.curlVersion() + "), so curl connects directly");
        }
        String lower = scheme + "_proxy";
        String varName = scheme.equals("http") ? firstSet(lower) : firstSet(lower, lower.toUpperCase(Locale.ROOT));
        ReasonCode code = ReasonCode.CURL_PROXY_ENV;
        if (varName == null) {
            varName = firstSet("all_proxy", "ALL_PROXY");
            code = ReasonCode.CURL_ALL_PROXY;
        }
        if (varName == null) {
            if (scheme.equals("http") && config.nonEmpty("HTTP_PROXY") != null) {
                return RouteDecision.direct(ReasonCode.CURL_HTTP_UPPER_IGNORED, "curl ignores upper-case HTTP_PROXY (a CGI"
                        + " program's environment carries a request's Proxy: header as HTTP_PROXY): for http:// it reads"
                        + " only lower-case http_proxy, then all_proxy/ALL_PROXY");
            }
            return RouteDecision.direct(ReasonCode.CURL_NO_PROXY_VAR, "no " + (scheme.equals("http") ? "http_proxy"
                    : "https_proxy/HTTPS_PROXY") + " and no all_proxy/ALL_PROXY is set to a non-empty value: curl connects"
                    + " directly" + emptyNote(scheme));
        }
        String value = config.get(varName);
        Parsed p = parseProxy(value);
        if (p.error() != null) {
            return RouteDecision.error(p.code(), varName + "=" + Redaction.redact(value) + ": " + p.error());
        }
        String how = p.proxy().isSocks() ? "through SOCKS proxy" : scheme.equals("https") ? "with CONNECT through" : "through";
        String note = np.code() == null ? "" : "; note: " + noVar + " entry \"" + np.element() + "\" " + CurlNoProxy.nomatchWords(np.code());
        String why = code == ReasonCode.CURL_ALL_PROXY ? varName + " applies (no " + lower + " is set to a non-empty value)"
                : varName + " applies";
        return RouteDecision.proxy(p.proxy(), np.code() == null ? code : np.code(), why + ": curl fetches " + scheme + "://"
                + hp + " " + how + " " + p.proxy().redacted() + p.proxy().resolutionNote(host, true) + note);
    }

    /**
     * The route when the program set {@code CURLOPT_PROXY} to {@code value} itself (cargo's http.proxy): the proxy
     * variables are not read, but libcurl still checks no_proxy/NO_PROXY first (lib/url.c
     * {@code create_conn_helper_init_proxy}). An empty value turns the proxy off. Null when {@code value} is null.
     */
    public RouteDecision decideWithProxy(String url, String value, String source, String client) {
        if (value == null) {
            return null;
        }
        String host = CurlNoProxy.urlHost(HostPort.ofUrl(url).host());
        if (value.isEmpty()) {
            return RouteDecision.direct(ReasonCode.CARGO_PROXY_EMPTY, source + " is set but empty, which sets libcurl's"
                    + " proxy to \"\" (off) although proxy variables may be set: " + client + " connects directly");
        }
        String noVar = firstSet("no_proxy", "NO_PROXY");
        CurlNoProxy.Result np = CurlNoProxy.evaluate(noVar == null ? null : config.get(noVar), host, config.curlVersion());
        if (np.matched()) {
            return RouteDecision.direct(np.code(), noVar + " entry \"" + np.element() + "\" matches " + host + " (libcurl"
                    + " checks it even for a proxy the program set), so " + client + " connects directly");
        }
        Parsed p = parseProxy(value);
        if (p.error() != null) {
            return RouteDecision.error(ReasonCode.CARGO_PROXY_INVALID, source + "=" + Redaction.redact(value) + ": " + p.error());
        }
        return RouteDecision.proxy(p.proxy(), ReasonCode.PROXIED, source + " applies: " + client + " fetches through "
                + p.proxy().redacted());
    }

    /** A word on skipped empty variables: curl_getenv treats them as unset. */
    private String emptyNote(String scheme) {
        String[] vars = scheme.equals("http") ? new String[] {"http_proxy", "all_proxy", "ALL_PROXY"}
                : new String[] {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};
        for (String v : vars) {
            if ("".equals(config.get(v))) {
                return " (" + v + " is set but empty, which curl skips)";
            }
        }
        return "";
    }

    /** The first variable of {@code names} that is set to a non-empty value (lib/getenv.c curl_getenv), or null. */
    private String firstSet(String... names) {
        for (String n : names) {
            if (config.nonEmpty(n) != null) {
                return n;
            }
        }
        return null;
    }

    /** A parsed proxy, or the error curl stops with. */
    public record Parsed(ProxyUrl proxy, ReasonCode code, String error) {}

    /**
     * {@code lib/url.c parse_proxy}: the value is parsed by the URL parser with {@code CURLU_GUESS_SCHEME}, so a
     * value without {@code scheme://} gets a scheme guessed from its host ({@code lib/urlapi.c}: {@code ftp.},
     * {@code dict.}, {@code ldap.}, {@code imap.}, {@code smtp.}, {@code pop3.} prefixes name those schemes, anything
     * else is http); the scheme, in any case, selects the proxy type: https, socks5h, socks5, socks4a, socks4 or
     * socks, http; any other is "Unsupported proxy scheme" (CURLE_COULDNT_CONNECT). A value the URL parser rejects
     * (a blank anywhere: {@code junkscan}; a port that is not a number: {@code parse_port}) is "Unsupported proxy syntax"
     * (CURLE_COULDNT_RESOLVE_PROXY). Without a port: 443 for an https proxy, else 1080.
     */
    public static Parsed parseProxy(String value) {
        return parseProxy(value, "http");
    }

    /**
     * As {@link #parseProxy(String)} with {@code CURLOPT_PROXYTYPE} set to {@code presetType} beforehand (git sets
     * it and hands curl only {@code host:port}): a value whose scheme is http, given or guessed, keeps the preset
     * type (lib/url.c parse_proxy "leave it as HTTP or HTTP/1.0").
     */
    public static Parsed parseProxy(String value, String presetType) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) <= ' ' || value.charAt(i) == 0x7f) {
                return new Parsed(null, ReasonCode.CURL_PROXY_SYNTAX, "curl's URL parser rejects the blank or control"
                        + " character in it, so curl fails with \"Unsupported proxy syntax\" (exit 5) and makes no connection");
            }
        }
        boolean guessed = !value.contains("://");
        ProxyUrl p = ProxyUrl.parseCurl(guessed ? guessScheme(value) + "://" + value : value);
        if (p == null) {
            return new Parsed(null, ReasonCode.CURL_PROXY_SYNTAX, "curl cannot parse it as a URL and fails with"
                    + " \"Unsupported proxy syntax\" (exit 5): no connection");
        }
        String scheme = p.scheme().equals("socks") ? "socks4" : p.scheme().equals("http") ? presetType : p.scheme();
        if (!CURL_TYPES.contains(scheme)) {
            return new Parsed(null, ReasonCode.CURL_PROXY_UNSUPPORTED_SCHEME, "the " + p.scheme() + ":// scheme"
                    + (guessed ? " (guessed by curl from the host name)" : "") + " is no proxy type curl knows (http,"
                    + " https, socks4, socks4a, socks5, socks5h), so curl fails with \"Unsupported proxy scheme\""
                    + " (exit 7): no connection");
        }
        int port = p.port() >= 0 ? p.port() : scheme.equals("https") ? 443 : 1080;
        return new Parsed(new ProxyUrl(scheme, p.user(), p.hasUserInfo(), p.host(), port, null), null, null);
    }

    /** lib/urlapi.c: with CURLU_GUESS_SCHEME a host beginning {@code ftp.}, {@code dict.}, ... names that scheme. */
    private static String guessScheme(String value) {
        String h = value.toLowerCase(Locale.ROOT);
        int at = h.lastIndexOf('@', Math.max(0, h.indexOf('/') < 0 ? h.length() - 1 : h.indexOf('/')));
        h = at >= 0 ? h.substring(at + 1) : h;
        for (String s : new String[] {"ftp", "dict", "ldap", "imap", "smtp", "pop3"}) {
            if (h.startsWith(s + ".")) {
                return s;
            }
        }
        return "http";
    }
}
