package io.proxyaudit.policy;

/**
 * Go net/http's {@code ProxyFromEnvironment} (x/net/http/httpproxy {@code FromEnvironment},
 * {@code proxyForURL}, {@code useProxy}; semantics doc §1.6): upper case first, empty values skipped,
 * https uses only HTTPS_PROXY (Go ≥ 1.16), http refuses HTTP_PROXY under CGI, localhost and loopback never
 * proxied, then NO_PROXY. ALL_PROXY is never read.
 */
public final class GoProxySelector {
    private final ProxyConfig config;
    /** The last proxy value parsed and its result (proxy null: unparsable): the audit asks once per flow. */
    private volatile Parsed last;

    private record Parsed(String value, Version go, ProxyUrl proxy) {}

    public GoProxySelector(ProxyConfig config) {
        this.config = config;
    }

    private ProxyUrl parseProxy(String value, Version go) {
        Parsed p = last;
        if (p == null || !p.value().equals(value) || !p.go().equals(go)) {
            p = new Parsed(value, go, ProxyUrl.parseGo(value, go));
            last = p;
        }
        return p.proxy();
    }

    /**
     * @param scheme     request scheme ({@code https}, {@code http}, anything else: no proxy)
     * @param host       host without brackets
     * @param port       port, or -1 for the scheme default
     * @param resolvedIp where the name resolved (for the IP-vs-name diagnosis), or null
     */
    public RouteDecision decide(String scheme, String host, int port, String resolvedIp) {
        Version go = config.goVersion();
        String httpsVar = firstSet("HTTPS_PROXY", "https_proxy");
        String httpVar = firstSet("HTTP_PROXY", "http_proxy");
        String var;
        boolean fallback = false;
        if (scheme.equals("https")) {
            var = httpsVar;
            if (var == null && httpVar != null && !go.atLeast(1, 16)) {
                var = httpVar; // before golang/net 7b1cca23 (Go 1.16) https fell back to HTTP_PROXY
                fallback = true;
            }
        } else if (scheme.equals("http")) {
            var = httpVar;
        } else {
            return RouteDecision.direct(ReasonCode.GO_HTTPS_PROXY_UNSET,
                    "Go's ProxyFromEnvironment proxies only http and https URLs, not " + scheme);
        }
        // proxy.go useProxy: "localhost" and loopback IPs are never proxied, whatever the variables say; checked
        // first so the reason names the rule no variable can change. Only proxyForURL's CGI refusal of a parsed
        // HTTP_PROXY comes before useProxy (that case returns an unparsable value or the refusal below).
        boolean cgiRefusal = scheme.equals("http") && var != null && config.nonEmpty("REQUEST_METHOD") != null;
        RouteDecision loopback = cgiRefusal ? null : loopback(GoNoProxy.idnaAscii(host), go);
        if (loopback != null) {
            return loopback;
        }
        if (var == null) {
            return noVariable(scheme, httpVar);
        }
        String value = config.nonEmpty(var);
        ProxyUrl proxy = parseProxy(value, go);
        if (proxy == null) {
            // proxy.go config.init: parseProxy failed even with http:// prepended, so the field stays nil: no proxy
            return RouteDecision.direct(ReasonCode.GO_PROXY_UNPARSABLE, var + "=" + Redaction.redact(value)
                    + " cannot be parsed as a URL even with http:// prepended; Go ignores it silently and connects directly");
        }
        if (scheme.equals("http") && config.nonEmpty("REQUEST_METHOD") != null) {
            return RouteDecision.error(ReasonCode.GO_CGI_REFUSED, "REQUEST_METHOD is set (CGI), so Go refuses to use "
                    + var + " for http:// and the request fails without connecting (golang.org/s/cgihttpproxy)");
        }
        int p = port >= 0 ? port : scheme.equals("https") ? 443 : 80;
        host = GoNoProxy.idnaAscii(host); // proxy.go canonicalAddr
        boolean cveFixed = GoNoProxy.cve2025_22870Fixed(go);
        byte[] ip = GoIp.parse(host, cveFixed);
        String noProxyVar = firstSet("NO_PROXY", "no_proxy");
        String noProxy = noProxyVar == null ? null : config.nonEmpty(noProxyVar);
        GoNoProxy.Result np = GoNoProxy.evaluate(noProxy, host, p, resolvedIp, go);
        boolean domainCode = np.code() == ReasonCode.GO_NOPROXY_DOMAIN || np.code() == ReasonCode.GO_NOPROXY_SUBDOMAIN
                || (np.code() == ReasonCode.GO_NOPROXY_PORT && GoIp.parse(np.element().replaceFirst(":[0-9]*$", ""), false) == null);
        if (np.matched()) {
            String cve = ip != null && domainCode ? "; Go " + go.major() + "." + go.minor() + "." + go.patch() + " applies"
                    + " NO_PROXY domain entries to IP addresses as a suffix test (until the CVE-2025-22870 fix in Go 1.23.7"
                    + " and 1.24.1)" : "";
            return RouteDecision.direct(np.code(), noProxyVar + " entry \"" + np.element() + "\" " + matchWords(np.code())
                    + " " + host + ":" + p + ", so Go connects directly" + cve);
        }
        // What the transport does with the URL (golang/go src/net/http/transport.go dialConn, canonicalAddr)
        if (proxy.mangledFrom() != null) {
            return RouteDecision.error(ReasonCode.GO_PROXY_UNPARSABLE, "Go " + go.major() + "." + go.minor()
                    + " reads " + var + "=" + Redaction.redact(value) + " as the proxy \"" + proxy.redacted()
                    + "\", which cannot work; the request fails (golang/go#24135)");
        }
        if (proxy.host().isEmpty() || proxy.port() > 65535) {
            return RouteDecision.error(ReasonCode.GO_PROXY_UNPARSABLE, "Go reads " + var + "=" + Redaction.redact(value)
                    + " as the proxy \"" + proxy.redacted() + "\", which " + (proxy.host().isEmpty() ? "has no host" : "has no valid port")
                    + "; the request fails");
        }
        String unknownScheme = "";
        if (!proxy.goSupported(go)) {
            if (proxy.port() < 0) {
                return RouteDecision.error(ReasonCode.GO_PROXY_UNSUPPORTED_SCHEME, "Go's transport has no default port for a "
                        + proxy.scheme() + ":// proxy (" + var + "), so it dials port 0 and the request fails");
            }
            unknownScheme = " (Go's transport treats a " + proxy.scheme() + ":// proxy as an HTTP proxy)";
        }
        String how = proxy.isSocks() && unknownScheme.isEmpty() ? "through the SOCKS proxy" : scheme.equals("https")
                ? "with CONNECT " + hostPort(host, p) + " through" : "as an absolute-URI request through";
        if (fallback) {
            return RouteDecision.proxy(proxy, ReasonCode.GO_PRE116_HTTP_FALLBACK, "Go " + go.major() + "." + go.minor()
                    + " (< 1.16) uses " + var + " for https when HTTPS_PROXY is unset; " + how + " " + proxy.redacted());
        }
        String note = np.code() == null ? "" : "; note: " + noProxyVar + " entry \"" + np.element() + "\" "
                + nomatchWords(np.code());
        if (np.code() == null && ip != null && cveFixed) {
            GoNoProxy.Result before = GoNoProxy.evaluate(noProxy, host, p, null, Version.DEFAULT_GO);
            if (before.matched()) {
                note = "; note: " + noProxyVar + " entry \"" + before.element() + "\" exempted this address before the"
                        + " CVE-2025-22870 fix (Go 1.23.7, 1.24.1); Go " + go.major() + "." + go.minor() + "." + go.patch()
                        + " applies domain entries to names only";
            }
        }
        ReasonCode code = np.code() == null ? ReasonCode.PROXIED : np.code();
        return RouteDecision.proxy(proxy, code, var + " applies to " + scheme + "://" + hostPort(host, p) + ": Go sends it "
                + how + " " + proxy.redacted() + unknownScheme + (unknownScheme.isEmpty() ? proxy.resolutionNote(host, false) : "")
                + note);
    }

