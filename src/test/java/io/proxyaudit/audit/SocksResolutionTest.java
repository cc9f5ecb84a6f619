package io.proxyaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.testutil.PcapWriter;
import io.proxyaudit.testutil.SharedCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who resolved the name of a SOCKS target. zeek's socks-auth.pcap is a real SOCKS5 CONNECT to the address
 * 192.168.0.2:22 (tshark: socks.remote_address), zeek's socks.pcap a SOCKS5 CONNECT to the name www.osnews.com. The
 * captures hold no DNS; the variants put one real-shaped DNS answer in front: a lookup whose answer is the address
 * the SOCKS request then carried was the client's own resolution (curl and git with socks5://, lib/socks.c).
 */
class SocksResolutionTest {
    @TempDir
    Path tmp;

    private Path withDnsAnswer(Path corpus, String capture, String name, String address, long seconds) throws Exception {
        byte[] real = Files.readAllBytes(corpus.resolve("captures").resolve(capture));
        byte[] dns = new PcapWriter().udp(seconds, 0, "192.168.0.1", 53, "192.168.0.2", 40000,
                PcapWriter.dnsResponse(9, name, address)).bytes();
        byte[] both = Arrays.copyOf(dns, dns.length + real.length - 24);
        System.arraycopy(real, 24, both, dns.length, real.length - 24);
        return Files.write(tmp.resolve(capture), both);
    }

    private static AuditResult audit(Path capture, ProxyConfig config) {
        CaptureAudit.Outcome o = CaptureAudit.run(capture.toString(), config, FlowOptions.defaults(),
                ReaderOptions.defaults(), w -> {});
        assertTrue(o.complete(), String.valueOf(o.error()));
        return o.result();
    }

    @Test
    void aLookupWhoseAnswerASocksRequestCarriedIsTheClientsOwnResolution() throws Exception {
        Path corpus = SharedCorpus.requireCorpus();
        AuditResult r = audit(withDnsAnswer(corpus, "zeek__socks-auth.pcap", "ssh.corp.example", "192.168.0.2",
                1368517390L), ProxyConfig.of(Map.of()));
        AuditedFlow socks = r.flows().stream().filter(f -> f.flow().socks() != null).findFirst().orElseThrow();
        assertEquals(Verdict.PROXIED, socks.verdict());
        assertTrue(socks.reason().contains("carried the address 192.168.0.2, not a name"), socks.reason());
        AuditedDns d = r.dns().get(0);
        assertEquals(Verdict.DIRECT_BYPASS, d.verdict());
        assertEquals(ReasonCode.SOCKS_LOCAL_RESOLUTION.name(), d.reasonCode());
        assertTrue(d.reason().contains("ssh.corp.example left through the local resolver") && d.reason().contains("socks5h://"),
                d.reason());
        Finding f = r.findings().stream().filter(x -> x.reasonCode().equals(d.reasonCode())).findFirst().orElseThrow();
        assertTrue(f.remediation().contains("socks5h://"), f.remediation());
    }

    @Test
    void aSocksRequestThatCarriedTheNameLeavesTheLookupAlone() throws Exception {
        Path corpus = SharedCorpus.requireCorpus();
        AuditResult r = audit(withDnsAnswer(corpus, "zeek__socks.pcap", "www.osnews.com", "192.0.2.80", 1340213000L),
                ProxyConfig.of(Map.of()));
        AuditedFlow socks = r.flows().stream().filter(f -> f.flow().socks() != null).findFirst().orElseThrow();
        assertTrue(socks.flow().socks().request().hostIsName());
        assertTrue(!socks.reason().contains("not a name"), socks.reason());
        assertNull(r.dns().get(0).verdict(), r.dns().get(0).reason());
    }

    @Test
    void gitWithASocks5ProxyResolvesLocallyAndTheFixAsksTheProxyToResolve() throws Exception {
        Path corpus = SharedCorpus.requireCorpus();
        // github.com is a vcs endpoint, fetched by git; ALL_PROXY=socks5:// makes libcurl look it up itself
        Path capture = withDnsAnswer(corpus, "zeek__socks.pcap", "github.com", "192.0.2.7", 1340213000L);
        AuditResult r = audit(capture, ProxyConfig.of(Map.of("ALL_PROXY", "socks5://user:pw@10.0.0.9:1080")));
        AuditedDns d = r.dns().get(0);
        assertEquals(ReasonCode.SOCKS_LOCAL_RESOLUTION.name(), d.reasonCode(), d.reason());
        assertTrue(d.reason().startsWith("git (libcurl) resolves github.com itself"), d.reason());
        Finding f = r.findings().stream().filter(x -> x.reasonCode().equals(d.reasonCode())).findFirst().orElseThrow();
        assertEquals("export ALL_PROXY=socks5h://user:***@10.0.0.9:1080   # the proxy resolves the name; the local"
                + " resolver never sees it", f.remediation());
        // with socks5h:// git hands the name to the proxy: a local lookup of github.com is then an unexplained one
        AuditedDns h = audit(capture, ProxyConfig.of(Map.of("ALL_PROXY", "socks5h://10.0.0.9:1080"))).dns().get(0);
        assertEquals(ReasonCode.DNS_LOOKUP_WHILE_PROXIED.name(), h.reasonCode(), h.reason());
    }
}
