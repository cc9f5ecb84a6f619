package io.proxyaudit.policy;

/**
 * Stable reason codes (proxy-semantics.md §6.2, plus the few the audit adds). The wire form is the
 * enum name. "exempt" codes mean a configuration rule deliberately sends the request direct.
 */
public enum ReasonCode {
    PROXIED(false),
    GO_HTTPS_PROXY_UNSET(false),
    GO_HTTP_PROXY_UNSET(false),
    GO_PRE116_HTTP_FALLBACK(false),
    GO_LOOPBACK(true),
    GO_NOPROXY_STAR(true),
    GO_NOPROXY_DOMAIN(true),
    GO_NOPROXY_SUBDOMAIN(true),
    GO_NOPROXY_IP(true),
    GO_NOPROXY_CIDR(true),
    GO_NOPROXY_PORT(true),
    GO_NOPROXY_NOMATCH_SPACE_SEPARATED(false),
    GO_NOPROXY_NOMATCH_GLOB(false),
    GO_NOPROXY_NOMATCH_IP_VS_NAME(false),
    GO_NOPROXY_NOMATCH_PORT_MISMATCH(false),
    GO_NOPROXY_NOMATCH_LEADING_DOT_APEX(false),
    GO_CGI_REFUSED(false),
    GO_PROXY_UNPARSABLE(false),
    GO_PROXY_UNSUPPORTED_SCHEME(false),
    GO_ALL_PROXY_IGNORED(false),
    GO_ENV_READ_ONCE(false),
    GIT_SSH_TRANSPORT(false),
    /** git's ssh command has a ProxyCommand (GIT_SSH_COMMAND, core.sshCommand): ssh connects through it. */
    GIT_SSH_PROXY_COMMAND(false),
    /** git's ssh command has a ProxyJump ({@code -J}): ssh connects to the jump host. */
    GIT_SSH_PROXY_JUMP(false),
    /** Audit: git's ssh command routes through a ProxyCommand/ProxyJump, but the connection went to the host directly. */
    GIT_SSH_PROXY_NOT_USED(false),
    GIT_DAEMON_TRANSPORT(false),
    GIT_HTTP_PROXY_CONFIG(false),
    GIT_HTTP_PROXY_EMPTY(false),
    GIT_HTTPS_ENV(false),
    GIT_HTTPS_PROXY_UNSET(false),
    GIT_HTTP_LOWER_ONLY(false),
    GIT_HTTP_PROXY_UNSET(false),
    GIT_ALL_PROXY(false),
    /** git: the proxy URL names a user without a password; git asks for one before connecting (http.c init_curl_proxy_auth). */
    GIT_PROXY_PASSWORD_PROMPT(false),
    /** git: no remote helper for the URL's scheme as written (an upper-case {@code HTTPS://}). */
    GIT_NO_TRANSPORT(false),
    CURL_PROXY_UNSUPPORTED_SCHEME(false),
    /** curl: the proxy value is no URL curl's parser accepts ("Unsupported proxy syntax"). */
    CURL_PROXY_SYNTAX(false),
    /** curl: {@code <scheme>_proxy} (or HTTPS_PROXY) chose the proxy. */
    CURL_PROXY_ENV(false),
    /** curl: no scheme variable, {@code all_proxy}/{@code ALL_PROXY} chose the proxy. */
    CURL_ALL_PROXY(false),
    /** curl: no proxy variable is set to a non-empty value. */
    CURL_NO_PROXY_VAR(false),
    /** curl: only upper-case HTTP_PROXY is set for an http:// URL, which curl never reads. */
    CURL_HTTP_UPPER_IGNORED(false),
    CURL_NOPROXY_STAR_WHOLE(true),
    CURL_NOPROXY_DOMAIN(true),
    CURL_NOPROXY_IP(true),
    CURL_NOPROXY_CIDR(true),
    CURL_NOPROXY_GLOB(false),
    CURL_NOPROXY_PORT(false),
    CURL_NOPROXY_SPACE_AFTER_FIRST(false),
    CURL_NOPROXY_STAR_IN_LIST(false),
    /** Python (urllib, requests, pip): no https_proxy/HTTPS_PROXY (requests: nor all_proxy) for https://. */
    PY_HTTPS_PROXY_UNSET(false),
    /** Python: no http_proxy/HTTP_PROXY (requests: nor all_proxy) for http://. */
    PY_HTTP_PROXY_UNSET(false),
    /** Python: the lower-case variable is set but empty, which deletes the entry (request.py getproxies_environment). */
    PY_PROXY_EMPTY(false),
    /** Python: REQUEST_METHOD is set (CGI), upper-case HTTP_PROXY is dropped (CVE-2016-1000110). */
    PY_CGI_REFUSED(false),
    /** Python: the proxy value cannot be used (no host, a scheme urllib3 has no manager for); the request fails. */
    PY_PROXY_INVALID(false),
    PY_NOPROXY_STAR(true),
    PY_NOPROXY_DOMAIN(true),
    PY_NOPROXY_IP(true),
    /** requests: an IPv4 host inside an IPv4 CIDR of NO_PROXY. */
    PY_NOPROXY_CIDR(true),
    /** The JVM (any Java program): no proxy system property for the scheme; the JVM ignores HTTP(S)_PROXY. */
    JAVA_PROXY_UNSET(false),
    /** Maven: no settings.xml proxy and no JVM proxy property for the scheme; the JVM ignores HTTP(S)_PROXY. */
    MAVEN_PROXY_UNSET(false),
    /** Maven: the settings.xml proxy for the scheme has {@code <active>false</active>}. */
    MAVEN_PROXY_INACTIVE(false),
    /** Maven: the settings.xml proxy's nonProxyHosts matches the repository host. */
    MAVEN_NONPROXYHOSTS(true),
    /** Gradle: no JVM proxy property (GRADLE_OPTS, systemProp.* in gradle.properties); the JVM ignores HTTP(S)_PROXY. */
    GRADLE_PROXY_UNSET(false),
    /** The JVM: http.nonProxyHosts (used for https too) matches the host. */
    JVM_NONPROXYHOSTS(true),
    /** The JVM: its built-in non-proxy hosts (localhost|127.*|[::1]|0.0.0.0|[::0]) match the host. */
    JVM_NONPROXYHOSTS_DEFAULT(true),
    /** The JVM: the proxy port property is no port number (InetSocketAddress refuses it); the request fails. */
    JVM_PROXY_PORT_INVALID(false),
    /** npm: neither https-proxy/proxy configured nor https_proxy/HTTPS_PROXY in the environment (HTTP_PROXY is not read for https). */
    NPM_PROXY_UNSET(false),
    /** npm: a noproxy / NO_PROXY entry matches the host label by label. */
    NPM_NOPROXY_DOMAIN(true),
    /** npm: the proxy value is no URL with a scheme @npmcli/agent supports; the request fails. */
    NPM_PROXY_INVALID(false),
    /** Node.js: fetch and https ignore the proxy variables unless NODE_USE_ENV_PROXY=1 (Node >= 24, 22.21). */
    NODE_ENV_PROXY_IGNORED(false),
    /** Node.js with NODE_USE_ENV_PROXY: no proxy variable applies to the scheme (undici EnvHttpProxyAgent). */
    NODE_PROXY_UNSET(false),
    /**
     * Node.js with NODE_USE_ENV_PROXY: a proxy variable undici's ProxyAgent refuses (not an http:// or https:// URL
     * without path, query or fragment); Node builds both agents at start-up, so it exits before any fetch.
     */
    NODE_PROXY_INVALID(false),
    /** Node.js with NODE_USE_ENV_PROXY: NO_PROXY matches (undici: '*', exact or dot-suffix, port when given). */
    NODE_NOPROXY(true),
    /** cargo: no CARGO_HTTP_PROXY, http.proxy or git http.proxy, and libcurl finds no proxy variable for the scheme. */
    CARGO_PROXY_UNSET(false),
    /** cargo: CARGO_HTTP_PROXY, http.proxy or git's http.proxy is set but empty, which turns libcurl's proxy off. */
    CARGO_PROXY_EMPTY(false),
    /** cargo: the proxy value is one libcurl refuses (scheme, syntax); the request fails. */
    CARGO_PROXY_INVALID(false),
    /** Docker: pulls are made by dockerd, whose proxy (daemon.json proxies, its service environment) is not set here. */
    DOCKER_DAEMON_PROXY_UNSET(false),
    /** Docker: daemon.json no-proxy matches the registry (Go's NO_PROXY rules in dockerd). */
    DOCKER_DAEMON_NOPROXY(true),
    GOPROXY_NOT_CONTACTED_GONOPROXY(false),
    GOPROXY_FALLBACK_404(false),
    GOPROXY_FALLBACK_PIPE(false),
    GOPROXY_STOP_COMMA_ERROR(false),
    GOPROXY_OFF(false),
    GOPROXY_INVALID(false),
    SUMDB_VIA_PROXY(false),
    SUMDB_DIRECT_NOT_SUPPORTED(false),
    SUMDB_EXPLICIT_URL(false),
    SUMDB_SKIPPED_GONOSUMDB(false),
    SUMDB_OFF(false),
    /** Audit: nothing in the configuration names a proxy. */
    NO_PROXY_CONFIGURED(false),
    /** Audit: a proxy applies, the connection went direct, and the client is neither cmd/go nor git. */
    NOT_GO_OR_GIT_CLIENT(false),
    /** Audit: a Go or git client went direct although its own rules select the proxy (other environment). */
    CLIENT_IGNORED_PROXY(false),
    /** Audit: a Go endpoint was resolved locally while a proxy applies to it. */
    DNS_LOOKUP_WHILE_PROXIED(false),
    /**
     * Audit: a local lookup of a name that a SOCKS request then carried as an address (socks5://, socks4://: the
     * client resolves the name itself), or that git's socks5:// or socks4:// proxy makes it resolve: the name left
     * through the local resolver although the connection went through the proxy.
     */
    SOCKS_LOCAL_RESOLUTION(false),
    /** Audit: DNS traffic itself; HTTP proxies do not carry it. */
    DNS_NOT_PROXIED(true),
    /**
     * Audit: no configuration named a proxy, the capture shows one in use, and under the assumption that
     * HTTP_PROXY and HTTPS_PROXY named it this direct fetch bypassed it (audit.ProxyAssumption).
     */
    PROXY_SEEN_NOT_CONFIGURED(false),
    /** Audit: a connection to a proxy that is not (or cannot be) tied to a target. */
    PROXY_CONNECTION(false),
    /** Audit: a direct connection to a loopback address (127.0.0.0/8, ::1), which no proxy elsewhere could reach. */
    LOOPBACK(true),
    /** Audit: QUIC (HTTP/3) sent direct while a proxy applies; no HTTP proxy carries QUIC. */
    QUIC_BYPASS(false),
    /** Audit, verdict not-proxyable: sent to the IPv4 limited broadcast address 255.255.255.255. */
    NOT_PROXYABLE_BROADCAST(false),
    /** Audit, verdict not-proxyable: sent to a multicast group (224.0.0.0/4, ff00::/8). */
    NOT_PROXYABLE_MULTICAST(false),
    /** Audit, verdict not-proxyable: to a link-local address (169.254.0.0/16, fe80::/10), reachable on this link only. */
    NOT_PROXYABLE_LINK_LOCAL(false),
    /** Audit, verdict not-proxyable: a local network service over UDP (DHCP, DHCPv6, NTP, mDNS, LLMNR, SSDP, NetBIOS). */
    NOT_PROXYABLE_LOCAL_SERVICE(false),
    /** Audit, verdict not-proxyable: UDP that is neither DNS nor QUIC on port 443; HTTP proxies carry TCP only. */
    NOT_PROXYABLE_UDP(false),
    /** Audit, verdict not-proxyable: TCP carrying no HTTP or TLS, to no fetch port and no catalogued endpoint. */
    NOT_PROXYABLE_TCP(false);

    private final boolean exempt;

    ReasonCode(boolean exempt) {
        this.exempt = exempt;
    }

    /** True when the code names a rule that deliberately sends the request direct (NO_PROXY, loopback). */
    public boolean isExempt() {
        return exempt;
    }
}