    /**
     * x/net/http/httpproxy proxy.go {@code useProxy}: "localhost" (case-sensitive) and loopback IP literals go direct.
     * The host is parsed with net.ParseIP before the CVE-2025-22870 fix (no zone: "::1%lo" is a name), with
     * netip.ParseAddr after it ({@link GoNoProxy#cve2025_22870Fixed}).
     */
    private static RouteDecision loopback(String host, Version go) {
        if (host.equals("localhost")) {
            return RouteDecision.direct(ReasonCode.GO_LOOPBACK, "Go never proxies requests to \"localhost\"");
        }
        byte[] ip = GoIp.parse(host, GoNoProxy.cve2025_22870Fixed(go));
        if (ip != null && GoIp.isLoopback(ip)) {
            return RouteDecision.direct(ReasonCode.GO_LOOPBACK, "Go never proxies requests to loopback address " + host);
        }
        return null;
    }

    private RouteDecision noVariable(String scheme, String httpVar) {
        if (scheme.equals("https")) {
            if (httpVar != null) {
                return RouteDecision.direct(ReasonCode.GO_HTTPS_PROXY_UNSET, "only " + httpVar
                        + " is set and this is an https:// fetch: Go and curl use HTTPS_PROXY for https");
            }
            String all = firstSet("ALL_PROXY", "all_proxy");
            if (all != null) {
                return RouteDecision.direct(ReasonCode.GO_ALL_PROXY_IGNORED, "only " + all
                        + " is set: Go never reads ALL_PROXY, it needs HTTPS_PROXY");
            }
            return RouteDecision.direct(ReasonCode.GO_HTTPS_PROXY_UNSET, "HTTPS_PROXY/https_proxy is not set: Go connects directly");
        }
        String all = firstSet("ALL_PROXY", "all_proxy");
        if (all != null) {
            return RouteDecision.direct(ReasonCode.GO_ALL_PROXY_IGNORED, "only " + all
                    + " is set: Go never reads ALL_PROXY, it needs HTTP_PROXY for http://");
        }
        return RouteDecision.direct(ReasonCode.GO_HTTP_PROXY_UNSET, "HTTP_PROXY/http_proxy is not set: Go connects directly");
    }

