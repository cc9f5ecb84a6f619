package io.proxyaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.flow.ConnectInfo;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.HttpExchange;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.Role;
import io.proxyaudit.proto.tls.ClientHello;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit of synthetic flows: each test builds the flow the way the flow stage reports it. */
class AuditorTest {
    private static final String PROXY = "http://10.0.0.5:3128";

    private static ClientHello hello(String sni) {
        return new ClientHello(0x0303, sni, List.of("h2", "http/1.1"), List.of(0x0304), List.of(0x1301), List.of(0, 16, 43),
                List.of(0x0403), "t13d0103h2_000000000000_000000000000", List.of());
    }

    private static FlowRecord flow(long id, String serverIp, int port, String state, ClientHello ch, ClientHello tunnel,
                                   List<HttpExchange> http, ConnectInfo connect, String host) {
        return new FlowRecord(id, "tcp", 1_000L * id, 1_000L * id + 500, "192.168.1.10", 40000 + (int) id, serverIp, port,
                5, state.equals("syn-only") ? 0 : 5, 100, state.equals("syn-only") ? 0 : 1000, state,
                state.equals("syn-only") ? 3 : 1, ch, null, tunnel, null, http, 0, connect, List.of(), host, List.of());
    }

    private static AuditResult audit(Map<String, String> env, FlowRecord... flows) {
        return Auditor.audit(null, List.of(flows), List.of(), ProxyConfig.of(env), Map.of());
    }

    @Test
    void connectTunnelToConfiguredProxyIsProxied() {
        FlowRecord f = flow(1, "10.0.0.5", 3128, "closed", null, hello("proxy.golang.org"), List.of(),
                new ConnectInfo("proxy.golang.org:443", "proxy.golang.org", 443, 200, null), "proxy.golang.org");
        AuditedFlow a = audit(Map.of("HTTPS_PROXY", PROXY), f).flows().get(0);
        assertEquals(Route.PROXY, a.route());
        assertEquals(PROXY, a.proxy());
        assertEquals("proxy.golang.org:443", a.target());
        assertEquals(Role.MODULE_PROXY, a.role());
        assertEquals(Verdict.PROXIED, a.verdict());
    }

    @Test
    void absoluteUriRequestDetectsAnUnconfiguredProxy() {
        HttpExchange get = new HttpExchange("GET", "corp-goproxy.internal", "http://corp-goproxy.internal/rsc.io/quote/@v/list",
                "Go-http-client/1.1", 200, null, 1L);
        FlowRecord f = flow(2, "192.0.2.9", 8080, "closed", null, null, List.of(get), null, "corp-goproxy.internal");
        AuditedFlow a = audit(Map.of(), f).flows().get(0);
        assertEquals(Route.PROXY, a.route());
        assertEquals("http://192.0.2.9:8080", a.proxy());
        assertEquals("corp-goproxy.internal:80", a.target());
        assertEquals(Role.MODULE_PROXY, a.role());
        assertEquals(Verdict.PROXIED, a.verdict());
    }

    @Test
    void directTlsToModuleProxyWithOnlyHttpProxyIsABypassWithFix() {
        FlowRecord f = flow(3, "142.250.1.1", 443, "closed", hello("proxy.golang.org"), null, List.of(), null, "proxy.golang.org");
        AuditResult r = audit(Map.of("HTTP_PROXY", PROXY), f);
        AuditedFlow a = r.flows().get(0);
        assertEquals(Route.DIRECT, a.route());
        assertEquals(Verdict.DIRECT_BYPASS, a.verdict());
        assertEquals("GO_HTTPS_PROXY_UNSET", a.reasonCode());
        assertTrue(a.reason().contains("only HTTP_PROXY is set"), a.reason());
        assertEquals(1, r.findings().size());
        Finding fd = r.findings().get(0);
        assertEquals("proxy.golang.org", fd.host());
        assertEquals(443, fd.port());
        assertEquals(List.of(3L), fd.flowIds());
        assertTrue(fd.remediation().startsWith("export HTTPS_PROXY=" + PROXY), fd.remediation());
        assertEquals(1, FailOn.GO.exitCode(r.findings()));
        assertEquals(0, FailOn.NONE.exitCode(r.findings()));
    }

