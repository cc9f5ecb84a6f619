package io.proxyaudit.client;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;
import io.proxyaudit.policy.UndiciProxySelector;
import java.util.ArrayList;
import java.util.List;

/**
 * Node.js's built-in fetch: ignores the proxy variables unless NODE_USE_ENV_PROXY=1, then undici's
 * EnvHttpProxyAgent (nodejs/node doc/api/cli.md {@code NODE_USE_ENV_PROXY}; nodejs/undici
 * lib/dispatcher/env-http-proxy-agent.js), modelled by {@link UndiciProxySelector}. Node's http and https modules,
 * which read the variables under the same switch since 22.21 and 24.5, have rules of their own (lib/internal/http.js
 * {@code parseProxyConfigFromEnv}, {@code ProxyConfig.shouldUseProxy}: {@code ||} so an empty lower-case variable
 * does not hide the upper-case one, no http proxy for https, other schemes ignored, NO_PROXY split on commas with
 * {@code *} anywhere and IPv4 ranges); they are not modelled: a capture does not tell them from fetch.
 */
final class NodePolicy implements ClientPolicy {
    private final ProxyConfig config;

    NodePolicy(ProxyConfig config) {
        this.config = config;
    }

    @Override
    public Client client() {
        return Client.NODE;
    }

    @Override
    public RouteDecision route(Destination d) {
        return new UndiciProxySelector(config).decide(d.scheme().equals("http") ? "http" : "https", d.host(), d.port());
    }

    @Override
    public Remedy remedy(ReasonCode code, Destination d) {
        SuggestedProxy proxy = SuggestedProxy.forUndici(config);
        String variable = d.scheme().equals("http") ? "http_proxy" : "https_proxy";
        return switch (code) {
            case NODE_ENV_PROXY_IGNORED -> {
                List<Remedy.Change> changes = new ArrayList<>(List.of(new Remedy.Change("NODE_USE_ENV_PROXY", "1")));
                changes.addAll(proxyChanges(config.with("NODE_USE_ENV_PROXY", "1"), d, variable, proxy));
                yield new Remedy(Remedy.Kind.CHANGES, changes, null, proxy.comment("Node >= 24 or 22.21 reads the proxy"
                        + " variables only with it; older Node needs an undici ProxyAgent in the code"));
            }
            case NODE_PROXY_UNSET, NODE_PROXY_INVALID -> new Remedy(Remedy.Kind.CHANGES, proxyChanges(config, d, variable, proxy), null,
                    proxy.comment("undici reads the lower-case variable first"));
            default -> null;
        };
    }

    /**
     * What else sends {@code d} through the proxy under {@code c}: each proxy variable undici refuses (Node would exit
     * at start-up) replaced by the proxy, then {@code variable} set when the request still does not reach it.
     */
    private static List<Remedy.Change> proxyChanges(ProxyConfig c, Destination d, String variable, SuggestedProxy proxy) {
        List<Remedy.Change> changes = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // at most http_proxy and https_proxy
            String bad = new UndiciProxySelector(c).refusedVariable();
            if (bad == null) {
                break;
            }
            changes.add(new Remedy.Change(bad, proxy.url()));
            c = c.with(bad, Remedy.checkable(proxy.url()));
        }
        RouteDecision after = new NodePolicy(c).route(d);
        if (after.route() != RouteDecision.Kind.PROXY && !(after.reasonCode() != null && after.reasonCode().isExempt())) {
            changes.add(new Remedy.Change(variable, proxy.url()));
        }
        return changes;
    }
}
