package io.proxyaudit.client;

import io.proxyaudit.policy.NpmProxySelector;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;

/**
 * npm: its {@code https-proxy}/{@code proxy}/{@code noproxy} configuration, then @npmcli/agent's environment rules
 * (npm/cli workspaces/config/lib/definitions/definitions.js; npm/npm-registry-fetch lib/index.js; npm/agent
 * lib/proxy.js {@code getProxy}, {@code isNoProxy}), modelled by {@link NpmProxySelector}.
 */
final class NpmPolicy implements ClientPolicy {
    private final ProxyConfig config;
    private final NpmProxySelector npm;

    NpmPolicy(ProxyConfig config) {
        this.config = config;
        this.npm = new NpmProxySelector(config);
    }

    @Override
    public Client client() {
        return Client.NPM;
    }

    @Override
    public RouteDecision route(Destination d) {
        return npm.decide(d.scheme().equals("http") ? "http" : "https", d.host());
    }

    /** npm_config_https_proxy: the environment wins over .npmrc, and npm uses it for http and https registries. */
    @Override
    public Remedy remedy(ReasonCode code, Destination d) {
        SuggestedProxy proxy = SuggestedProxy.forCurl(config);
        return switch (code) {
            case NPM_PROXY_UNSET -> Remedy.set("npm_config_https_proxy", proxy.url(), proxy.comment("npm does not read"
                    + " HTTP_PROXY for https://; or: npm config set https-proxy " + proxy.url()));
            case NPM_PROXY_INVALID -> Remedy.set("npm_config_https_proxy", proxy.url(),
                    proxy.comment("npm needs http://, https:// or socks:// in front"));
            default -> null;
        };
    }
}