    @Test
    void noProxyExemptionIsNotAFinding() {
        FlowRecord f = flow(4, "142.250.1.2", 443, "closed", hello("sum.golang.org"), null, List.of(), null, "sum.golang.org");
        AuditResult r = audit(Map.of("HTTPS_PROXY", PROXY, "NO_PROXY", "localhost,sum.golang.org"), f);
        AuditedFlow a = r.flows().get(0);
        assertEquals(Verdict.DIRECT_EXEMPT, a.verdict());
        assertEquals("GO_NOPROXY_DOMAIN", a.reasonCode());
        assertEquals(Role.CHECKSUM_DB, a.role());
        assertTrue(r.findings().isEmpty());
    }

    @Test
    void synOnlyAttemptIsAnUnansweredBypass() {
        FlowRecord f = flow(5, "142.250.1.1", 443, "syn-only", null, null, List.of(), null, "proxy.golang.org");
        AuditedFlow a = audit(Map.of("HTTPS_PROXY", PROXY), f).flows().get(0);
        assertTrue(a.unanswered());
        assertEquals(Verdict.DIRECT_BYPASS, a.verdict());
        assertEquals("CLIENT_IGNORED_PROXY", a.reasonCode());
        assertTrue(a.reason().startsWith("unanswered direct attempt (SYN only, 3 SYNs)"), a.reason());
    }

    @Test
    void gitOverSshIgnoresProxyVariables() {
        FlowRecord f = flow(6, "140.82.121.4", 22, "closed", null, null, List.of(), null, "github.com");
        AuditResult r = audit(Map.of("HTTPS_PROXY", PROXY, "git.url.git@github.com:.insteadOf", "https://github.com/"), f);
        AuditedFlow a = r.flows().get(0);
        assertEquals(Role.VCS, a.role());
        assertEquals("GIT_SSH_TRANSPORT", a.reasonCode());
        assertEquals(Verdict.DIRECT_BYPASS, a.verdict());
        assertEquals("git config --global --unset url.git@github.com:.insteadOf", r.findings().get(0).remediation().split("   #")[0]);

        AuditResult noRewrite = audit(Map.of("HTTPS_PROXY", PROXY), f);
        assertTrue(noRewrite.findings().get(0).remediation().contains("ProxyCommand nc -X connect -x 10.0.0.5:3128 %h %p"));
    }

    @Test
    void dnsLookupOfAGoEndpointWhileProxiedIsReported() {
        DnsLookup goHost = new DnsLookup(10, "udp", "192.168.1.10", 5353, "192.168.1.1", 53, 7, "proxy.golang.org.", 1, 0,
                List.of("142.250.1.1"), 20, List.of());
        DnsLookup proxyName = new DnsLookup(11, "udp", "192.168.1.10", 5354, "192.168.1.1", 53, 8, "proxy.corp", 1, 0,
                List.of("10.0.0.5"), 21, List.of());
        DnsLookup other = new DnsLookup(12, "udp", "192.168.1.10", 5355, "192.168.1.1", 53, 9, "example.com", 1, 0,
                List.of("93.184.216.34"), 22, List.of());
        AuditResult r = Auditor.audit(null, List.of(), List.of(goHost, proxyName, other),
                ProxyConfig.of(Map.of("HTTPS_PROXY", "http://proxy.corp:3128")), Map.of());
        assertEquals(Verdict.DIRECT_BYPASS, r.dns().get(0).verdict());
        assertEquals("DNS_LOOKUP_WHILE_PROXIED", r.dns().get(0).reasonCode());
        assertEquals(Role.PROXY, r.dns().get(1).role());
        assertNull(r.dns().get(1).verdict());
        assertNull(r.dns().get(2).verdict());
        assertEquals(1, r.findings().size());
        assertEquals("proxy.golang.org", r.findings().get(0).host());
        assertEquals(0, r.findings().get(0).port());

        AuditResult noProxy = Auditor.audit(null, List.of(), List.of(goHost), ProxyConfig.of(Map.of()), Map.of());
        assertNull(noProxy.dns().get(0).verdict());
    }

