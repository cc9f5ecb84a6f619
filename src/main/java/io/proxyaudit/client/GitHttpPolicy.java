package io.proxyaudit.client;

import io.proxyaudit.policy.GitProxySelector;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;

/**
 * git over http(s): git sets libcurl's proxy itself in git/git http.c {@code get_curl_handle} (http.proxy,
 * {@code http.<url>.proxy}, then {@code var_override} over HTTPS_PROXY/https_proxy, http_proxy, ALL_PROXY/all_proxy:
 * lower case wins, set-but-empty disables), then libcurl's NO_PROXY (curl lib/noproxy.c
 * {@code Curl_check_noproxy}); modelled by {@link GitProxySelector} and {@code CurlNoProxy}.
 */
final class GitHttpPolicy implements ClientPolicy {
    private final ProxyConfig config;
    private final GitProxySelector git;

    GitHttpPolicy(ProxyConfig config, GitProxySelector git) {
        this.config = config;
        this.git = git;
    }

    @Override
    public Client client() {
        return Client.GIT_HTTP;
    }

    /** The URL git connects to, as seen in a capture: no {@code insteadOf} rewriting (it happened before). */
    @Override
    public RouteDecision route(Destination d) {
        int port = d.port();
        return git.decideEffective(d.scheme() + "://" + d.hostText() + (port == 443 || port == 80 ? "" : ":" + port)
                + d.path());
    }

    @Override
    public String remediation(ReasonCode code, String host, int port) {
        String proxy = SuggestedProxy.of(config);
        return switch (code) {
            case GIT_HTTPS_PROXY_UNSET -> "git config --global http.proxy " + proxy + "   # or: export https_proxy=" + proxy;
            // http.c get_curl_handle: for http:// git reads only lower-case http_proxy (curl's CGI-safety rule)
            case GIT_HTTP_PROXY_UNSET, GIT_HTTP_LOWER_ONLY -> "export http_proxy=" + proxy
                    + "   # git reads only lower-case http_proxy for http://";
            case GIT_HTTP_PROXY_EMPTY -> emptyProxyFix(proxy);
            // http.c set_curl_proxy_type: http, https, socks4, socks4a, socks5, socks5h
            case CURL_PROXY_UNSUPPORTED_SCHEME -> "export https_proxy=" + proxy
                    + "   # curl supports http, https, socks4(a), socks5(h) proxies";
            default -> null;
        };
    }

    /** http.c {@code var_override}: a variable set to "" replaces the one before it and disables the proxy. */
    private String emptyProxyFix(String proxy) {
        if ("".equals(config.get("git.http.proxy"))) {
            return "git config --global --unset http.proxy   # an empty http.proxy disables git's proxy";
        }
        for (String v : new String[] {"https_proxy", "HTTPS_PROXY", "http_proxy", "all_proxy", "ALL_PROXY"}) {
            if ("".equals(config.get(v))) {
                return "unset " + v + "   # set but empty, it overrides the other proxy variables in git";
            }
        }
        return "git config --global http.proxy " + proxy;
    }
}
