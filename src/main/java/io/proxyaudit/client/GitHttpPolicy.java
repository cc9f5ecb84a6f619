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
        return git.decideEffective(url(d));
    }

    private static String url(Destination d) {
        return d.origin() + d.path();
    }

    @Override
    public Remedy remedy(ReasonCode code, Destination d) {
        SuggestedProxy proxy = SuggestedProxy.forCurl(config);
        // http.c get_curl_handle: for http:// git reads only lower-case http_proxy (curl's CGI-safety rule)
        String variable = d.scheme().equals("http") ? "http_proxy" : "https_proxy";
        return switch (code) {
            case GIT_HTTPS_PROXY_UNSET -> Remedy.set("git.http.proxy", proxy.url(),
                    proxy.comment("or: export https_proxy=" + proxy.url()));
            case GIT_HTTP_PROXY_UNSET, GIT_HTTP_LOWER_ONLY -> Remedy.set("http_proxy", proxy.url(),
                    proxy.comment("git reads only lower-case http_proxy for http://"));
            case GIT_HTTP_PROXY_EMPTY -> emptyProxyFix(d, proxy);
            // http.c set_curl_proxy_type: http, https, socks4, socks4a, socks5, socks5h
            case CURL_PROXY_UNSUPPORTED_SCHEME -> Remedy.set(settingOr(d, variable), proxy.url(),
                    proxy.comment("curl supports http, https, socks4(a), socks5(h) proxies"));
            case CURL_PROXY_SYNTAX -> Remedy.set(settingOr(d, variable), proxy.url(),
                    proxy.comment("curl cannot parse the current value"));
            // http.c init_curl_proxy_auth: a user without a password makes git prompt, which fails without a terminal
            case GIT_PROXY_PASSWORD_PROMPT -> Remedy.set(settingOr(d, variable), proxy.url(), proxy.comment(null));
            default -> null;
        };
    }

    /** The git key or variable git read the proxy from, else {@code fallback} (lower case wins in git). */
    private String settingOr(Destination d, String fallback) {
        String s = git.proxySetting(url(d));
        return s != null && s.startsWith("git.") ? s : fallback;
    }

    /**
     * http.c {@code var_override}: a variable set to "" replaces the one before it and disables the proxy. Unsetting
     * it is the fix when another setting then supplies a proxy; else it gets the proxy's URL.
     */
    private Remedy emptyProxyFix(Destination d, SuggestedProxy proxy) {
        String key = git.proxySetting(url(d));
        if (key == null) {
            return Remedy.set("git.http.proxy", proxy.url(), proxy.comment(null));
        }
        boolean gitKey = key.startsWith("git.");
        String why = gitKey ? "an empty " + key.substring(4) + " disables git's proxy"
                : "set but empty, it overrides the other proxy variables in git";
        Remedy unset = Remedy.unset(key, why);
        GitProxySelector after = new GitProxySelector(config.with(key, null));
        if (after.decideEffective(url(d)).route() == RouteDecision.Kind.PROXY) {
            return unset;
        }
        return Remedy.set(key, proxy.url(), proxy.comment(why));
    }
}
