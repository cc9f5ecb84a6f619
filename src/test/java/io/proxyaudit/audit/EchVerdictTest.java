package io.proxyaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.testutil.PcapWriter;
import io.proxyaudit.testutil.SharedCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted ClientHello on a real capture: zeek's tls13-ech.pcap holds two Cloudflare ECH connections whose SNI
 * (tshark: cloudflare-ech.com, the public name of Cloudflare's ECH deployment) is the outer name. The capture has no
 * DNS; the variants put one DNS answer for the server address in front of the same packets.
 */
class EchVerdictTest {
    private static final ProxyConfig PROXY = ProxyConfig.of(Map.of("HTTPS_PROXY", "http://10.0.0.5:3128",
            "NO_PROXY", "crypto.cloudflare.com"));
    private static final String SERVER = "162.159.138.85";
    @TempDir
    Path tmp;

    private static List<AuditedFlow> echFlows(Path capture) throws Exception {
        CaptureAudit.Outcome o = CaptureAudit.run(capture.toString(), PROXY, FlowOptions.defaults(),
                ReaderOptions.defaults(), w -> {});
        assertTrue(o.complete(), String.valueOf(o.error()));
        List<AuditedFlow> ech = o.result().flows().stream()
                .filter(f -> f.flow().clientHello() != null && f.flow().clientHello().offersEch()).toList();
        assertEquals(2, ech.size(), "tshark shows two ClientHellos, both with encrypted_client_hello");
        return ech;
    }

    /** The corpus capture with a DNS response "{@code name} A 162.159.138.85" before its first packet. */
    private Path withDnsAnswer(Path corpus, String name) throws Exception {
        byte[] real = Files.readAllBytes(corpus.resolve("captures/zeek__tls13-ech.pcap"));
        byte[] dns = new PcapWriter().udp(1697458690L, 0, "192.168.20.1", 53, "192.168.20.65", 40000,
                PcapWriter.dnsResponse(7, name, SERVER)).bytes();
        byte[] both = Arrays.copyOf(dns, dns.length + real.length - 24);
        System.arraycopy(real, 24, both, dns.length, real.length - 24);
        return Files.write(tmp.resolve(name + ".pcap"), both);
    }

    @Test
    void withoutDnsTheOuterNameStandsAndTheReasonSaysTheRealNameMayBeHidden() throws Exception {
        Path corpus = SharedCorpus.requireCorpus();
        for (AuditedFlow f : echFlows(corpus.resolve("captures/zeek__tls13-ech.pcap"))) {
            assertEquals("cloudflare-ech.com", f.flow().host());
            assertEquals(Verdict.DIRECT_BYPASS, f.verdict());
            assertTrue(f.reason().contains("offers ECH") && f.reason().contains("outer, public name")
                    && f.reason().contains("real name is hidden"), f.reason());
        }
    }

    @Test
    void aDnsNameForTheAddressReplacesTheOuterNameAndDecidesTheVerdict() throws Exception {
        Path corpus = SharedCorpus.requireCorpus();
        for (AuditedFlow f : echFlows(withDnsAnswer(corpus, "crypto.cloudflare.com"))) {
            assertEquals("crypto.cloudflare.com", f.flow().host(), "attribution falls back to the DNS name");
            assertEquals("cloudflare-ech.com", f.flow().clientHello().sni(), "the SNI field stays what was sent");
            // NO_PROXY names the real host: judged on the DNS name, the connection is exempt, not a bypass
            assertEquals(Verdict.DIRECT_EXEMPT, f.verdict(), f.reason());
            assertTrue(f.reason().contains("real name is hidden") && f.reason().contains("cloudflare-ech.com is the outer"),
                    f.reason());
        }
    }

    @Test
    void aLookupOfTheSniItselfMeansGreaseEchAndTheSniIsTheRealName() throws Exception {
        Path corpus = SharedCorpus.requireCorpus();
        for (AuditedFlow f : echFlows(withDnsAnswer(corpus, "cloudflare-ech.com"))) {
            assertEquals("cloudflare-ech.com", f.flow().host());
            assertEquals(Verdict.DIRECT_BYPASS, f.verdict());
            assertTrue(f.reason().contains("GREASE ECH, the SNI is the real name"), f.reason());
        }
    }
}
