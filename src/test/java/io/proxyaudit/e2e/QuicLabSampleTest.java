package io.proxyaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.audit.Verdict;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.client.Client;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.testutil.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The QUIC lab sample ({@code samples/q-quic-bypass}, recorded by {@code lab/quic/run-quic-lab.sh}: aioquic 1.2.0
 * and quic-go clients against aioquic HTTP/3 servers with HTTPS_PROXY set, curl through squid for contrast) held to
 * two oracles made without our parser: tshark's reading of every ClientHello, QUIC Initials decrypted by tshark
 * ({@code evidence/tshark-client-hellos.tsv}, {@code evidence/tshark-retry.tsv}), and the servers' own logs (which
 * connection fetched which path, with which QUIC version, after a Retry or not). {@link SamplesTruthTest} checks the
 * verdicts of every host like every sample's.
 */
class QuicLabSampleTest {
    private static final Path DIR = Path.of("samples/q-quic-bypass");
    private static AuditResult result;
    private static Map<String, Object> truth;

    @BeforeAll
    static void analyze() throws Exception {
        truth = Json.object(Files.readString(DIR.resolve("truth.json")));
        CaptureAudit.Outcome o = CaptureAudit.run(DIR.resolve("capture.pcap").toString(),
                ProxyConfig.builder().file(DIR.resolve("capture.env")).build(), FlowOptions.defaults(),
                ReaderOptions.defaults(), w -> {});
        assertTrue(o.complete(), String.valueOf(o.error()));
        result = o.result();
    }