    @Test
    void noProxyConfiguredMeansUnproxied() {
        FlowRecord f = flow(7, "142.250.1.1", 443, "closed", hello("proxy.golang.org"), null, List.of(), null, "proxy.golang.org");
        AuditResult r = audit(Map.of(), f);
        assertEquals(Verdict.DIRECT_UNPROXIED, r.flows().get(0).verdict());
        assertTrue(r.findings().isEmpty());
    }

    @Test
    void otherClientBypassCountsOnlyForFailOnAny() {
        FlowRecord f = flow(8, "93.184.216.34", 443, "closed", hello("example.com"), null, List.of(), null, "example.com");
        AuditResult r = audit(Map.of("HTTPS_PROXY", PROXY), f);
        assertEquals("NOT_GO_OR_GIT_CLIENT", r.flows().get(0).reasonCode());
        assertEquals(Role.OTHER, r.findings().get(0).role());
        assertEquals(0, FailOn.GO.exitCode(r.findings()));
        assertEquals(1, FailOn.ANY.exitCode(r.findings()));
    }

    @Test
    void findingsGroupByHostPortReasonInStableOrder() {
        FlowRecord a = flow(12, "142.250.1.2", 443, "closed", hello("sum.golang.org"), null, List.of(), null, "sum.golang.org");
        FlowRecord b = flow(11, "142.250.1.1", 443, "closed", hello("proxy.golang.org"), null, List.of(), null, "proxy.golang.org");
        FlowRecord c = flow(13, "142.250.1.1", 443, "closed", hello("proxy.golang.org"), null, List.of(), null, "proxy.golang.org");
        AuditResult r = audit(Map.of("HTTP_PROXY", PROXY), a, b, c);
        assertEquals(List.of(11L, 12L, 13L), r.flows().stream().map(x -> x.flow().id()).toList());
        assertEquals(2, r.findings().size());
        assertEquals("proxy.golang.org", r.findings().get(0).host());
        assertEquals(2, r.findings().get(0).flowCount());
        assertEquals(List.of(11L, 13L), r.findings().get(0).flowIds());
        assertEquals(11_000L, r.findings().get(0).firstNanos());
        assertEquals(13_500L, r.findings().get(0).lastNanos());
        assertEquals("sum.golang.org", r.findings().get(1).host());
    }

    @Test
    void credentialsNeverAppearInTheResult() {
        FlowRecord f = flow(9, "142.250.1.1", 443, "closed", hello("proxy.golang.org"), null, List.of(), null, "proxy.golang.org");
        FlowRecord t = flow(10, "10.0.0.5", 3128, "closed", null, null, List.of(),
                new ConnectInfo("sum.golang.org:443", "sum.golang.org", 443, 200, "Basic"), "sum.golang.org");
        AuditResult r = audit(Map.of("HTTP_PROXY", "http://alice:s3cret@10.0.0.5:3128"), f, t);
        String all = r.toString();
        assertFalse(all.contains("s3cret"), all);
        assertTrue(r.findings().get(0).remediation().contains("http://alice:***@10.0.0.5:3128"));
        assertEquals(Route.PROXY, r.flows().get(1).route());
    }

