package io.proxyaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.testutil.SharedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Traffic no HTTP proxy could carry, on real public captures of ../shared/corpus judged with a proxy configured:
 * the conversations come from tshark's {@code udp_conv.tsv} / {@code tcp_conv.tsv} (the oracle), not from our
 * flows, and each must be {@code not-proxyable}, never a bypass and never in a finding.
 */
class NotProxyableCorpusTest {
    private static final ProxyConfig PROXY = ProxyConfig.of(Map.of("HTTP_PROXY", "http://10.0.0.5:3128",
            "HTTPS_PROXY", "http://10.0.0.5:3128"));
    /** DHCP, NTP, NetBIOS, SSDP, mDNS, LLMNR, DHCPv6. */
    private static final Set<Integer> LOCAL_SERVICES = Set.of(67, 68, 123, 137, 138, 1900, 5353, 5355, 546, 547);

    /** One conversation of tshark's {@code -z conv} table. */
    private record Conv(String a, int portA, String b, int portB) {}

    private static List<Conv> conversations(Path corpus, String capture, String table) throws IOException {
        List<Conv> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(corpus.resolve("expected").resolve(capture).resolve(table));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split("\t");
            out.add(new Conv(c[0], Integer.parseInt(c[1]), c[2], Integer.parseInt(c[3])));
        }
        return out;
    }

    private static AuditResult analyze(Path corpus, String capture) throws Exception {
        CaptureAudit.Outcome o = CaptureAudit.run(corpus.resolve("captures").resolve(capture).toString(), PROXY,
                FlowOptions.defaults(), ReaderOptions.defaults(), w -> {});
        assertTrue(o.complete(), capture + ": " + o.error());
        return o.result();
    }

    private static AuditedFlow flowOf(AuditResult r, String transport, Conv c) {
        for (AuditedFlow f : r.flows()) {
            var x = f.flow();
            if (x.transport().equals(transport)
                    && ((x.clientIp().equals(c.a()) && x.clientPort() == c.portA() && x.serverIp().equals(c.b()) && x.serverPort() == c.portB())
                    || (x.clientIp().equals(c.b()) && x.clientPort() == c.portB() && x.serverIp().equals(c.a()) && x.serverPort() == c.portA()))) {
                return f;
            }
        }
        return null;
    }

    private static boolean broadcastOrMulticast(String ip) {
        return ip.equals("255.255.255.255") || ip.toLowerCase().startsWith("ff")
                || (ip.indexOf('.') > 0 && Integer.parseInt(ip.substring(0, ip.indexOf('.'))) / 16 == 14);
    }

    private static void noFindingFor(AuditResult r, AuditedFlow f) {
        for (Finding fd : r.findings()) {
            assertFalse(fd.flowIds().contains(f.flow().id()), "flow " + f.flow().id() + " is in a finding: " + fd);
        }
    }

    @Test
    void broadcastMulticastAndLocalServicesAreNotProxyable() throws Exception {
        Path corpus = SharedCorpus.requireCorpus();
        int checked = 0;
        // ja4__latest: DHCP-like broadcasts to 255.255.255.255:20002/20004, SSDP, NetBIOS to 172.16.227.255;
        // ja4__ssh2: SSDP from six hosts, NetBIOS; gopacket test902 and pcapng test202: DHCP 68 -> 255.255.255.255:67
        for (String capture : List.of("ja4__latest.pcapng", "ja4__ssh2.pcapng", "gopacket__le__test902.pcapng",
                "pcapngtest__le__test202.pcapng")) {
            AuditResult r = analyze(corpus, capture);
            for (Conv c : conversations(corpus, capture, "udp_conv.tsv")) {
                AuditedFlow f = flowOf(r, "udp", c);
                boolean service = LOCAL_SERVICES.contains(c.portA()) || LOCAL_SERVICES.contains(c.portB());
                if (!service && !broadcastOrMulticast(c.b()) && !broadcastOrMulticast(c.a())) {
                    continue;
                }
                assertNotNull(f, capture + ": no flow for tshark's conversation " + c);
                assertEquals(Verdict.NOT_PROXYABLE, f.verdict(), capture + " " + c + ": " + f.reason());
                assertTrue(f.reasonCode().startsWith("NOT_PROXYABLE_"), f.reasonCode());
                noFindingFor(r, f);
                checked++;
            }
        }
        assertTrue(checked >= 14, "conversations checked: " + checked);
    }

    @Test
    void dnsStaysExemptAndUdp443StaysJudgedAsAFetch() throws Exception {
        Path corpus = SharedCorpus.requireCorpus();
        AuditResult r = analyze(corpus, "ja4__latest.pcapng");
        int dns = 0;
        int quic = 0;
        for (Conv c : conversations(corpus, "ja4__latest.pcapng", "udp_conv.tsv")) {
            AuditedFlow f = flowOf(r, "udp", c);
            if (c.portB() == 53) {
                assertEquals(Verdict.DIRECT_EXEMPT, f.verdict(), c.toString());
                dns++;
            } else if (c.portB() == 443) {
                // possibly QUIC: issue 18 judges it; until then a direct UDP/443 under HTTPS_PROXY is a bypass
                assertEquals(Verdict.DIRECT_BYPASS, f.verdict(), c.toString());
                quic++;
            }
        }
        assertEquals(15, dns);
        assertEquals(1, quic);
    }

    @Test
    void tcpThatIsNoFetchIsNotProxyableButFetchPortsStayFetches() throws Exception {
        Path corpus = SharedCorpus.requireCorpus();
        // PPTP control connection (tcpdump's test capture) and LDAP (zeek): no HTTP, no TLS, ports 1723 and 389
        for (String capture : List.of("tcpdump__pptp.pcap", "zeek__issue-32.pcapng")) {
            AuditResult r = analyze(corpus, capture);
            for (Conv c : conversations(corpus, capture, "tcp_conv.tsv")) {
                AuditedFlow f = flowOf(r, "tcp", c);
                assertNotNull(f, capture + " " + c);
                assertEquals(Verdict.NOT_PROXYABLE, f.verdict(), capture + " " + c + ": " + f.reason());
                assertEquals("NOT_PROXYABLE_TCP", f.reasonCode());
                assertTrue(r.findings().isEmpty(), capture + ": " + r.findings());
            }
        }
        // TLS on 443 and 4433, HTTP on 80, all mid-stream or not: still fetches, still bypasses under this proxy
        AuditResult latest = analyze(corpus, "ja4__latest.pcapng");
        for (Conv c : conversations(corpus, "ja4__latest.pcapng", "tcp_conv.tsv")) {
            AuditedFlow f = flowOf(latest, "tcp", c);
            assertNotNull(f, c.toString());
            assertEquals(Verdict.DIRECT_BYPASS, f.verdict(), c + ": " + f.reason());
        }
    }
}
