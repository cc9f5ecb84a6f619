package io.proxyaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedDns;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.client.Client;
import io.proxyaudit.client.ClientFingerprints;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.testutil.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * End to end on the lab captures of {@code samples/}: for every host of every truth file (made from the origin
 * servers' and the proxy's own logs, not from our parser), {@code analyze} must give the same route and verdict,
 * with no tolerance; the DNS names the client asked (dnsmasq's log) must all be seen.
 *
 * <p>The package managers' samples (r- to u-: pip, npm, Node's fetch, Maven, Java, cargo) are held to the same
 * routes and verdicts, except where the common rules that judge these clients until their own policies exist give
 * another verdict ({@link #VERDICT_PENDING}: route only); their flows are attributed by ClientHello fingerprint
 * ({@code ClientFingerprints}) until the detector names these clients (issue 19).
 */
class SamplesTruthTest {
    static final Path SAMPLES = Path.of("samples");
    /** Truth clients the detector does not name yet: their flows are found by route and ClientHello fingerprint. */
    static final Set<String> BY_FINGERPRINT = Set.of("pip", "python", "npm", "node", "maven", "java", "gradle", "cargo");
    /**
     * Hosts whose truth verdict needs a client's own policy: Node's fetch reads no NO_PROXY (nor any proxy
     * variable), so its direct fetch is a bypass, where the common rules call it NO_PROXY-exempt.
     */
    static final Set<String> VERDICT_PENDING = Set.of("u-registries-no-proxy registry.npmjs.org 443");

    @TestFactory
    Stream<DynamicTest> everySampleMatchesItsTruth() throws IOException {
        List<Path> truths;
        try (Stream<Path> s = Files.list(SAMPLES)) {
            truths = s.map(d -> d.resolve("truth.json")).filter(Files::isRegularFile).sorted().toList();
        }
        assertTrue(truths.size() >= 10, "expected the lab samples under samples/, found " + truths.size());
        return truths.stream().map(t -> DynamicTest.dynamicTest(t.getParent().getFileName().toString(), () -> check(t)));
    }

    @SuppressWarnings("unchecked")
    static void check(Path truthFile) throws Exception {
        Map<String, Object> truth = Json.object(Files.readString(truthFile));
        Path dir = truthFile.getParent();
        String captureName = (String) ((Map<String, Object>) truth.get("capture")).get("file");
        Path env = dir.resolve(captureName.substring(0, captureName.indexOf('.')) + ".env");
        ProxyConfig config = ProxyConfig.builder().file(env).build();
        // the committed sidecar must be the environment the lab gave the go command, value for value
        Map<String, Object> goEnv = (Map<String, Object>) ((Map<String, Object>) truth.get("env")).getOrDefault("go", Map.of());
        for (var e : goEnv.entrySet()) {
            assertEquals(e.getValue(), config.get(e.getKey()), dir.getFileName() + ": " + env.getFileName() + " " + e.getKey());
        }
        if (truth.get("go_version") != null) {
            assertEquals(truth.get("go_version"), config.get("GOVERSION"), dir.getFileName() + ": GOVERSION");
        }
        CaptureAudit.Outcome o = CaptureAudit.run(dir.resolve(captureName).toString(), config, FlowOptions.defaults(),
                ReaderOptions.defaults(), w -> {});
        assertTrue(o.complete(), "capture read completely: " + o.error());
        AuditResult r = o.result();

        // A host:port may be asked by several clients (Go's ?go-get=1 and git's clone on git.lab.test:443) that are
        // routed differently; the (route, verdict) pairs of our flows must equal those of the truth entries.
        Map<String, Set<String>> expected = new java.util.TreeMap<>();
        Map<String, Boolean> connected = new java.util.TreeMap<>();
        Set<String> routeOnly = new TreeSet<>();
        for (Object h : (List<Object>) truth.get("hosts")) {
            Map<String, Object> host = (Map<String, Object>) h;
            String key = ((String) host.get("host")).toLowerCase() + " " + ((Number) host.get("port")).intValue();
            expected.computeIfAbsent(key, k -> new TreeSet<>()).add(host.get("route") + "/" + host.get("expected_verdict"));
            connected.merge(key, !Boolean.FALSE.equals(host.get("connected")), Boolean::logicalOr);
            if (VERDICT_PENDING.contains(dir.getFileName() + " " + key)) {
                routeOnly.add(key);
            }
        }
        for (var e : expected.entrySet()) {
            String name = e.getKey().substring(0, e.getKey().indexOf(' '));
            int port = Integer.parseInt(e.getKey().substring(e.getKey().indexOf(' ') + 1));
            List<AuditedFlow> flows = r.flows().stream().filter(f -> matches(f, name, port)).toList();
            String where = dir.getFileName() + " " + name + ":" + port;
            assertFalse(flows.isEmpty(), where + ": no flow found");
            Set<String> got = flows.stream().map(f -> f.route().wire() + "/" + f.verdict().wire())
                    .collect(Collectors.toCollection(TreeSet::new));
            if (routeOnly.contains(e.getKey())) {
                assertEquals(routes(e.getValue()), routes(got), where + ": routes");
            } else {
                assertEquals(e.getValue(), got, where + ": route/verdict");
            }
            if (!connected.get(e.getKey())) {
                assertTrue(flows.stream().allMatch(AuditedFlow::unanswered), where + ": unanswered attempts");
            }
        }

        // Per client: the flows we attribute to the truth entry's client carry exactly its route and verdict.
        for (Object h : (List<Object>) truth.get("hosts")) {
            Map<String, Object> host = (Map<String, Object>) h;
            String name = (String) host.get("host");
            int port = ((Number) host.get("port")).intValue();
            String client = (String) host.get("client");
            if (BY_FINGERPRINT.contains(client)) {
                String where = dir.getFileName() + " " + name + ":" + port + " (" + client + ")";
                // a CONNECT the proxy refused (proxy_only: no lab server has the name) carries no ClientHello
                boolean refused = Boolean.TRUE.equals(host.get("proxy_only"));
                List<AuditedFlow> byHello = r.flows().stream().filter(f -> matches(f, name, port)
                        && f.route().wire().equals(host.get("route")) && (refused || helloMayBe(f, client))).toList();
                assertFalse(byHello.isEmpty(), where + ": no " + host.get("route") + " flow whose ClientHello fingerprint is "
                        + client + "'s");
                continue;
            }
            List<AuditedFlow> mine = r.flows().stream()
                    .filter(f -> matches(f, name, port) && sameClient(client, f.client())).toList();
            String where = dir.getFileName() + " " + name + ":" + port + " (" + client + ")";
            assertFalse(mine.isEmpty(), where + ": no flow attributed to this client");
            for (AuditedFlow f : mine) {
                assertEquals(host.get("route") + "/" + host.get("expected_verdict"), f.route().wire() + "/" + f.verdict().wire(),
                        where + ": flow " + f.flow().id());
            }
        }

        String clientIp = (String) ((Map<String, Object>) ((Map<String, Object>) truth.get("lab")).get("client")).get("ipv4");
        String clientIp6 = (String) ((Map<String, Object>) ((Map<String, Object>) truth.get("lab")).get("client")).get("ipv6");
        Set<String> asked = new TreeSet<>();
        for (Object q : (List<Object>) truth.getOrDefault("dns_queries", List.of())) {
            Map<String, Object> m = (Map<String, Object>) q;
            if (clientIp.equals(m.get("from")) || clientIp6.equals(m.get("from"))) {
                asked.add(((String) m.get("name")).toLowerCase() + "/" + m.get("type"));
            }
        }
        Set<String> seen = new TreeSet<>();
        for (AuditedDns d : r.dns()) {
            seen.add(d.lookup().qname().toLowerCase() + "/" + typeName(d.lookup().qtype()));
        }
        List<String> missing = new ArrayList<>(asked);
        missing.removeAll(seen);
        assertTrue(missing.isEmpty(), dir.getFileName() + ": DNS queries in the server log but not found: " + missing);
        assertNotNull(r.capture());
    }

    /** The flow's ClientHello (the tunnelled one through a proxy) has a fingerprint the lab measured for this client. */
    static boolean helloMayBe(AuditedFlow f, String truthClient) {
        ClientHello h = f.flow().clientHello() != null ? f.flow().clientHello() : f.flow().tunnelHello();
        return h != null && ClientFingerprints.candidates(h.ja4()).contains(Client.valueOf(truthClient.toUpperCase(Locale.ROOT)));
    }

    static Set<String> routes(Set<String> routeVerdicts) {
        return routeVerdicts.stream().map(s -> s.substring(0, s.indexOf('/'))).collect(Collectors.toCollection(TreeSet::new));
    }

    static boolean matches(AuditedFlow f, String host, int port) {
        String t = f.target();
        if (t == null) {
            return false;
        }
        int colon = t.lastIndexOf(':');
        String h = t.substring(0, colon);
        if (h.startsWith("[")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equalsIgnoreCase(host) && Integer.parseInt(t.substring(colon + 1)) == port;
    }

    /** Truth's client names (go, git, chromium, other) against ours. */
    static boolean sameClient(String truthClient, Client ours) {
        return switch (truthClient) {
            case "go" -> ours == Client.GO_HTTP;
            case "git" -> ours == Client.GIT_HTTP || ours == Client.GIT_SSH || ours == Client.GIT_DAEMON;
            default -> ours == Client.OTHER;
        };
    }

    static String typeName(int qtype) {
        return switch (qtype) {
            case 1 -> "A";
            case 28 -> "AAAA";
            case 5 -> "CNAME";
            case 12 -> "PTR";
            case 33 -> "SRV";
            case 65 -> "HTTPS";
            default -> "TYPE" + qtype;
        };
    }
}