    @Test
    void gitEmptyLowerCaseVariableDisablesTheProxy() {
        FlowRecord f = flow(14, "140.82.121.4", 443, "closed", hello("github.com"), null, List.of(), null, "github.com");
        AuditResult r = audit(Map.of("HTTPS_PROXY", PROXY, "https_proxy", ""), f);
        AuditedFlow a = r.flows().get(0);
        assertEquals("GIT_HTTP_PROXY_EMPTY", a.reasonCode());
        assertEquals(Verdict.DIRECT_BYPASS, a.verdict());
        assertTrue(r.findings().get(0).remediation().startsWith("unset https_proxy"));
    }

    @Test
    void gitPlainHttpIgnoresUpperCaseHttpProxy() {
        HttpExchange refs = new HttpExchange("GET", "git.corp", "/team/lib/info/refs?service=git-upload-pack", "git/2.39.2", 200, null, 1L);
        FlowRecord f = flow(15, "10.9.9.9", 80, "closed", null, null, List.of(refs), null, "git.corp");
        AuditResult r = audit(Map.of("HTTP_PROXY", PROXY, "GOPRIVATE", "git.corp"), f);
        AuditedFlow a = r.flows().get(0);
        assertEquals(Role.VCS, a.role());
        assertEquals("GIT_HTTP_LOWER_ONLY", a.reasonCode());
        assertTrue(a.reason().contains("git ignores upper-case HTTP_PROXY"), a.reason());
        assertTrue(r.findings().get(0).remediation().startsWith("export http_proxy=" + PROXY));
    }

    @Test
    void dnsFlowsAreExempt() {
        FlowRecord f = new FlowRecord(16, "udp", 1, 2, "192.168.1.10", 5353, "192.168.1.1", 53, 1, 1, 40, 80, "udp", 0,
                null, null, null, null, List.of(), 0, null, List.of(), "192.168.1.1", List.of());
        AuditedFlow a = audit(Map.of("HTTPS_PROXY", PROXY), f).flows().get(0);
        assertEquals(Role.DNS, a.role());
        assertEquals(Verdict.DIRECT_EXEMPT, a.verdict());
    }

    @Test
    void proxyConnectionMatchedByDnsNameOfTheProxy() {
        FlowRecord f = new FlowRecord(17, "tcp", 1, 2, "192.168.1.10", 40001, "10.0.0.7", 3128, 3, 3, 10, 10, "closed", 1,
                null, null, null, null, List.of(), 0, null, List.of("proxy.corp."), "proxy.corp", List.of());
        AuditedFlow a = audit(Map.of("HTTPS_PROXY", "http://proxy.corp:3128"), f).flows().get(0);
        assertEquals(Route.PROXY, a.route());
        assertEquals(Role.PROXY, a.role());
        assertEquals("PROXY_CONNECTION", a.reasonCode());
    }

    private static ClientHello helloJa4(String sni, String ja4) {
        return new ClientHello(0x0303, sni, List.of("h2", "http/1.1"), List.of(0x0304, 0x0303), List.of(0x1301), List.of(0, 16, 43),
                List.of(0x0403), ja4, List.of());
    }

    @Test
    void goAndGitOnTheSameVcsHostAreToldApartByTheirClientHello() {
        // fingerprints as in samples/e2-git-only-http-proxy (Go 1.19.8 and git 2.39.5/libcurl 7.88.1)
        FlowRecord goGet = flow(20, "10.77.0.30", 443, "closed", helloJa4("git.lab.test", "t13d1910h2_9dc949149365_97f8aa674fd9"),
                null, List.of(), null, "git.lab.test");
        FlowRecord clone = flow(21, "10.77.0.30", 443, "closed", helloJa4("git.lab.test", "t13d2912h2_723694b0fccc_288f874c93d6"),
                null, List.of(), null, "git.lab.test");
        AuditResult r = audit(Map.of("HTTP_PROXY", PROXY, "GOPRIVATE", "git.lab.test"), goGet, clone);
        assertEquals("GO_HTTPS_PROXY_UNSET", r.flows().get(0).reasonCode());
        assertEquals("GIT_HTTPS_PROXY_UNSET", r.flows().get(1).reasonCode());
        assertEquals(2, r.findings().size());
        // ordered by host, port, reason code
        assertEquals("GIT_HTTPS_PROXY_UNSET", r.findings().get(0).reasonCode());
        assertTrue(r.findings().get(0).remediation().startsWith("git config --global http.proxy"), r.findings().get(0).remediation());
        assertTrue(r.findings().get(1).remediation().startsWith("export HTTPS_PROXY="), r.findings().get(1).remediation());
    }

