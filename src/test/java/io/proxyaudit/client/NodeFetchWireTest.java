package io.proxyaudit.client;

import io.proxyaudit.policy.GeneratedProxyCases;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.RouteDecision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node's built-in {@code fetch()} against {@link NodePolicy}, on the wire: each case runs a real node inside
 * {@code unshare -n} (loopback only) with listeners standing in for two proxies (9001, 9002) and the origin (9003,
 * at 127.0.0.1), and fetch's first connection must be the one the policy names (the origin when direct; a CONNECT or
 * proxy request for the origin to the proxy's port; none, node having exited, when it says the fetch fails). Run for every {@link NodeReleases} release: those that
 * read NODE_USE_ENV_PROXY (22.21 and later in 22, 24) must answer as the policy does; the older ones (the machine's
 * Node 20, 22.20) as the policy does with NODE_USE_ENV_PROXY taken away, which is what its reason claims ("older
 * releases ignore that too"), and they refuse {@code --use-env-proxy} in NODE_OPTIONS at start-up. Skipped with the
 * reason without root, unshare or any node.
 */
class NodeFetchWireTest {
    private static final String A = "http://127.0.0.1:9001";
    private static final String B = "http://127.0.0.1:9002";
    private static final String HTTPS = "https://127.0.0.1:9003/r";
    private static final String HTTP = "http://127.0.0.1:9003/r";

    /**
     * One fetch, then exit: the listeners close without answering, which ends a direct fetch at once but makes
     * undici's ProxyAgent connect again and again, so node is stopped 150 ms after the fetch started (the first
     * connection comes within milliseconds).
     */
    private static final String FETCH = "setTimeout(() => process.exit(0), 150); fetch(process.argv[1]).then(() => {}, () => {})";

    private record Case(Map<String, String> env, String url) {}

    private static Case c(String url, String... kv) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return new Case(env, url);
    }

    private static List<Case> cases() {
        String on = "NODE_USE_ENV_PROXY";
        return List.of(
                c(HTTPS),
                c(HTTPS, "HTTPS_PROXY", A),
                c(HTTPS, on, "1", "HTTPS_PROXY", A),
                c(HTTPS, on, "true", "HTTPS_PROXY", A),
                c(HTTPS, on, "1", "https_proxy", A, "HTTPS_PROXY", B),
                c(HTTPS, on, "1", "https_proxy", "", "HTTPS_PROXY", B),
                c(HTTPS, on, "1", "HTTP_PROXY", A),
                c(HTTP, on, "1", "HTTP_PROXY", A, "HTTPS_PROXY", B),
                c(HTTPS, on, "1", "HTTP_PROXY", A, "HTTPS_PROXY", B),
                c(HTTPS, on, "1", "HTTPS_PROXY", A, "NO_PROXY", "127.0.0.1"),
                c(HTTPS, on, "1", "HTTPS_PROXY", A, "NO_PROXY", "127.0.0.1:9003"),
                c(HTTPS, on, "1", "HTTPS_PROXY", A, "NO_PROXY", "127.0.0.1:443"),
                c(HTTPS, on, "1", "HTTPS_PROXY", A, "no_proxy", "", "NO_PROXY", "127.0.0.1"),
                c(HTTPS, on, "1", "HTTPS_PROXY", A, "NO_PROXY", "*"),
                c(HTTPS, on, "1", "HTTPS_PROXY", A, "NO_PROXY", "0.0.1"),
                c(HTTPS, on, "1", "HTTPS_PROXY", "127.0.0.1:9001"),
                c(HTTP, on, "1", "HTTP_PROXY", A, "HTTPS_PROXY", "socks5://127.0.0.1:9002"),
                c(HTTPS, on, "1", "HTTPS_PROXY", "socks5://127.0.0.1:9002"),
                c(HTTPS, "NODE_OPTIONS", "--use-env-proxy", "HTTPS_PROXY", A),
                c(HTTPS, on, "1", "NODE_OPTIONS", "--no-use-env-proxy", "HTTPS_PROXY", A));
    }

    @Test
    void fetchConnectsWhereThePolicySays(@TempDir Path tmp) throws Exception {
        String why = LoopbackWire.unavailable();
        Assumptions.assumeTrue(why == null, "real node not run in a network namespace: " + why);
        List<String> skipped = new ArrayList<>();
        List<NodeReleases.Release> releases = NodeReleases.available(skipped);
        skipped.forEach(s -> System.out.println("NodeFetchWireTest: left out " + s));
        Assumptions.assumeTrue(!releases.isEmpty(), "skipped: no Node.js release runs here: " + skipped);
        List<Case> cases = cases();
        List<String> commands = new ArrayList<>();
        for (NodeReleases.Release node : releases) {
            for (Case c : cases) {
                commands.add("env -i PATH=\"$PATH\" HOME=/tmp/node-wire-home" + LoopbackWire.assignments(c.env()) + " "
                        + node.node() + " -e '" + FETCH + "' " + c.url());
            }
        }
        Map<Integer, String> seen = LoopbackWire.firstConnections(commands, tmp, 9001, 9002, 9003);
        DeliberateDifferences tally = new DeliberateDifferences(UndiciDifferentialTest.DELIBERATE);
        for (int r = 0; r < releases.size(); r++) {
            NodeReleases.Release node = releases.get(r);
            boolean reads = readsEnvProxy(node.version());
            int agreedBefore = tally.agree();
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                String real = seen.getOrDefault(r * cases.size() + i, "none");
                String expected;
                if (!reads && c.env().containsKey("NODE_OPTIONS")) {
                    expected = "none"; // node exits: "--use-env-proxy is not allowed in NODE_OPTIONS"
                } else {
                    ProxyConfig.Builder b = ProxyConfig.builder();
                    c.env().forEach((k, v) -> {
                        if (reads || !k.equals("NODE_USE_ENV_PROXY")) {
                            b.put(k, v, "--env");
                        }
                    });
                    RouteDecision d = new NodePolicy(b.build()).route(Destination.ofUrl(c.url()));
                    expected = switch (d.route()) {
                        case PROXY -> d.proxyUrl().replaceAll(".*:([0-9]+)/?$", "$1") + (d.proxyUrl().startsWith("socks")
                                ? " socks5h" : " http") + " 127.0.0.1:9003";
                        case ERROR -> "none";
                        default -> "9003 direct -";
                    };
                }
                String e = expected;
                tally.compare(real, expected, () -> "undici=" + node.undici() + " | "
                        + new GeneratedProxyCases.ProxyCase(0, c.env(), List.of()).envText() + " | " + c.url() + " | undici="
                        + routeText(real) + " | model=" + routeText(e));
            }
            System.out.printf("NodeFetchWireTest: Node %s (%s NODE_USE_ENV_PROXY, undici %s): %d of %d cases where the policy says%n",
                    node.version(), reads ? "reads" : "ignores", node.undici(), tally.agree() - agreedBefore, cases.size());
        }
        tally.check("NodeFetchWireTest", Path.of("target/nodewire/differences.txt"), false);
    }

    /** A first connection in the differential tests' words, so their deliberate differences apply here too. */
    private static String routeText(String seen) {
        String[] f = seen.split(" ");
        return f[0].equals("none") ? "error" : f[0].equals("9003") ? "direct" : "proxy 127.0.0.1:" + f[0] + "(" + f[1] + "," + f[2] + ")";
    }

    /** The release notes' rule the policy's reason states: 22.21 and later in 22, 24 and later. */
    private static boolean readsEnvProxy(String version) {
        String[] v = version.split("\\.");
        int major = Integer.parseInt(v[0]);
        return major >= 24 || major == 22 && Integer.parseInt(v[1]) >= 21;
    }
}
