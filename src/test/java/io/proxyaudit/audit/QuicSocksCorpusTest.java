package io.proxyaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.client.Client;
import io.proxyaudit.client.Remedy;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.testutil.SharedCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * QUIC and SOCKS judged with a proxy configured, on the public captures of ../shared/corpus: which connections
 * carry a QUIC ClientHello or ride a SOCKS tunnel comes from tshark's tables (the oracle), not from our flows.
 */
class QuicSocksCorpusTest {
    private static final ProxyConfig PROXY = ProxyConfig.of(Map.of("HTTP_PROXY", "http://10.0.0.5:3128",
            "HTTPS_PROXY", "http://10.0.0.5:3128"));

    private static AuditResult analyze(Path corpus, String capture) throws Exception {
        CaptureAudit.Outcome o = CaptureAudit.run(corpus.resolve("captures").resolve(capture).toString(), PROXY,
                FlowOptions.defaults(), ReaderOptions.defaults(), w -> {});
        assertTrue(o.complete(), capture + ": " + o.error());
        return o.result();
    }

    private static AuditedFlow flowFrom(AuditResult r, String transport, String clientIp, int clientPort) {
        for (AuditedFlow f : r.flows()) {
            if (f.flow().transport().equals(transport) && f.flow().clientIp().equals(clientIp)
                    && f.flow().clientPort() == clientPort) {
                return f;
            }
        }
        return null;
    }

    @Test
    void everyQuicConnectionToAnotherHostIsABypassNoVariableCanFixAndNeverCmdGo() throws Exception {
        Path corpus = SharedCorpus.requireCorpus();
        int bypasses = 0;
        int loopback = 0;
        try (var captures = Files.list(corpus.resolve("expected"))) {
            for (Path dir : captures.filter(Files::isDirectory).sorted().toList()) {
                List<String> rows = Files.readAllLines(dir.resolve("tls_client_hello.tsv"));
                List<String[]> quic = rows.subList(1, rows.size()).stream().map(l -> l.split("\t", -1))
                        .filter(c -> c[2].equals("udp")).toList();
                if (quic.isEmpty()) {
                    continue;
                }
                AuditResult r = analyze(corpus, dir.getFileName().toString());
                for (String[] c : quic) {
                    AuditedFlow f = flowFrom(r, "udp", c[3], Integer.parseInt(c[4]));
                    String where = dir.getFileName() + " " + c[3] + ":" + c[4];
                    assertNotNull(f, where + ": no flow");
                    assertNotNull(f.flow().quic(), where + ": not read as QUIC");
                    assertEquals(Client.OTHER, f.client(), where);
                    if (c[5].startsWith("127.") || c[5].equals("::1")) {
                        assertEquals(Verdict.DIRECT_EXEMPT, f.verdict(), where);
                        loopback++;
                        continue;
                    }
                    assertEquals(Verdict.DIRECT_BYPASS, f.verdict(), where);
                    assertEquals(ReasonCode.QUIC_BYPASS.name(), f.reasonCode(), where);
                    Finding finding = r.findings().stream().filter(x -> x.flowIds().contains(f.flow().id())).findFirst()
                            .orElseThrow(() -> new AssertionError(where + ": in no finding"));
                    assertEquals(Remedy.Kind.NO_VARIABLE, finding.remedy().kind(), where);
                    bypasses++;
                }
            }
        }
        // 37 QUIC ClientHellos in tshark's tables: the one on loopback (quicv2-http3-443) is exempt
        assertEquals(37, bypasses + loopback);
        assertTrue(bypasses >= 30, bypasses + " bypasses");
    }

    @Test
    void connectionsThroughASocksProxyAreProxied() throws Exception {
        Path corpus = SharedCorpus.requireCorpus();
        int proxied = 0;
        for (String capture : List.of("zeek__socks.pcap", "zeek__socks-with-ssl.pcap", "zeek__socks-auth.pcap")) {
            AuditResult r = analyze(corpus, capture);
            Path expected = corpus.resolve("expected").resolve(capture);
            for (String table : List.of("tls_client_hello.tsv", "http.tsv")) {
                List<String> rows = Files.readAllLines(expected.resolve(table));
                for (String line : rows.subList(1, rows.size())) {
                    String[] c = line.split("\t", -1);
                    int ipCol = table.equals("http.tsv") ? 2 : 3;
                    AuditedFlow f = flowFrom(r, "tcp", c[ipCol], Integer.parseInt(c[ipCol + 1]));
                    assertNotNull(f, capture + " " + line);
                    assertEquals(Route.PROXY, f.route(), capture + " " + line);
                    assertEquals(Verdict.PROXIED, f.verdict(), capture + " " + line);
                    assertTrue(f.proxy().startsWith("socks5"), f.proxy());
                    proxied++;
                }
            }
            // the SOCKS handshake itself is one flow per tunnel, even without TLS or HTTP inside (socks-auth: ssh)
            assertTrue(r.flows().stream().anyMatch(f -> f.flow().socks() != null && f.route() == Route.PROXY), capture);
        }
        assertEquals(8, proxied);
    }
}