    @Test
    void lookupFollowedByADirectConnectionIsJudgedOnTheConnection() {
        DnsLookup lookup = new DnsLookup(10, "udp", "192.168.1.10", 5353, "192.168.1.1", 53, 7, "git.lab.test", 1, 0,
                List.of("10.77.0.30"), 20, List.of());
        DnsLookup aaaa = new DnsLookup(11, "udp", "192.168.1.10", 5354, "192.168.1.1", 53, 8, "git.lab.test.", 28, 0,
                List.of("fd00:77::30"), 21, List.of());
        FlowRecord ssh = flow(22, "10.77.0.30", 22, "closed", null, null, List.of(), null, "git.lab.test");
        ProxyConfig c = ProxyConfig.of(Map.of("HTTPS_PROXY", PROXY, "GOPRIVATE", "git.lab.test"));
        AuditResult r = Auditor.audit(null, List.of(ssh), List.of(lookup, aaaa), c, Map.of());
        assertNull(r.dns().get(0).verdict());
        assertNull(r.dns().get(1).verdict());
        assertEquals(1, r.findings().size());
        assertEquals("GIT_SSH_TRANSPORT", r.findings().get(0).reasonCode());
        // matched by address too: a flow known only by IP that the A answer points at
        FlowRecord byIp = flow(23, "10.77.0.30", 443, "closed", null, null, List.of(), null, "10.77.0.30");
        AuditResult viaIp = Auditor.audit(null, List.of(byIp), List.of(lookup, aaaa), c, Map.of());
        assertNull(viaIp.dns().get(0).verdict());
        assertNull(viaIp.dns().get(1).verdict());
        AuditResult alone = Auditor.audit(null, List.of(), List.of(lookup), c, Map.of());
        assertEquals(Verdict.DIRECT_BYPASS, alone.dns().get(0).verdict());
    }

    /** The finding-group key pads the port by hand; it must equal the %05d form it replaced (sort order). */
    @org.junit.jupiter.api.Test
    void groupKeyPadsThePortLikeFormatDid() {
        for (int port : new int[] {0, 1, 53, 80, 443, 8080, 65535, 99999, 123456, -1}) {
            String expected = "proxy.golang.org\u0000" + String.format("%05d", port) + "\u0000DIRECT_BYPASS";
            org.junit.jupiter.api.Assertions.assertEquals(expected, FindingGrouper.key("proxy.golang.org", port, "DIRECT_BYPASS"),
                    "port " + port);
        }
    }

    private static FlowRecord udp(long id, String serverIp, int port) {
        return new FlowRecord(id, "udp", 1_000L * id, 1_000L * id + 500, "192.168.1.10", 40000 + (int) id, serverIp, port,
                1, 0, 300, 0, "udp", 0, null, null, null, null, List.of(), 0, null, List.of(), serverIp, List.of());
    }