    /** Go's getEnvAny: the first name whose value is non-empty. */
    private String firstSet(String upper, String lower) {
        if (config.nonEmpty(upper) != null) {
            return upper;
        }
        return config.nonEmpty(lower) != null ? lower : null;
    }

    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static String matchWords(ReasonCode code) {
        return switch (code) {
            case GO_NOPROXY_STAR -> "(*) exempts every host including";
            case GO_NOPROXY_DOMAIN -> "names the host";
            case GO_NOPROXY_SUBDOMAIN -> "covers subdomains such as";
            case GO_NOPROXY_IP -> "is the IP address";
            case GO_NOPROXY_CIDR -> "is a range containing";
            case GO_NOPROXY_PORT -> "matches host and port of";
            default -> "matches";
        };
    }

    private static String nomatchWords(ReasonCode code) {
        return switch (code) {
            case GO_NOPROXY_NOMATCH_SPACE_SEPARATED -> "is space-separated; Go splits NO_PROXY on commas only, so it matches nothing";
            case GO_NOPROXY_NOMATCH_GLOB -> "is a glob; Go supports only *, .domain and *.domain, so it matches nothing";
            case GO_NOPROXY_NOMATCH_IP_VS_NAME -> "is an address, but the request names a host; Go does not resolve names for NO_PROXY";
            case GO_NOPROXY_NOMATCH_PORT_MISMATCH -> "names another port";
            case GO_NOPROXY_NOMATCH_LEADING_DOT_APEX -> "has a leading dot, which in Go covers subdomains only, not the domain itself";
            default -> "does not match";
        };
    }
}
