package io.proxyaudit.client;

import io.proxyaudit.policy.CurlProxySelector;
import io.proxyaudit.policy.GitProxySelector;
import io.proxyaudit.policy.HostPort;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.RouteDecision;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The decision table {@code route-cases.tsv} (proxy-semantics.md §6.3 plus extra rows) and the observations of
 * the real programs beside it, read for the client policies: each row names a client ({@code go}, {@code git},
 * {@code curl}: plain curl, which has no capture client of its own and is decided by {@link CurlProxySelector}),
 * a configuration and a URL; {@link #decide} asks that client's {@link ClientPolicy} for the route.
 */
final class RouteCases {
    private static final String DIR = "/io/proxyaudit/policy/";

    private RouteCases() {}

    /** The tab-separated rows of {@code name} (under the policy test resources), without comments and blank lines. */
    static List<String[]> read(String name) throws IOException {
        List<String[]> rows = new ArrayList<>();
        InputStream in = RouteCases.class.getResourceAsStream(DIR + name);
        if (in == null) {
            throw new IOException("test resource missing: " + DIR + name);
        }
        try (BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = br.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t", -1));
                }
            }
        }
        return rows;
    }

    /** Adds the row's {@code K=V;K=V} environment ({@code -}: none) to {@code b}. */
    static ProxyConfig.Builder env(ProxyConfig.Builder b, String env) {
        if (env != null && !env.equals("-")) {
            for (String kv : env.split(";")) {
                int eq = kv.indexOf('=');
                b.put(kv.substring(0, eq), kv.substring(eq + 1), "--env");
            }
        }
        return b;
    }

    /**
     * The route {@code client} takes to {@code url}: Go's client for {@code go}; for {@code git} the URL is the
     * remote cmd/go hands to git, so {@code insteadOf} rewrites it first and the rewritten URL picks the transport.
     */
    static RouteDecision decide(ProxyConfig config, String client, String url, String resolvedIp) {
        if (client.equals("curl")) {
            return new CurlProxySelector(config).decide(url);
        }
        ClientPolicies policies = ClientPolicies.of(config);
        if (client.equals("go")) {
            Destination d = Destination.ofUrl(url); // as explain --client go reads a URL
            return policies.policy(Client.GO_HTTP).route(new Destination(d.scheme(), d.host(), d.port(), resolvedIp, d.path()));
        }
        String effective = new GitProxySelector(config).rewrite(url);
        return policies.policy(Client.gitTransport(effective)).route(destination(effective, resolvedIp));
    }

    /** {@code scheme://host[:port]/path} or scp-like {@code [user@]host:path} as a {@link Destination}. */
    static Destination destination(String url, String resolvedIp) {
        int sep = url.indexOf("://");
        if (sep < 0) {
            int colon = url.indexOf(':');
            return new Destination("ssh", url.substring(url.indexOf('@') + 1, colon), 22, resolvedIp, "/" + url.substring(colon + 1));
        }
        String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
        HostPort hp = HostPort.ofUrl(url);
        int slash = url.indexOf('/', sep + 3);
        String path = slash < 0 ? "/" : url.substring(slash);
        int port = hp.port() >= 0 ? hp.port() : switch (scheme) {
            case "https" -> 443;
            case "http" -> 80;
            case "git" -> 9418;
            default -> 22;
        };
        return new Destination(scheme, hp.host(), port, resolvedIp, path);
    }
}