    /** Issue 17's examples: with HTTP(S)_PROXY set, none of these is a fetch a proxy could have carried. */
    @Test
    void trafficNoProxyCouldCarryIsNotProxyableAndNeverAFinding() {
        Map<String, String> env = Map.of("HTTP_PROXY", PROXY, "HTTPS_PROXY", PROXY);
        AuditResult r = audit(env,
                udp(1, "255.255.255.255", 67),                                   // DHCP discover
                udp(2, "10.0.0.9", 17500),                                       // a UDP service (Dropbox LAN sync)
                flow(3, "172.18.0.2", 5432, "syn-only", null, null, List.of(), null, "172.18.0.2"), // database
                udp(4, "127.0.0.1", 5353),                                       // mDNS on loopback
                udp(5, "ff02::fb", 5353),
                udp(6, "224.0.0.251", 4000),
                udp(7, "fe80::1", 547),
                flow(8, "169.254.169.254", 80, "closed", null, null, List.of(new HttpExchange("GET", "169.254.169.254",
                        "/latest/meta-data/", "Go-http-client/1.1", 200, null, 1L)), null, "169.254.169.254"),
                udp(9, "10.0.0.9", 123));
        List<String> codes = r.flows().stream().map(AuditedFlow::reasonCode).toList();
        assertEquals(List.of("NOT_PROXYABLE_LOCAL_SERVICE", "NOT_PROXYABLE_UDP", "NOT_PROXYABLE_TCP",
                "NOT_PROXYABLE_LOCAL_SERVICE", "NOT_PROXYABLE_LOCAL_SERVICE", "NOT_PROXYABLE_MULTICAST",
                "NOT_PROXYABLE_LOCAL_SERVICE", "NOT_PROXYABLE_LINK_LOCAL", "NOT_PROXYABLE_LOCAL_SERVICE"), codes);
        for (AuditedFlow f : r.flows()) {
            assertEquals(Verdict.NOT_PROXYABLE, f.verdict(), f.reason());
            assertNull(f.client(), "no program's proxy rules apply: " + f);
        }
        assertTrue(r.findings().isEmpty(), r.findings().toString());
        assertEquals(0, FailOn.ANY.exitCode(r.findings()));
        // the same flows without any proxy configured: still not proxyable, not "unproxied"
        assertTrue(audit(Map.of(), udp(1, "255.255.255.255", 67)).flows().get(0).verdict() == Verdict.NOT_PROXYABLE);
    }

    @Test
    void fetchPortsAndQuicStayJudgedAsFetches() {
        Map<String, String> env = Map.of("HTTPS_PROXY", PROXY);
        AuditResult r = audit(env,
                flow(1, "203.0.113.7", 443, "syn-only", null, null, List.of(), null, "203.0.113.7"),      // k-firewall-hang
                udp(2, "142.250.204.46", 443),                                                             // QUIC: issue 18
                flow(3, "203.0.113.8", 5000, "closed", hello("registry.corp"), null, List.of(), null, "registry.corp"),
                flow(4, "203.0.113.9", 1080, "open", null, null, List.of(), null, "203.0.113.9"));   // SOCKS port
        for (AuditedFlow f : r.flows()) {
            assertEquals(Verdict.DIRECT_BYPASS, f.verdict(), f.flow().serverPort() + ": " + f.reason());
        }
    }

    /** A proxy elsewhere could not reach this machine's loopback: exempt for Go (its own rule) and for git (no rule). */
    @Test
    void loopbackIsExemptForEveryClient() {
        Map<String, String> env = Map.of("HTTP_PROXY", PROXY, "HTTPS_PROXY", PROXY, "https_proxy", PROXY);
        AuditResult r = audit(env,
                flow(1, "127.0.0.1", 4433, "closed", hello("localhost"), null, List.of(), null, "localhost"),
                flow(2, "::1", 8080, "closed", null, null, List.of(new HttpExchange("GET", "[::1]:8080", "/repo.git/info/refs",
                        "git/2.39.5", 200, null, 1L)), null, "::1"),
                flow(3, "127.0.0.53", 443, "closed", null, null, List.of(), null, "127.0.0.53"));
        assertEquals(List.of("GO_LOOPBACK", "LOOPBACK", "GO_LOOPBACK"), r.flows().stream().map(AuditedFlow::reasonCode).toList());
        for (AuditedFlow f : r.flows()) {
            assertEquals(Verdict.DIRECT_EXEMPT, f.verdict(), f.reason());
        }
        assertTrue(r.findings().isEmpty(), r.findings().toString());
    }

