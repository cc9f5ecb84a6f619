package io.proxyaudit.report;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedDns;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.Finding;
import io.proxyaudit.audit.Route;
import io.proxyaudit.audit.Verdict;
import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.capture.CaptureWarning;
import io.proxyaudit.flow.ConnectInfo;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.HttpExchange;
import io.proxyaudit.policy.ConfigEntry;
import io.proxyaudit.policy.Role;
import io.proxyaudit.proto.tls.ClientHello;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic but realistic {@link AuditResult}s for the writer tests: a small `go mod download` behind a
 * squid proxy with a sumdb bypass, a large generated one, and one full of hostile strings.
 */
final class ReportFixtures {
    static final long T0 = 1_763_900_000_000_000_000L; // 2025-11-23T12:13:20Z
    static final long MS = 1_000_000L;
    static final String PROXY = "http://proxy.corp.example:3128";
    static final String CLIENT = "10.0.0.5";
    static final String PROXY_IP = "10.0.0.2";

    private ReportFixtures() {}

    static ClientHello hello(String sni) {
        return new ClientHello(0x0303, sni, List.of("h2", "http/1.1"), List.of(0x0304, 0x0303), List.of(0x1301, 0x1302),
                List.of(0, 16, 43), List.of(0x0403), "t13d0203h2_1d37bd780c83_4f04edce68a7", List.of());
    }

    static FlowRecord tcp(long id, long start, long end, String server, int port, String state, long up, long down,
                          ClientHello ch, ClientHello tunnel, ConnectInfo connect, List<HttpExchange> http, String host) {
        return new FlowRecord(id, "tcp", start, end, CLIENT, 40000 + (int) (id % 20000), server, port,
                state.equals("syn-only") ? 3 : 12, state.equals("syn-only") ? 0 : 10, up, down, state,
                state.equals("syn-only") ? 3 : 1, ch, null, tunnel, null, http, 0, connect, List.of(), host, List.of());
    }

    static AuditedFlow proxied(long id, long start, long end, String target, long up, long down) {
        String h = target.substring(0, target.lastIndexOf(':'));
        ConnectInfo c = new ConnectInfo(target, h, 443, 200, null);
        FlowRecord f = tcp(id, start, end, PROXY_IP, 3128, "closed", up, down, null, hello(h), c, List.of(), h);
        return new AuditedFlow(f, roleOf(h), Route.PROXY, PROXY, target, Verdict.PROXIED, "via-proxy",
                "went through the configured proxy with CONNECT", false);
    }

    static AuditedFlow direct(long id, long start, long end, String ip, String h, Verdict v, boolean unanswered,
                              long up, long down) {
        FlowRecord f = tcp(id, start, end, ip, 443, unanswered ? "syn-only" : "closed", up, down,
                unanswered ? null : hello(h), null, null, List.of(), h);
        String code = v == Verdict.DIRECT_BYPASS ? (unanswered ? "direct-attempt-blocked" : "goproxy-direct-fallback")
                : v == Verdict.DIRECT_EXEMPT ? "no-proxy-match" : "no-proxy-configured";
        String reason = switch (v) {
            case DIRECT_BYPASS -> unanswered
                    ? "connected directly although HTTPS_PROXY applies; the firewall dropped it"
                    : "GOPROXY ends in ,direct so the go command fell back to a direct fetch";
            case DIRECT_EXEMPT -> "NO_PROXY entry .corp.example matches";
            default -> "no proxy configured";
        };
        return new AuditedFlow(f, roleOf(h), Route.DIRECT, null, h + ":443", v, code, reason, unanswered);
    }

    static Role roleOf(String h) {
        if (h.equals("proxy.golang.org") || h.startsWith("goproxy")) {
            return Role.MODULE_PROXY;
        }
        if (h.equals("sum.golang.org")) {
            return Role.CHECKSUM_DB;
        }
        if (h.equals("github.com") || h.startsWith("git.")) {
            return Role.VCS;
        }
        if (h.equals("golang.org") || h.equals("go.googlesource.com")) {
            return Role.GO_GET;
        }
        if (h.equals("dl.google.com")) {
            return Role.TOOLCHAIN;
        }
        return Role.OTHER;
    }

    static AuditedDns dns(long t, String name, String answer, Verdict v) {
        DnsLookup l = new DnsLookup(t, "udp", CLIENT, 53000, "10.0.0.1", 53, 0x1234, name, 1, 0,
                answer == null ? List.of() : List.of(answer), t + 12 * MS, List.of());
        return new AuditedDns(l, roleOf(name), v, v == null ? null : "resolved-go-endpoint",
                v == null ? null : "resolved a Go endpoint itself although a proxy applies to it");
    }

