package io.proxyaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedDns;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.audit.Route;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.client.Client;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.testutil.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * End to end on the lab captures of {@code samples/}: for every host of every truth file (made from the origin
 * servers' and the proxy's own logs, not from our parser), {@code analyze} must give the same route and verdict,
 * with no tolerance; the DNS names the client asked (dnsmasq's log) must all be seen.
 *
 * <p>Flow by flow: the servers' logs name each connection by the client's port (the origin's {@code peer} for a
 * direct one, squid's {@code peer=} for a proxied one), so every flow they name must be attributed to the truth
 * entry's client (the program the registry or git server logged by its User-Agent) and carry that entry's route and
 * verdict, through the proxy port squid logged ({@code local=}). Where one squid line is listed for several clients
 * (pip, npm and the JVM send no User-Agent on CONNECT, so make-truth.py picks them by host), the origin's request
 * inside the tunnel's lifetime says whose it was. In a sample whose logs are not cut short ({@code evidence_more})
 * every TCP and UDP flow but DNS must be named so (or, carrying no request, at least go to a host they logged).
 */
class SamplesTruthTest {
    static final Path SAMPLES = Path.of("samples");

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
        // the committed sidecar must be the environment the lab gave every command (go, pip, npm, ...), value for value
        for (var command : ((Map<String, Object>) truth.get("env")).entrySet()) {
            if (command.getKey().equals("dockerd")) {
                continue; // the daemon's own environment (v1, v2): not the job's, which is what an audit is given
            }
            for (var e : ((Map<String, Object>) command.getValue()).entrySet()) {
                assertEquals(e.getValue(), config.get(e.getKey()), dir.getFileName() + ": " + env.getFileName() + " "
                        + e.getKey() + " (" + command.getKey() + ")");
            }
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
        for (Object h : (List<Object>) truth.get("hosts")) {
            Map<String, Object> host = (Map<String, Object>) h;
            String key = ((String) host.get("host")).toLowerCase() + " " + ((Number) host.get("port")).intValue();
            expected.computeIfAbsent(key, k -> new TreeSet<>()).add(host.get("route") + "/" + host.get("expected_verdict"));
            connected.merge(key, !Boolean.FALSE.equals(host.get("connected")), Boolean::logicalOr);
        }
        for (var e : expected.entrySet()) {
            String name = e.getKey().substring(0, e.getKey().indexOf(' '));
            int port = Integer.parseInt(e.getKey().substring(e.getKey().indexOf(' ') + 1));
            List<AuditedFlow> flows = r.flows().stream().filter(f -> matches(f, name, port)).toList();
            String where = dir.getFileName() + " " + name + ":" + port;
            assertFalse(flows.isEmpty(), where + ": no flow found");
            Set<String> got = flows.stream().map(f -> f.route().wire() + "/" + f.verdict().wire())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(e.getValue(), got, where + ": route/verdict");
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
        checkFlowByFlow(dir.getFileName().toString(), (List<Object>) truth.get("hosts"), r, Set.of(clientIp, clientIp6));

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

    /** One truth entry as the servers logged it: the client's ports, and when the origin saw its requests. */
    record Logged(Map<String, Object> entry, Set<Integer> directPorts, Set<Integer> proxyPorts, List<Long> requestNanos) {
        String client() {
            return (String) entry.get("client");
        }

        String expected() {
            return entry.get("route") + "/" + entry.get("expected_verdict");
        }
    }

    private static final Pattern SSHD_PEER = Pattern.compile("^Connection from (\\S+) port (\\d+) on ");
    private static final Pattern SQUID_PEER = Pattern.compile("^\\S+ peer=(\\S+) local=\\S+:(\\d+) ");

    @SuppressWarnings("unchecked")
    static Logged logged(Map<String, Object> entry, Set<String> clientIps) throws IOException {
        Set<Integer> direct = new TreeSet<>();
        Set<Integer> proxy = new TreeSet<>();
        List<Long> times = new ArrayList<>();
        for (Object o : (List<Object>) entry.getOrDefault("evidence", List.of())) {
            String line = (String) o;
            Matcher ssh = SSHD_PEER.matcher(line);
            if (ssh.find() && clientIps.contains(ssh.group(1))) {
                direct.add(Integer.parseInt(ssh.group(2)));
            }
            if (!line.startsWith("{")) {
                continue; // sshd's line above, squid's (read below) or the firewall's counter
            }
            Map<String, Object> req = Json.object(line);
            String[] peer = hostPort((String) req.get("peer"));
            if (clientIps.contains(peer[0])) {
                direct.add(Integer.parseInt(peer[1]));
            }
            Instant ts = Instant.parse((String) req.get("ts"));
            times.add(ts.getEpochSecond() * 1_000_000_000L + ts.getNano());
        }
        for (Object o : (List<Object>) entry.getOrDefault("proxy_access_log", List.of())) {
            Matcher m = SQUID_PEER.matcher((String) o);
            assertTrue(m.find(), "squid line: " + o);
            String[] peer = hostPort(m.group(1));
            if (clientIps.contains(peer[0])) {
                proxy.add(Integer.parseInt(peer[1]));
            }
        }
        return new Logged(entry, direct, proxy, times);
    }

    /** {@code host:port}, {@code [v6]:port} or squid's {@code v6:port}. */
    static String[] hostPort(String s) {
        int colon = s.lastIndexOf(':');
        String host = s.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new String[] {host, s.substring(colon + 1)};
    }

    @SuppressWarnings("unchecked")
    static void checkFlowByFlow(String sample, List<Object> hosts, AuditResult r, Set<String> clientIps) throws IOException {
        List<Logged> logged = new ArrayList<>();
        boolean complete = true;
        for (Object h : hosts) {
            Map<String, Object> entry = (Map<String, Object>) h;
            logged.add(logged(entry, clientIps));
            complete &= !entry.containsKey("evidence_more") && !entry.containsKey("proxy_access_log_more");
        }
        Map<Logged, Integer> named = new java.util.HashMap<>();
        for (AuditedFlow f : r.flows()) {
            FlowRecord fr = f.flow();
            if (!clientIps.contains(fr.clientIp()) || fr.serverPort() == 53) {
                continue; // the DNS lookups are checked against dnsmasq's log below
            }
            boolean viaProxy = f.route() == Route.PROXY;
            List<Logged> whose = new ArrayList<>();
            for (Logged l : logged) {
                if ((viaProxy ? l.proxyPorts() : l.directPorts()).contains(fr.clientPort()) && matches(f, (String) l.entry().get("host"),
                        ((Number) l.entry().get("port")).intValue())) {
                    whose.add(l);
                }
            }
            if (whose.stream().map(Logged::client).distinct().count() > 1) {
                // one squid line listed for several clients: the origin's requests inside this tunnel say whose it was
                whose.removeIf(l -> l.requestNanos().stream().noneMatch(t -> t >= fr.startNanos() && t <= fr.endNanos()));
            }
            String where = sample + " flow " + fr.id() + " " + f.target() + " (client port " + fr.clientPort() + ")";
            if (whose.isEmpty()) {
                // an unanswered attempt reached no server, and a connection that carried no request (chromium's
                // preconnect in m1) left no request line: it must at least go to a host the servers logged
                assertFalse(complete && !f.unanswered() && logged.stream().noneMatch(l -> matches(f,
                        (String) l.entry().get("host"), ((Number) l.entry().get("port")).intValue())),
                        where + ": no line of the servers' logs names this connection or its host");
                continue;
            }
            assertEquals(1, whose.stream().map(Logged::client).distinct().count(), where + ": logged for " + whose);
            Logged l = whose.get(0);
            named.merge(l, 1, Integer::sum);
            assertTrue(sameClient(l.client(), f.client()), where + ": attributed to " + f.client() + " (" + f.attribution()
                    + "), the servers logged " + l.client());
            assertEquals(l.expected(), f.route().wire() + "/" + f.verdict().wire(), where + " (" + l.client() + ")");
            if (f.verdict().wire().equals("direct-bypass") && !l.client().equals("other") && !l.client().equals("chromium")) {
                // the servers saw the client go direct by its own rule (truth's "why"): the reason must be that rule,
                // not "its rules would have proxied it" (CLIENT_IGNORED_PROXY) or the common rules' NOT_GO_OR_GIT_CLIENT
                assertFalse(Set.of("CLIENT_IGNORED_PROXY", "NOT_GO_OR_GIT_CLIENT").contains(f.reasonCode()),
                        where + ": " + f.reasonCode() + " " + f.reason());
            }
            List<Integer> proxyPorts = l.entry().get("proxy_ports") == null ? null : ((List<Object>) l.entry()
                    .get("proxy_ports")).stream().map(n -> ((Number) n).intValue()).toList();
            if (viaProxy && proxyPorts != null) {
                assertTrue(proxyPorts.contains(fr.serverPort()), where + ": proxy port " + fr.serverPort()
                        + ", squid logged " + proxyPorts);
                assertTrue(f.proxy().endsWith(":" + fr.serverPort()), where + ": proxy " + f.proxy());
            }
        }
        if (complete) {
            for (Logged l : logged) {
                if (l.directPorts().isEmpty() && l.proxyPorts().isEmpty()) {
                    continue; // nothing reached a server (a firewall dropped it: k-firewall-hang)
                }
                assertTrue(named.containsKey(l), sample + " " + l.entry().get("host") + ":" + l.entry().get("port") + " ("
                        + l.client() + "): no flow on the ports the servers logged " + l.directPorts() + l.proxyPorts());
            }
        }
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

    /**
     * Truth's client names against ours: go, git (any transport), the package managers and runtimes by their wire
     * name (pip, python, npm, node, maven, gradle, java, cargo, docker), and programs without rules of their own
     * (chromium, curl: other).
     */
    static boolean sameClient(String truthClient, Client ours) {
        return switch (truthClient) {
            case "go" -> ours == Client.GO_HTTP;
            case "git" -> ours == Client.GIT_HTTP || ours == Client.GIT_SSH || ours == Client.GIT_DAEMON;
            case "pip", "python", "npm", "node", "maven", "gradle", "java", "cargo", "docker", "curl" -> ours != null
                    && ours.wire().equals(truthClient);
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