    /**
     * Issue 17: several proxies seen and no configuration. The most used one (two CONNECTs, one refused with 407) is
     * assumed; the other (one absolute-URI request) is listed; the direct Go fetch is judged against the assumed one.
     */
    @Test
    void withSeveralProxiesSeenTheMostUsedIsAssumedAndTheOthersListed() {
        FlowRecord c1 = flow(1, "10.0.0.5", 3128, "closed", null, hello("proxy.golang.org"), List.of(),
                new ConnectInfo("proxy.golang.org:443", "proxy.golang.org", 443, 200, null), "proxy.golang.org");
        FlowRecord c2 = flow(2, "10.0.0.5", 3128, "closed", null, null, List.of(),
                new ConnectInfo("sum.golang.org:443", "sum.golang.org", 443, 407, null), "sum.golang.org");
        HttpExchange get = new HttpExchange("GET", "example.org", "http://example.org/", "curl/8", 200, null, 1L);
        FlowRecord other = flow(3, "192.0.2.9", 8080, "closed", null, null, List.of(get), null, "example.org");
        FlowRecord direct = flow(4, "142.250.1.1", 443, "closed", hello("proxy.golang.org"), null, List.of(), null,
                "proxy.golang.org");
        AuditResult r = audit(Map.of("NO_PROXY", "internal.corp"), c1, c2, other, direct);
        assertEquals(List.of("10.0.0.5:3128", "192.0.2.9:8080"), r.proxiesSeen().stream().map(ProxySeen::address).toList());
        assertEquals(List.of("CONNECT 200", "CONNECT 407"), r.proxiesSeen().get(0).how());
        assertEquals(List.of("absolute-URI"), r.proxiesSeen().get(1).how());
        assertEquals("http://10.0.0.5:3128", r.assumption().proxyUrl());
        assertTrue(r.assumption().sentence().contains("other proxies seen: 192.0.2.9:8080 (absolute-URI, 1 flow)"),
                r.assumption().sentence());
        AuditedFlow d = r.flows().get(3);
        assertEquals(Verdict.DIRECT_BYPASS, d.verdict());
        assertEquals("PROXY_SEEN_NOT_CONFIGURED", d.reasonCode());
        assertEquals(1, r.findings().size());
        assertEquals("PROXY_SEEN_NOT_CONFIGURED", r.findings().get(0).reasonCode());
        // the proxied flows keep their first verdicts: a proxy seen, not a configured one
        assertTrue(r.flows().get(0).reason().contains("detected proxy"), r.flows().get(0).reason());
        // a NO_PROXY the configuration has still exempts under the assumption
        FlowRecord exempt = flow(5, "10.1.1.1", 443, "closed", hello("git.internal.corp"), null, List.of(), null,
                "git.internal.corp");
        assertEquals(Verdict.DIRECT_EXEMPT, audit(Map.of("NO_PROXY", "internal.corp"), c1, exempt).flows().get(1).verdict());
        // a direct connection to the proxy's own address is not a fetch it could carry: it keeps its first verdict
        HttpExchange plain = new HttpExchange("GET", "10.0.0.5", "/", "curl/8", 200, null, 1L);
        FlowRecord toProxy = flow(6, "10.0.0.5", 3128, "closed", null, null, List.of(plain), null, "10.0.0.5");
        assertEquals(Verdict.DIRECT_UNPROXIED, audit(Map.of(), c1, toProxy).flows().get(1).verdict());
        // with a proxy configured nothing is assumed, and the proxies seen are still listed
        AuditResult configured = audit(Map.of("HTTPS_PROXY", PROXY), c1, direct);
        assertEquals(null, configured.assumption());
        assertEquals(1, configured.proxiesSeen().size());
        assertEquals("CLIENT_IGNORED_PROXY", configured.flows().get(1).reasonCode());
    }
}
