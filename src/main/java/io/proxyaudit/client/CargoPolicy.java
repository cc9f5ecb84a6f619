package io.proxyaudit.client;

import io.proxyaudit.policy.CurlProxySelector;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;

/**
 * cargo: rust-lang/cargo src/util/network/proxy.rs {@code http_proxy}: cargo's {@code http.proxy} (CARGO_HTTP_PROXY
 * wins over .cargo/config.toml), else git's global {@code http.proxy}; when one is found,
 * src/util/network/http.rs {@code HandleConfiguration::configure} sets libcurl's CURLOPT_PROXY to it (empty: off),
 * else libcurl reads the environment itself ({@link CurlProxySelector}, the same as curl; NO_PROXY applies either way).
 */
final class CargoPolicy implements ClientPolicy {
    private final ProxyConfig config;

    CargoPolicy(ProxyConfig config) {
        this.config = config;
    }

    @Override
    public Client client() {
        return Client.CARGO;
    }

    @Override
    public RouteDecision route(Destination d) {
        String scheme = d.scheme().equals("http") ? "http" : "https";
        String url = new Destination(scheme, d.host(), d.port(), null, "/").origin() + "/";
        CurlProxySelector curl = new CurlProxySelector(config);
        String[] setting = setting();
        if (setting != null) {
            return curl.decideWithProxy(url, config.get(setting[0]), setting[1], "cargo");
        }
        RouteDecision r = curl.decide(url);
        ReasonCode code = r.reasonCode();
        if (code == ReasonCode.CURL_NO_PROXY_VAR || code == ReasonCode.CURL_HTTP_UPPER_IGNORED) {
            return new RouteDecision(r.route(), r.proxyUrl(), ReasonCode.CARGO_PROXY_UNSET, "no http.proxy or"
                    + " CARGO_HTTP_PROXY, and libcurl: " + r.reason().replace("curl connects", "cargo connects"));
        }
        if (r.route() == RouteDecision.Kind.ERROR) {
            return new RouteDecision(r.route(), null, ReasonCode.CARGO_PROXY_INVALID, r.reason());
        }
        return new RouteDecision(r.route(), r.proxyUrl(), code, r.reason().replace("curl ", "cargo (libcurl) "));
    }

    /** The key cargo takes its proxy from and its name for people, or null (then libcurl reads the environment). */
    private String[] setting() {
        if (config.get("CARGO_HTTP_PROXY") != null) {
            return new String[] {"CARGO_HTTP_PROXY", "CARGO_HTTP_PROXY"};
        }
        if (config.get("cargo.http.proxy") != null) {
            return new String[] {"cargo.http.proxy", "http.proxy in .cargo/config.toml"};
        }
        for (var e : config.values().entrySet()) {
            if (e.getKey().equalsIgnoreCase("git.http.proxy") && !e.getValue().raw().isEmpty()) {
                return new String[] {e.getKey(), "git's http.proxy (cargo reads git's global configuration)"};
            }
        }
        return null;
    }

    @Override
    public Remedy remedy(ReasonCode code, Destination d) {
        SuggestedProxy proxy = SuggestedProxy.forCurl(config);
        return switch (code) {
            case CARGO_PROXY_UNSET, CARGO_PROXY_EMPTY, CARGO_PROXY_INVALID -> Remedy.set("CARGO_HTTP_PROXY", proxy.url(),
                    proxy.comment("cargo's own proxy setting (or http.proxy in .cargo/config.toml)"));
            default -> null;
        };
    }
}