    static CaptureSummary capture(String file, long packets, long first, long last, List<CaptureWarning> warnings) {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("truncated_records", 1L);
        counters.put("unsupported_linktype_113", 0L);
        return new CaptureSummary(file, "pcapng", null, "le", List.of("us"), List.of(1), 1, 1, packets,
                packets * 700, first, last, 0, counters, warnings);
    }

    static List<ConfigEntry> config() {
        return List.of(new ConfigEntry("HTTPS_PROXY", "http://***@proxy.corp.example:3128", "env"),
                new ConfigEntry("NO_PROXY", ".corp.example,localhost", "env"),
                new ConfigEntry("GOPROXY", "https://proxy.golang.org,direct", "go env"),
                new ConfigEntry("GOFLAGS", "-mod=mod", "ci.env"));
    }

    /** Five flows: two proxied, a sumdb bypass, an exempt internal fetch, a dropped direct attempt. */
    static AuditResult small() {
        List<AuditedFlow> flows = List.of(
                proxied(1, T0 + 100 * MS, T0 + 900 * MS, "proxy.golang.org:443", 1800, 54_000),
                direct(2, T0 + 950 * MS, T0 + 1700 * MS, "34.64.4.17", "sum.golang.org", Verdict.DIRECT_BYPASS,
                        false, 900, 8_200),
                direct(3, T0 + 1200 * MS, T0 + 1500 * MS, "10.1.2.3", "git.corp.example", Verdict.DIRECT_EXEMPT,
                        false, 2_000, 120_000),
                proxied(4, T0 + 1800 * MS, T0 + 3500 * MS, "proxy.golang.org:443", 2100, 1_200_000),
                direct(5, T0 + 3600 * MS, T0 + 6600 * MS, "142.250.74.81", "proxy.golang.org",
                        Verdict.DIRECT_BYPASS, true, 0, 0));
        List<AuditedDns> dns = List.of(dns(T0 + 20 * MS, "proxy.corp.example", PROXY_IP, null),
                dns(T0 + 930 * MS, "sum.golang.org", "34.64.4.17", Verdict.DIRECT_BYPASS),
                dns(T0 + 1150 * MS, "git.corp.example", "10.1.2.3", null),
                dns(T0 + 3580 * MS, "proxy.golang.org", "142.250.74.81", Verdict.DIRECT_BYPASS));
        List<Finding> findings = List.of(
                new Finding(Verdict.DIRECT_BYPASS, Role.CHECKSUM_DB, "sum.golang.org", 443, 1, List.of(2L),
                        T0 + 950 * MS, T0 + 1700 * MS, "sumdb-direct",
                        "the checksum database is fetched directly because GONOSUMDB/GOSUMDB bypass the proxy",
                        "go env -w GOSUMDB=\"sum.golang.org https://proxy.golang.org/sumdb/sum.golang.org\""),
                new Finding(Verdict.DIRECT_BYPASS, Role.MODULE_PROXY, "proxy.golang.org", 443, 1, List.of(5L),
                        T0 + 3600 * MS, T0 + 6600 * MS, "goproxy-direct-fallback",
                        "GOPROXY ends in ,direct so the go command fell back to a direct fetch, which the firewall dropped",
                        "export GOPROXY=https://proxy.golang.org"));
        Map<String, Long> fc = new LinkedHashMap<>();
        fc.put("flows_evicted", 0L);
        fc.put("tls_parse_errors", 0L);
        CaptureSummary cap = capture("go-mod-download.pcapng", 142, T0, T0 + 6600 * MS,
                List.of(new CaptureWarning("go-mod-download.pcapng", 8120, "truncated-record",
                        "record cut short: 60 of 74 bytes")));
        return new AuditResult(cap, config(), flows, dns, findings, fc);
    }

    private static final String[] HOSTS = {"proxy.golang.org", "sum.golang.org", "github.com", "golang.org",
            "go.googlesource.com", "dl.google.com", "storage.googleapis.com", "git.corp.example"};

