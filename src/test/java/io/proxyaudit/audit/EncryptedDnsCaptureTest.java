package io.proxyaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.Role;
import io.proxyaudit.testutil.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real capture made by {@code lab/encrypted-dns/make-capture.sh}: Debian's curl 7.88.1 resolving over DNS over HTTPS
 * ({@code --doh-url https://dns.google/dns-query}), kdig resolving over DNS over TLS (port 853), and curl through a
 * SOCKS5 proxy with {@code ALL_PROXY=socks5h://} and {@code socks5://}. The truth is the servers' own log
 * ({@code servers.jsonl}: every DoH/DoT/plain query and every SOCKS request with its address type), never the capture.
 */
class EncryptedDnsCaptureTest {
    private static final Path DIR = Path.of("src/test/resources/io/proxyaudit/audit/encrypted-dns-socks");
    private static AuditResult result;
    private static final List<Map<String, Object>> TRUTH = new ArrayList<>();

    @BeforeAll
    static void analyze() throws Exception {
        for (String line : Files.readAllLines(DIR.resolve("servers.jsonl"))) {
            TRUTH.add(Json.object(line));
        }
        CaptureAudit.Outcome o = CaptureAudit.run(DIR.resolve("capture.pcap").toString(),
                ProxyConfig.of(Map.of("HTTPS_PROXY", "http://10.53.0.3:3128")), FlowOptions.defaults(),
                ReaderOptions.defaults(), w -> {});
        assertTrue(o.complete(), String.valueOf(o.error()));
        result = o.result();
    }

    private static long truth(String server) {
        return TRUTH.stream().filter(t -> t.get("server").equals(server)).count();
    }

    private static List<AuditedFlow> flows(Role role) {
        return result.flows().stream().filter(f -> f.role() == role).toList();
    }

    @Test
    void everyDohAndDotConnectionIsMarkedAndTheDnsViewSaysItsNamesAreMissing() {
        // curl's DoH sends one POST per query type on its own connection (the server closes after each answer)
        assertEquals(truth("doh"), flows(Role.DNS_OVER_HTTPS).size(), "DoH connections as the DoH server logged them");
        assertEquals(1, flows(Role.DNS_OVER_TLS).size());
        assertTrue(truth("dot") >= 1);
        for (AuditedFlow f : flows(Role.DNS_OVER_HTTPS)) {
            assertEquals("dns.google", f.flow().host());
            assertTrue(f.reason().contains("DNS-over-HTTPS resolver") && f.reason().contains("encrypted"), f.reason());
        }
        AuditedFlow dot = flows(Role.DNS_OVER_TLS).get(0);
        assertEquals(853, dot.flow().serverPort());
        assertTrue(dot.reason().contains("port 853 is DNS over TLS"), dot.reason());
        assertEquals(2L, result.flowCounters().get(Auditor.ENCRYPTED_DNS_HTTPS));
        assertEquals(1L, result.flowCounters().get(Auditor.ENCRYPTED_DNS_TLS));
        String note = result.encryptedDnsNote();
        assertNotNull(note);
        assertTrue(note.startsWith("1 connection carried DNS over TLS and 2 connections DNS over HTTPS (dns.google:443,"
                + " 10.53.0.9:853)") && note.contains("not all the lookups"), note);
        // the names the DoH and DoT servers answered never appear as plain lookups before the DoH fetch: the only
        // plain lookups of www.lab.test are the SOCKS5 client's, after both
        double firstSocks = TRUTH.stream().filter(t -> t.get("server").equals("socks")).mapToDouble(t -> ((Number) t.get("ts")).doubleValue()).min().orElseThrow();
        for (AuditedDns d : result.dns()) {
            if (d.lookup().qname().equals("www.lab.test")) {
                assertTrue(d.lookup().queryNanos() / 1e9 > firstSocks, "a plain lookup of www.lab.test before the SOCKS fetches");
            }
        }
    }

    @Test
    void socksTargetsAndWhoResolvedThemFollowTheProxysLog() {
        List<AuditedFlow> socks = result.flows().stream().filter(f -> f.flow().socks() != null).toList();
        assertEquals(truth("socks"), socks.size());
        for (Map<String, Object> t : TRUTH) {
            if (!t.get("server").equals("socks")) {
                continue;
            }
            boolean name = t.get("atyp").equals("domain");
            AuditedFlow f = socks.stream().filter(x -> x.flow().socks().request().host().equals(t.get("host"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no SOCKS flow to " + t.get("host")));
            assertEquals(Verdict.PROXIED, f.verdict());
            assertEquals(name ? "socks5h://10.53.0.2:1080" : "socks5://10.53.0.2:1080", f.proxy());
            assertEquals("www.lab.test", f.flow().host(), "the name from the tunnel's SNI");
            assertEquals(!name, f.reason().contains("not a name"), f.reason());
        }
        // the plain DNS server saw www.lab.test asked once per type, by the socks5:// curl: its A lookup is flagged
        assertEquals(2, TRUTH.stream().filter(t -> t.get("server").equals("dns") && t.get("qname").equals("www.lab.test")).count());
        AuditedDns a = result.dns().stream().filter(d -> d.lookup().qname().equals("www.lab.test") && d.lookup().qtype() == 1)
                .findFirst().orElseThrow();
        assertEquals(ReasonCode.SOCKS_LOCAL_RESOLUTION.name(), a.reasonCode(), a.reason());
        AuditedDns aaaa = result.dns().stream().filter(d -> d.lookup().qname().equals("www.lab.test") && d.lookup().qtype() == 28)
                .findFirst().orElseThrow();
        assertNull(aaaa.verdict(), "the AAAA answer was empty: no address of it went to the proxy");
        // the lookups of dns.google are DoH's bootstrap: their role says so
        assertTrue(result.dns().stream().filter(d -> d.lookup().qname().equals("dns.google"))
                .allMatch(d -> d.role() == Role.DNS_OVER_HTTPS));
    }
}
