package io.proxyaudit.client;

import com.fasterxml.jackson.core.JsonFactory;
import io.proxyaudit.policy.GeneratedProxyCases;
import io.proxyaudit.policy.GeneratedProxyCases.ProxyCase;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.UndiciProxySelector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Differential against undici's real proxy choice as Node's fetch makes it under NODE_USE_ENV_PROXY=1 (issue 19):
 * {@link GeneratedProxyCases} (the Go comparison's seed) plus cases on what undici does its own way (lower case
 * first, an empty lower-case variable, NO_PROXY {@code *}, leading dots and {@code *.}, ports, IPv6, CIDRs,
 * ALL_PROXY, proxy values its ProxyAgent refuses) through {@code src/test/node/undiciprobe.js}, which constructs the
 * EnvHttpProxyAgent bundled in each Node release ({@link NodeReleases}) from the case's environment and sees which
 * inner agent its dispatch picks, and through {@link UndiciProxySelector}. Compared: direct, error, or the proxy's
 * host. Not compared: targets with an IPv6 zone ID, which fetch's URL parser refuses before any proxy rule.
 * Differences must be listed in {@code observed/undici-deliberate-differences.tsv} (matched against
 * {@code undici=VERSION | env | url | undici=... | model=...}). Whether Node reads the variables at all is
 * {@link NodeFetchWireTest}'s. Skipped when no node runs.
 */
class UndiciDifferentialTest {
    private static final Path PROBE = Path.of("src/test/node/undiciprobe.js");
    static final Path DELIBERATE = Path.of("src/test/resources/io/proxyaudit/policy/observed/undici-deliberate-differences.tsv");
    private static final String[][] STRESS_ENVS = {
        {"http_proxy", "", "HTTP_PROXY", "http://up:1"},
        {"https_proxy", "http://low:1", "HTTPS_PROXY", "http://up:2"},
        {"https_proxy", "", "HTTPS_PROXY", "http://up:2", "HTTP_PROXY", "http://h:3"},
        {"HTTP_PROXY", "http://h:3"},
        {"ALL_PROXY", "http://all:1"},
        {"HTTPS_PROXY", "http://p:1", "NO_PROXY", "*"},
        {"HTTPS_PROXY", "http://p:1", "NO_PROXY", "*,other.org"},
        {"HTTPS_PROXY", "http://p:1", "NO_PROXY", " *"},
        {"HTTPS_PROXY", "http://p:1", "NO_PROXY", "*.example.com"},
        {"HTTPS_PROXY", "http://p:1", "NO_PROXY", ".example.com"},
        {"HTTPS_PROXY", "http://p:1", "NO_PROXY", "example.com"},
        {"HTTPS_PROXY", "http://p:1", "NO_PROXY", "*example.com"},
        {"HTTPS_PROXY", "http://p:1", "NO_PROXY", "example.com."},
        {"HTTPS_PROXY", "http://p:1", "NO_PROXY", "example.com:8080 10.1.2.3:443"},
        {"HTTPS_PROXY", "http://p:1", "NO_PROXY", "[::1]:443,::1"},
        {"HTTPS_PROXY", "http://p:1", "NO_PROXY", "[::1],fe80::1"},
        {"HTTPS_PROXY", "http://p:1", "NO_PROXY", "10.0.0.0/8"},
        {"HTTPS_PROXY", "http://p:1", "no_proxy", "", "NO_PROXY", "example.com"},
        {"HTTPS_PROXY", "http://p:1", "NO_PROXY", "example.com:99999999999"},
        {"HTTPS_PROXY", "p:3128"},
        {"HTTPS_PROXY", "socks5://p:1080", "NO_PROXY", "*"},
        {"HTTP_PROXY", "http://user:pa%zzss@p:1"},
        {"HTTP_PROXY", "http://[::1"},
        {"HTTPS_PROXY", "https://p:1", "HTTP_PROXY", "direct"},
    };
    private static final List<String> STRESS_URLS = List.of("https://example.com/r", "https://sub.example.com/r",
            "http://example.com:8080/r", "https://notexample.com/r", "https://example.com./r", "https://[::1]/r",
            "https://10.1.2.3/r", "http://other.org/r");

    @Test
    void modelAgreesWithUndici() throws Exception {
        List<String> skipped = new ArrayList<>();
        List<NodeReleases.Release> releases = new ArrayList<>();
        for (NodeReleases.Release r : NodeReleases.available(skipped)) {
            if (NodeReleases.hasEnvHttpProxyAgent(r)) {
                releases.add(r);
            } else {
                skipped.add("Node " + r.version() + ": its undici " + r.undici() + " has no EnvHttpProxyAgent");
            }
        }
        skipped.forEach(s -> System.out.println("UndiciDifferentialTest: left out " + s));
        Assumptions.assumeTrue(!releases.isEmpty(), "skipped: no Node.js release runs here: " + skipped);
        List<ProxyCase> cases = new ArrayList<>(GeneratedProxyCases.generate(GeneratedProxyCases.SEED, 1200, 8));
        for (String[] kv : STRESS_ENVS) {
            Map<String, String> env = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                env.put(kv[i], kv[i + 1]);
            }
            cases.add(new ProxyCase(cases.size(), env, STRESS_URLS));
        }
        JsonFactory json = new JsonFactory();
        List<String> input = new ArrayList<>();
        for (ProxyCase c : cases) {
            input.add(PythonDifferentialTest.caseJson(json, c.env(), null, c.urls()));
        }
        DeliberateDifferences tally = new DeliberateDifferences(DELIBERATE);
        for (NodeReleases.Release node : releases) {
            List<String> lines = LineProbe.run(List.of(node.node(), "--expose-internals", PROBE.toString()), input);
            int before = tally.total();
            int agreedBefore = tally.agree();
            for (int i = 0; i < cases.size(); i++) {
                ProxyCase c = cases.get(i);
                ProxyConfig.Builder b = ProxyConfig.builder();
                c.env().forEach((k, v) -> b.put(k, v, "--env"));
                b.put("NODE_USE_ENV_PROXY", "1", "--env");
                UndiciProxySelector model = new UndiciProxySelector(b.build());
                String[] answers = PythonDifferentialTest.jsonStrings(json, lines.get(i));
                for (int j = 0; j < c.urls().size(); j++) {
                    String url = c.urls().get(j);
                    if (url.contains("%25")) {
                        continue; // a zone ID: WHATWG new URL refuses the target itself, fetch never requests it
                    }
                    String real = NpmDifferentialTest.probeText(answers, j);
                    Destination d = Destination.ofUrl(url);
                    String mine = NpmDifferentialTest.routeText(model.decide(d.scheme(), d.host(), d.port()));
                    tally.compare(real, mine, () -> "undici=" + node.undici() + " | " + c.envText() + " | " + url
                            + " | undici=" + real + " | model=" + mine);
                }
            }
            System.out.printf("UndiciDifferentialTest: Node %s (undici %s): %d of %d agree%n", node.version(), node.undici(),
                    tally.agree() - agreedBefore, tally.total() - before);
        }
        tally.check("UndiciDifferentialTest", Path.of("target/undiciprobe/differences.txt"));
    }
}