    /** {@code n} flows over 10 minutes to ~300 hosts with all verdicts; deterministic for a seed. */
    static AuditResult large(int n, long seed) {
        Random rnd = new Random(seed);
        List<AuditedFlow> flows = new ArrayList<>(n);
        List<AuditedDns> dns = new ArrayList<>();
        long span = 600_000 * MS;
        for (int i = 0; i < n; i++) {
            long start = T0 + (long) (rnd.nextDouble() * span);
            long end = start + (long) (rnd.nextDouble() * rnd.nextDouble() * 30_000 * MS);
            String h = rnd.nextInt(3) == 0 ? HOSTS[rnd.nextInt(HOSTS.length)]
                    : "cdn" + rnd.nextInt(300) + ".mirror" + (rnd.nextInt(7)) + ".example.net";
            int k = rnd.nextInt(20);
            AuditedFlow f;
            long up = rnd.nextInt(5000), down = rnd.nextInt(2_000_000);
            if (k < 12) {
                f = proxied(i + 1, start, end, h + ":443", up, down);
            } else if (k < 15) {
                f = direct(i + 1, start, end, "192.0.2." + rnd.nextInt(255), h, Verdict.DIRECT_BYPASS, k == 14, up, down);
            } else if (k < 18) {
                f = direct(i + 1, start, end, "10.9." + rnd.nextInt(255) + ".1", h, Verdict.DIRECT_EXEMPT, false, up, down);
            } else {
                f = direct(i + 1, start, end, "198.51.100." + rnd.nextInt(255), h, Verdict.DIRECT_UNPROXIED, false, up, down);
            }
            flows.add(f);
            if (i % 10 == 0) {
                dns.add(dns(start - 5 * MS, h, "192.0.2.1", f.route() == Route.DIRECT && f.role().isGoRelated()
                        && f.verdict() == Verdict.DIRECT_BYPASS ? Verdict.DIRECT_BYPASS : null));
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (String h : HOSTS) {
            List<Long> ids = new ArrayList<>();
            long cnt = 0;
            for (AuditedFlow f : flows) {
                if (f.verdict() == Verdict.DIRECT_BYPASS && f.flow().host().equals(h)) {
                    cnt++;
                    if (ids.size() < 20) {
                        ids.add(f.flow().id());
                    }
                }
            }
            if (cnt > 0) {
                findings.add(new Finding(Verdict.DIRECT_BYPASS, roleOf(h), h, 443, cnt, ids, T0, T0 + span,
                        "goproxy-direct-fallback", "fell back to a direct fetch", "export GOPROXY=https://proxy.golang.org"));
            }
        }
        CaptureSummary cap = capture("ci-large.pcap", n * 30L, T0, T0 + span + 30_000 * MS, List.of());
        return new AuditResult(cap, config(), flows, dns, findings, Map.of("flows_evicted", 12L));
    }

    /** Strings an attacker controls in every field that ends up in an output. */
    static final List<String> HOSTILE = List.of(
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(2)>",
            "'; alert(3); '",
            "evil\u0000\u0007\u001b[31mred\r\nInjected: header",
            "gro\u202eg.elgoog\u202c.com",
            "=HYPERLINK(\"http://x\")",
            "+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1)", "\tTAB", "\rCR",
            "</script><script>alert(4)</script>",
            "x".repeat(10_000),
            "]]></failure><x>",
            "\uD800lone");

    static AuditResult hostile() {
        List<AuditedFlow> flows = new ArrayList<>();
        List<AuditedDns> dns = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        List<ConfigEntry> config = new ArrayList<>();
        List<CaptureWarning> warnings = new ArrayList<>();
        long id = 1;
        for (String h : HOSTILE) {
            long start = T0 + id * 200 * MS;
            FlowRecord f = new FlowRecord(id, "tcp", start, start + 100 * MS, CLIENT, 40000, "192.0.2.9", 443, 3, 3,
                    100, 200, "closed", 1, hello(h), null, null, null,
                    List.of(new HttpExchange("GET", h, "/" + h, h, 200, null, start)), 0, null, List.of(h), h,
                    List.of(h));
            flows.add(new AuditedFlow(f, Role.OTHER, Route.DIRECT, h, h, Verdict.DIRECT_BYPASS, h, h, false));
            dns.add(new AuditedDns(new DnsLookup(start - MS, "udp", CLIENT, 5300, "10.0.0.1", 53, 1, h, 1, 0,
                    List.of(h), start, List.of(h)), Role.OTHER, Verdict.DIRECT_BYPASS, h, h));
            findings.add(new Finding(Verdict.DIRECT_BYPASS, Role.OTHER, h, 443, 1, List.of(id), start,
                    start + 100 * MS, h, h, "export NO_PROXY=" + h));
            config.add(new ConfigEntry(h, h, h));
            warnings.add(new CaptureWarning(h, id, h, h));
            id++;
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put(HOSTILE.get(0), 1L);
        CaptureSummary cap = new CaptureSummary(HOSTILE.get(1), "pcap", null, "le", List.of("us"), List.of(1), 1, 1,
                99, 9999, T0, T0 + 10_000 * MS, 0, counters, warnings);
        return new AuditResult(cap, config, flows, dns, findings, Map.of(HOSTILE.get(1), 2L));
    }

    /** A capture with no packets at all. */
    static AuditResult empty() {
        CaptureSummary cap = new CaptureSummary("empty.pcap", "pcap", null, "le", List.of("us"), List.of(1), 1, 1, 0, 0,
                Long.MIN_VALUE, Long.MIN_VALUE, 0, Map.of(), List.of());
        return new AuditResult(cap, List.of(), List.of(), List.of(), List.of(), Map.of());
    }
}
