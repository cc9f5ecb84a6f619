package io.proxyaudit.client;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.PythonProxySelector;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;

/**
 * Python programs ({@link Client#PYTHON}: requests, whose rules include urllib's) and pip ({@link Client#PIP}: its
 * vendored requests plus its own proxy option), modelled by {@link PythonProxySelector}: python/cpython
 * Lib/urllib/request.py {@code getproxies_environment}, {@code proxy_bypass_environment}; psf/requests
 * src/requests/utils.py {@code should_bypass_proxies}, {@code get_environ_proxies}, {@code select_proxy}; pypa/pip
 * src/pip/_internal/cli/index_command.py {@code _build_session}.
 */
final class PythonPolicy implements ClientPolicy {
    private final Client client;
    private final ProxyConfig config;
    private final PythonProxySelector requests;

    PythonPolicy(Client client, ProxyConfig config) {
        this.client = client;
        this.config = config;
        this.requests = new PythonProxySelector(config, PythonProxySelector.Flavor.REQUESTS);
    }

    @Override
    public Client client() {
        return client;
    }

    @Override
    public RouteDecision route(Destination d) {
        if (client == Client.PIP) {
            RouteDecision pip = requests.decidePip(d.scheme());
            if (pip != null) {
                return pip;
            }
        }
        int port = d.port() == defaultPort(d.scheme()) ? -1 : d.port();
        return requests.decide(d.scheme(), d.host(), port);
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("http") ? 80 : 443;
    }

    /**
     * Lower case wins in Python (request.py getproxies_environment), so the fix sets the lower-case variable: it
     * works whatever the upper-case one holds, and under CGI too. pip and Python share the fix.
     */
    @Override
    public Remedy remedy(ReasonCode code, Destination d) {
        SuggestedProxy proxy = SuggestedProxy.forCurl(config);
        String variable = d.scheme().equals("http") ? "http_proxy" : "https_proxy";
        if (client == Client.PIP && code == ReasonCode.PY_PROXY_INVALID) {
            String key = config.nonEmpty("PIP_PROXY") != null ? "PIP_PROXY" : config.nonEmpty("pip.proxy") != null ? "pip.proxy" : null;
            if (key != null) {
                return Remedy.set(key, proxy.url(), proxy.comment("pip needs scheme://host:port"));
            }
        }
        return switch (code) {
            case PY_HTTPS_PROXY_UNSET, PY_HTTP_PROXY_UNSET -> Remedy.set(variable, proxy.url(),
                    proxy.comment("Python reads " + variable + " (lower case wins) for " + d.scheme() + "://"));
            case PY_PROXY_EMPTY -> config.nonEmpty(variable.toUpperCase(java.util.Locale.ROOT)) != null
                    && requests.parse(config.get(variable.toUpperCase(java.util.Locale.ROOT)), d.scheme()) != null
                    ? Remedy.unset(variable, "set but empty, it hides " + variable.toUpperCase(java.util.Locale.ROOT) + " in Python")
                    : Remedy.set(variable, proxy.url(), proxy.comment("set but empty, it hides the upper-case variable in Python"));
            case PY_CGI_REFUSED -> Remedy.set("http_proxy", proxy.url(),
                    proxy.comment("under CGI (REQUEST_METHOD set) Python reads only lower-case http_proxy"));
            case PY_PROXY_INVALID -> Remedy.set(variable, proxy.url(),
                    proxy.comment("requests needs scheme://host:port (http, https, socks5h with PySocks)"));
            default -> null;
        };
    }
}
