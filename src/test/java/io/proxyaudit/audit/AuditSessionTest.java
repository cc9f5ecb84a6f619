package io.proxyaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.testutil.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The streaming audit keeps at most N flows for the listings but still judges every flow: on a real lab capture
 * (a-http-proxy-only), a listing limit of 3 must give the same findings (counts, times, codes) as the
 * unlimited audit, and count what was not listed.
 */
class AuditSessionTest {
    @Test
    void listingLimitKeepsFindingsWhole() throws Exception {
        Path a = Path.of("samples", "a-http-proxy-only"); // only HTTP_PROXY: Go's https fetches bypass it
        ProxyConfig cfg = ProxyConfig.builder().file(a.resolve("capture.env")).build();
        String cap = a.resolve("capture.pcap").toString();
        AuditResult all = CaptureAudit.run(cap, cfg, FlowOptions.defaults(), ReaderOptions.defaults(), w -> {}, Integer.MAX_VALUE).result();
        AuditResult few = CaptureAudit.run(cap, cfg, FlowOptions.defaults(), ReaderOptions.defaults(), w -> {}, 3).result();

        assertTrue(all.flows().size() > 3, "the sample has more flows than the limit");
        assertEquals(3, few.flows().size());
        assertEquals(all.flows().size() - 3, few.flowCounters().get("audit_flows_not_listed"));
        assertTrue(few.dns().size() <= 3);
        assertTrue(!all.findings().isEmpty(), "the sample has bypass findings");
        assertEquals(all.findings(), few.findings());
    }

    /**
     * The audit is the same whether the flows stream in as the capture is read (unlimited listing) or are handed
     * over afterwards as a list in another order ({@link Auditor#audit}), and both agree with what the servers saw.
     * On o-all-proxy-only (only ALL_PROXY: Go ignores it and goes direct, git uses it), for every host:port of
     * truth.json (written from the origin servers' and the proxy's logs): the route/verdict pairs of its flows are
     * the truth's; there is one finding per client that bypassed (each client breaks its own rule), none where
     * the truth has no bypass; a finding counts at least the client ports the origin logged for that client;
     * every flow is listed, in id order.
     */
    @Test
    @SuppressWarnings("unchecked")
    void unlimitedSessionEqualsBatchAudit() throws Exception {
        Path dir = Path.of("samples", "o-all-proxy-only");
        ProxyConfig cfg = ProxyConfig.builder().file(dir.resolve("capture.env")).build();
        AuditResult streamed = CaptureAudit.run(dir.resolve("capture.pcapng").toString(), cfg, FlowOptions.defaults(),
                ReaderOptions.defaults(), w -> {}, Integer.MAX_VALUE).result();
        List<FlowRecord> flows = new ArrayList<>(streamed.flows().stream().map(AuditedFlow::flow).toList());
        List<DnsLookup> lookups = new ArrayList<>(streamed.dns().stream().map(AuditedDns::lookup).toList());
        Collections.reverse(flows);
        Collections.reverse(lookups);
        AuditResult batch = Auditor.audit(streamed.capture(), flows, lookups, cfg, streamed.flowCounters());

        Map<String, Object> truth = Json.object(Files.readString(dir.resolve("truth.json")));
        Map<String, Set<String>> routes = new TreeMap<>();
        Map<String, Set<String>> bypassers = new TreeMap<>();
        Map<String, Integer> portsSeen = new TreeMap<>();
        for (Object o : (List<Object>) truth.get("hosts")) {
            Map<String, Object> h = (Map<String, Object>) o;
            String hostPort = h.get("host") + ":" + ((Number) h.get("port")).intValue();
            routes.computeIfAbsent(hostPort, k -> new TreeSet<>()).add(h.get("route") + "/" + h.get("expected_verdict"));
            bypassers.computeIfAbsent(hostPort, k -> new TreeSet<>());
            if ("direct-bypass".equals(h.get("expected_verdict"))) {
                bypassers.get(hostPort).add((String) h.get("client"));
                Set<String> peers = new TreeSet<>();
                for (Object e : (List<Object>) h.get("evidence")) {
                    peers.add((String) Json.object((String) e).get("peer"));
                }
                portsSeen.merge(hostPort, peers.size(), Math::max);
            }
        }
        assertTrue(bypassers.values().stream().anyMatch(c -> !c.isEmpty()), "the sample has bypasses");
        assertTrue(routes.values().stream().anyMatch(r -> r.contains("proxy/proxied")), "and proxied fetches");

        for (AuditResult r : List.of(streamed, batch)) {
            String which = r == streamed ? "streamed" : "batch";
            for (var e : routes.entrySet()) {
                Set<String> got = new TreeSet<>();
                r.flows().stream().filter(f -> e.getKey().equals(f.target()))
                        .forEach(f -> got.add(f.route().wire() + "/" + f.verdict().wire()));
                assertEquals(e.getValue(), got, which + " " + e.getKey() + ": route/verdict");
                List<Finding> found = r.findings().stream().filter(f -> e.getKey().equals(f.host() + ":" + f.port())).toList();
                assertEquals(bypassers.get(e.getKey()).size(), found.size(), which + " " + e.getKey() + ": findings " + found);
                for (Finding f : found) {
                    assertTrue(f.flowCount() >= portsSeen.get(e.getKey()), which + " " + e.getKey() + ": " + f.flowCount()
                            + " flows, the origin logged " + portsSeen.get(e.getKey()) + " client ports");
                }
            }
            assertNull(r.flowCounters().get("audit_flows_not_listed"), which);
            for (int i = 1; i < r.flows().size(); i++) {
                assertTrue(r.flows().get(i - 1).flow().id() < r.flows().get(i).flow().id(), which + ": listed in id order");
            }
        }
        assertEquals(streamed.flows(), batch.flows());
        assertEquals(streamed.dns(), batch.dns());
        assertEquals(streamed.findings(), batch.findings());
    }
}