    /** tshark's rows: frame, transport, client_ip, client_port, server_ip, server_port, quic_version, sni, alpn, ... */
    private static List<String[]> tshark(String file) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(DIR.resolve("evidence").resolve(file))) {
            if (!line.startsWith("#") && !line.startsWith("frame\t") && !line.isBlank()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    private static AuditedFlow flow(String transport, String clientIp, int clientPort) {
        return result.flows().stream().filter(f -> f.flow().transport().equals(transport)
                && f.flow().clientIp().equals(clientIp) && f.flow().clientPort() == clientPort).findFirst()
                .orElseThrow(() -> new AssertionError("no " + transport + " flow from " + clientIp + ":" + clientPort));
    }

    private static String hex4(int v) {
        return String.format("0x%04x", v);
    }

    @Test
    void everyClientHelloReadsAsTsharkReadsIt() throws Exception {
        List<String[]> rows = tshark("tshark-client-hellos.tsv");
        int quic = 0;
        Set<String> quicFlows = new TreeSet<>();
        for (String[] r : rows) {
            boolean udp = r[1].equals("udp");
            AuditedFlow f = flow(r[1], r[2], Integer.parseInt(r[3]));
            // through the proxy the ClientHello is the one inside the CONNECT tunnel
            ClientHello h = udp ? f.flow().clientHello() : f.flow().tunnelHello();
            String where = "frame " + r[0] + " (" + r[1] + " " + r[2] + ":" + r[3] + ")";
            assertNotNull(h, where + ": no ClientHello");
            assertEquals(r[7], h.sni() == null ? "" : h.sni(), where + ": SNI");
            assertEquals(r[8], String.join(",", h.alpn()), where + ": ALPN");
            assertEquals(r[9], hex4(h.legacyVersion()), where + ": legacy version");
            assertEquals(r[10], h.supportedVersions().stream().map(QuicLabSampleTest::hex4).collect(Collectors.joining(",")),
                    where + ": supported_versions");
            if (udp) {
                quic++;
                quicFlows.add(r[2] + ":" + r[3]);
                assertNotNull(f.flow().quic(), where + ": not read as QUIC");
                String version = switch (r[6]) {
                    case "0x00000001" -> "1";
                    case "0x6b3343cf" -> "2";
                    default -> r[6];
                };
                assertEquals(version, f.flow().quic().version(), where + ": QUIC version");
                assertTrue(f.flow().quic().helloComplete(), where);
            }
        }
        // one ClientHello per connection: tshark reads the one a client repeats after a Retry as the same
        assertEquals(quic, quicFlows.size(), "tshark's QUIC ClientHellos: one per connection");
        int retried = (int) tshark("tshark-retry.tsv").stream().map(r -> r[4]).distinct().count();
        List<AuditedFlow> ours = result.flows().stream().filter(f -> f.flow().quic() != null).toList();
        assertEquals(quicFlows, ours.stream().map(f -> f.flow().clientIp() + ":" + f.flow().clientPort())
                .collect(Collectors.toCollection(TreeSet::new)), "QUIC connections: ours against tshark's");
        System.out.printf("QuicLabSampleTest: %d ClientHellos equal tshark's (%d QUIC, %d connections after a Retry)%n",
                rows.size(), quic, retried);
    }

    @Test
    void retryAndSplitClientHellosAsTheServersAndTsharkSawThem() throws Exception {
        Set<Integer> retryPorts = tshark("tshark-retry.tsv").stream().map(r -> Integer.parseInt(r[4]))
                .collect(Collectors.toSet());
        // which client port fetched which path, with which version, after a Retry: the servers' request logs
        Map<Integer, Map<String, Object>> requests = new TreeMap<>();
        for (Object h : (List<?>) truth.get("hosts")) {
            for (Object e : (List<?>) ((Map<?, ?>) h).get("evidence")) {
                Map<String, Object> r = Json.object((String) e);
                if ("h3".equals(r.get("scheme"))) {
                    String peer = (String) r.get("peer");
                    requests.put(Integer.parseInt(peer.substring(peer.lastIndexOf(':') + 1)), r);
                }
            }
        }
        assertEquals(6, requests.size(), "HTTP/3 requests in the servers' logs");
        for (var e : requests.entrySet()) {
            AuditedFlow f = flow("udp", "10.77.0.10", e.getKey());
            String uri = (String) e.getValue().get("uri");
            // the client's Initial packets carry the version it was told (evidence/client-aioquic.log: --quic-version 2
            // for /aioquic-v2); aioquic's server, preferring version 1, switched that connection to version 1 by
            // compatible version negotiation (RFC 9368), so the connection the server logged is version 1 throughout
            assertEquals("1", e.getValue().get("quic_version"), uri + ": the server's version");
            assertEquals(uri.equals("/aioquic-v2") ? "2" : "1", f.flow().quic().version(), uri + ": the Initials' version");
            assertEquals(Boolean.TRUE.equals(e.getValue().get("retry")), f.flow().quic().retry(), uri + ": Retry");
            assertEquals(retryPorts.contains(e.getKey()), f.flow().quic().retry(), uri + ": Retry as tshark saw it");
            // aioquic's quantum-readiness parameter (1200 bytes) and quic-go's X25519MLKEM768 key share (1216 bytes)
            // cannot fit one Initial packet; a plain aioquic ClientHello does
            boolean large = uri.equals("/aioquic-large") || uri.startsWith("/quic-go");
            assertTrue(large ? f.flow().quic().initialPackets() >= 2 : f.flow().quic().initialPackets() == 1,
                    uri + ": " + f.flow().quic().initialPackets() + " Initial packets");
        }
    }

    @Test
    void everyQuicConnectionIsABypassNoVariableFixesAndTheProxiedFetchIsProxied() {
        List<AuditedFlow> quic = result.flows().stream().filter(f -> f.flow().quic() != null).toList();
        assertEquals(((List<?>) truth.get("quic_connections")).size(), quic.size(), "QUIC connections the servers logged");
        for (AuditedFlow f : quic) {
            assertEquals(Verdict.DIRECT_BYPASS, f.verdict(), f.target());
            assertEquals(ReasonCode.QUIC_BYPASS.name(), f.reasonCode(), f.target());
            assertEquals(Client.OTHER, f.client(), "never cmd/go: " + f.target());
            assertTrue(f.reason().contains("cannot go through an HTTP proxy"), f.reason());
        }
        List<AuditedFlow> tcp = result.flows().stream().filter(f -> f.flow().transport().equals("tcp")).toList();
        assertEquals(1, tcp.size());
        assertEquals(Verdict.PROXIED, tcp.get(0).verdict());
        assertEquals("www.lab.test:443", tcp.get(0).target().toLowerCase(Locale.ROOT));
        assertFalse(result.findings().isEmpty());
    }
}
