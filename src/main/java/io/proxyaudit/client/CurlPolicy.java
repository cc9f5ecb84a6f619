package io.proxyaudit.client;

import io.proxyaudit.policy.CurlProxySelector;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;

/**
 * The curl command with the environment alone (no {@code -x}, no {@code .curlrc} proxy): libcurl's own choice,
 * curl lib/url.c {@code create_conn_helper_init_proxy} and {@code detect_proxy}, modelled by
 * {@link CurlProxySelector} and checked against the real curl in a network namespace ({@code CurlGitWireTest}).
 * The trap it shows: for http:// curl reads only lower-case {@code http_proxy}, never {@code HTTP_PROXY}.
 */
final class CurlPolicy implements ClientPolicy {
    private final ProxyConfig config;
    private final CurlProxySelector curl;

    CurlPolicy(ProxyConfig config) {
        this.config = config;
        this.curl = new CurlProxySelector(config);
    }

    @Override
    public Client client() {
        return Client.CURL;
    }

    @Override
    public RouteDecision route(Destination d) {
        String scheme = d.scheme().equals("http") ? "http" : "https";
        return curl.decide(new Destination(scheme, d.host(), d.port(), null, "/").origin() + "/");
    }

    @Override
    public Remedy remedy(ReasonCode code, Destination d) {
        SuggestedProxy proxy = SuggestedProxy.forCurl(config);
        // lib/url.c detect_proxy: lower-case <scheme>_proxy is read first for both schemes, the only one for http://
        String variable = d.scheme().equals("http") ? "http_proxy" : "https_proxy";
        return switch (code) {
            case CURL_HTTP_UPPER_IGNORED -> Remedy.set("http_proxy", proxy.url(),
                    proxy.comment("curl reads only lower-case http_proxy for http://, never HTTP_PROXY"));
            case CURL_NO_PROXY_VAR -> Remedy.set(variable, proxy.url(), proxy.comment(null));
            // lib/url.c parse_proxy: http, https, socks4, socks4a, socks5, socks5h; anything else stops the transfer
            case CURL_PROXY_UNSUPPORTED_SCHEME -> Remedy.set(variable, proxy.url(),
                    proxy.comment("curl supports http, https, socks4(a), socks5(h) proxies"));
            case CURL_PROXY_SYNTAX -> Remedy.set(variable, proxy.url(), proxy.comment("curl cannot parse the current value"));
            default -> null;
        };
    }
}
