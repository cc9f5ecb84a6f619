package io.proxyaudit.client;

import io.proxyaudit.policy.CurlProxySelector;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;

/**
 * cargo: rust-lang/cargo src/util/network/proxy.rs {@code http_proxy}: cargo's {@code http.proxy} (CARGO_HTTP_PROXY
 * wins over .cargo/config.toml), else git's {@code http.proxy} from git's configuration files (libgit2); when one is
 * found, even set but empty, src/util/network/http.rs {@code HandleConfiguration::configure} sets libcurl's
 * CURLOPT_PROXY to it (empty: off), else libcurl reads the environment itself ({@link CurlProxySelector}, the same as
 * curl; NO_PROXY applies either way). cargo 1.65 (src/cargo/ops/registry.rs) is the same. Measured against the real
 * cargo 1.65 and 1.95 by CargoWireTest.
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
        Setting setting = setting();
        if (setting != null) {
            return curl.decideWithProxy(url, setting.value(), setting.name(), "cargo");
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

    /** The proxy cargo hands libcurl and its name for people. */
    private record Setting(String value, String name) {}

    /**
     * cargo's proxy setting, or null (then libcurl reads the environment). Set but empty counts: cargo passes "" on,
     * which turns libcurl's proxy off. git's http.proxy is read by libgit2 ({@code git2::Config::open_default}): from
     * the configuration files only, never git's command-line scope (GIT_CONFIG_COUNT, GIT_CONFIG_PARAMETERS).
     */
    private Setting setting() {
        if (config.get("CARGO_HTTP_PROXY") != null) {
            return new Setting(config.get("CARGO_HTTP_PROXY"), "CARGO_HTTP_PROXY");
        }
        if (config.get("cargo.http.proxy") != null) {
            return new Setting(config.get("cargo.http.proxy"), "http.proxy in .cargo/config.toml");
        }
        ProxyConfig.Value git = config.gitFileConfig("http.proxy");
        return git == null ? null : new Setting(git.raw(), "git's http.proxy (cargo reads git's global configuration)");
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
