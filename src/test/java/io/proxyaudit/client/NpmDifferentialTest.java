package io.proxyaudit.client;

import com.fasterxml.jackson.core.JsonFactory;
import io.proxyaudit.policy.GeneratedProxyCases;
import io.proxyaudit.policy.GeneratedProxyCases.ProxyCase;
import io.proxyaudit.policy.NpmProxySelector;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.RouteDecision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Differential against npm's real proxy choice (issue 19): {@link GeneratedProxyCases} (the Go comparison's seed)
 * plus generated npm configuration ({@code proxy}, {@code https-proxy}, {@code noproxy}) through
 * {@code src/test/node/npmprobe.js}, which loads the installed npm's @npmcli/agent and calls its {@code getProxy} as
 * npm does, and through {@link NpmProxySelector}. Compared: direct, error, or the proxy's host. Not compared: npm's
 * config loading ({@code npm_config_*}, .npmrc precedence; the probe is given the resolved values); target URLs with
 * an IPv6 zone ID, which npm's URL parser refuses before any proxy rule. Differences must be
 * listed in {@code observed/npm-deliberate-differences.tsv}. Skipped when node or npm's @npmcli/agent is missing.
 */
class NpmDifferentialTest {
    private static final Path PROBE = Path.of("src/test/node/npmprobe.js");
    private static final Path DELIBERATE = Path.of("src/test/resources/io/proxyaudit/policy/observed/npm-deliberate-differences.tsv");
    private static final String[] CONFIG_PROXIES = {null, null, null, "http://c:1", "https://c:2", "socks5://c:3", "c:4", ""};
    private static final String[] CONFIG_NOPROXY = {null, null, "example.com", ".org", "*", "10.1.2.3,corp"};
    private static final Pattern HOST = Pattern.compile("//(?:[^@/]*@)?(\\[[^\\]]*\\]|[^:/]*)");

    @Test
    void modelAgreesWithNpmsAgent() throws Exception {
        Path agent = agentDir();
        List<ProxyCase> cases = GeneratedProxyCases.generate(GeneratedProxyCases.SEED, 1200, 8);
        Random r = new Random(19_0002L);
        JsonFactory json = new JsonFactory();
        List<String> input = new ArrayList<>();
        List<Map<String, String>> configs = new ArrayList<>();
        for (ProxyCase c : cases) {
            Map<String, String> config = new LinkedHashMap<>();
            put(config, "proxy", CONFIG_PROXIES[r.nextInt(CONFIG_PROXIES.length)]);
            put(config, "httpsProxy", CONFIG_PROXIES[r.nextInt(CONFIG_PROXIES.length)]);
            put(config, "noProxy", CONFIG_NOPROXY[r.nextInt(CONFIG_NOPROXY.length)]);
            configs.add(config);
            input.add(PythonDifferentialTest.caseJson(json, c.env(), config, c.urls()));
        }
        List<String> lines = LineProbe.run(List.of("node", PROBE.toString(), agent.toString()), input);
        DeliberateDifferences tally = new DeliberateDifferences(DELIBERATE);
        for (int i = 0; i < cases.size(); i++) {
            ProxyCase c = cases.get(i);
            ProxyConfig.Builder b = ProxyConfig.builder();
            c.env().forEach((k, v) -> b.put(k, v, "--env"));
            configs.get(i).forEach((k, v) -> b.put("npm." + switch (k) {
                case "httpsProxy" -> "https-proxy";
                case "noProxy" -> "noproxy";
                default -> k;
            }, v, ".npmrc"));
            NpmProxySelector model = new NpmProxySelector(b.build());
            String[] answers = PythonDifferentialTest.jsonStrings(json, lines.get(i));
            for (int j = 0; j < c.urls().size(); j++) {
                String url = c.urls().get(j);
                if (url.contains("%25")) {
                    continue; // a zone ID: WHATWG new URL refuses the target itself, npm never requests such a URL
                }
                String real = probeText(answers, j);
                Destination d = Destination.ofUrl(url);
                String mine = routeText(model.decide(d.scheme(), d.host()));
                int at = i;
                tally.compare(real, mine, () -> c.envText() + " | " + configs.get(at) + " | " + url + " | npm=" + real
                        + " | model=" + mine);
            }
        }
        tally.check("NpmDifferentialTest", Path.of("target/npmprobe/differences.txt"));
    }

    /** The node probe's answer for the {@code j}th URL of its line: {@code direct}, {@code error} or {@code proxy host}. */
    static String probeText(String[] answers, int j) {
        return answers[2 * j] + (answers[2 * j].equals("proxy") ? " " + answers[2 * j + 1].toLowerCase(java.util.Locale.ROOT) : "");
    }

    /** {@code direct}, {@code error} or {@code proxy HOST} (IPv6 in brackets), as the node probes answer. */
    static String routeText(RouteDecision m) {
        String mine = m.route().wire();
        if (m.route() == RouteDecision.Kind.PROXY) {
            Matcher h = HOST.matcher(m.proxyUrl());
            mine += " " + (h.find() ? h.group(1) : "?");
        }
        return mine;
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    /** The installed npm's @npmcli/agent, or the test is skipped. */
    private static Path agentDir() throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("npm", "root", "-g").redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("skipped: npm is not installed (" + e.getMessage() + ")");
            return null;
        }
        String root = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        Path agent = Path.of(root, "npm", "node_modules", "@npmcli", "agent");
        Assumptions.assumeTrue(p.waitFor() == 0 && Files.isRegularFile(agent.resolve("lib/proxy.js")),
                () -> "skipped: no @npmcli/agent in the installed npm (" + agent + ")");
        return agent;
    }
}
