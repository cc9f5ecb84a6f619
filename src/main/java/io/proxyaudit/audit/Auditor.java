package io.proxyaudit.audit;

import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.flow.ConnectInfo;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowHost;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.flow.HttpExchange;
import io.proxyaudit.policy.GitProxySelector;
import io.proxyaudit.policy.GoProxySelector;
import io.proxyaudit.policy.HostPort;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ProxyUrl;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.Redaction;
import io.proxyaudit.policy.RouteDecision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Classifies every flow and DNS lookup of a capture against the proxy configuration: the route it took
 * (a configured or detected proxy: CONNECT tunnel or absolute-URI request; else direct), the destination's
 * role, which client probably made it, what that client's rules say, and the verdict. Direct bypasses are
 * grouped into findings by (host, port, reason code), each with a remediation line.
 *
 * <p>Client guess: port 22 to a VCS host is git over ssh; a {@code Go-http-client} User-Agent or a Go role
 * (module-proxy, checksum-db, go-get, toolchain, api.bitbucket.org) is cmd/go's HTTP client; a {@code git/}
 * User-Agent or {@code /info/refs} is git over curl; TLS to a VCS host is told apart by the ClientHello
 * ({@link ClientFingerprints}: Go's crypto/tls vs libcurl), else taken as git over curl; anything else is
 * "other", judged by the common environment rules (Go's).
 */
public final class Auditor {
    /** Flow ids kept per finding; {@link Finding#flowCount()} has the full count. */
    public static final int MAX_FINDING_IDS = 100;

    private final ProxyConfig config;
    private final EndpointCatalogue catalogue;
    private final GoProxySelector go;
    private final GitProxySelector git;

    private Auditor(ProxyConfig config) {
        this.config = config;
        this.catalogue = EndpointCatalogue.of(config);
        this.go = new GoProxySelector(config);
        this.git = new GitProxySelector(config);
    }

    /** Audits one capture's flows and lookups; output order is by flow id, then lookup time. */
    public static AuditResult audit(CaptureSummary capture, List<FlowRecord> flows, List<DnsLookup> dns,
                                    ProxyConfig config, Map<String, Long> flowCounters) {
        Session session = new Session(config, Integer.MAX_VALUE);
        List<FlowRecord> sortedFlows = new ArrayList<>(flows);
        sortedFlows.sort(Comparator.comparingLong(FlowRecord::id));
        sortedFlows.forEach(session::onFlow);
        dns.forEach(session::onDns);
        return session.finish(capture, flowCounters);
    }

    /**
     * Incremental audit of one capture as its flows end: each flow is judged when it arrives, findings are
     * grouped on the way, and at most {@code maxKept} audited flows and DNS lookups are kept for the listings
     * (report, NDJSON, CSV). What is not kept is still judged and counted in the findings, and the numbers not
     * kept are reported as the counters {@code audit_flows_not_listed} / {@code audit_dns_not_listed}; so memory
     * is bounded by the option, not by the capture.
     */
    public static final class Session implements io.proxyaudit.flow.FlowSink {
        private final Auditor auditor;
        private final ProxyConfig config;
        private final int maxKept;
        private final List<AuditedFlow> kept = new ArrayList<>();
        private final List<DnsLookup> lookups = new ArrayList<>();
        private final java.util.Set<String> directIps = new java.util.HashSet<>();
        private final java.util.Set<String> directNames = new java.util.HashSet<>();
        private final Map<String, Group> groups = new TreeMap<>();
        private long flowsNotKept;
        private long dnsNotKept;

        public Session(ProxyConfig config, int maxKept) {
            this.auditor = new Auditor(config);
            this.config = config;
            this.maxKept = Math.max(0, maxKept);
        }

        @Override
        public void onFlow(FlowRecord f) {
            AuditedFlow af = auditor.auditFlow(f);
            if (af.route() == Route.DIRECT) {
                directIps.add(f.serverIp());
                if (af.target() != null) {
                    directNames.add(HostPort.ofAuthority(af.target()).host().toLowerCase(Locale.ROOT));
                }
            }
            if (af.verdict() == Verdict.DIRECT_BYPASS) {
                HostPort hp = HostPort.ofAuthority(af.target());
                String host = hp.host();
                int port = f.serverPort();
                groups.computeIfAbsent(key(host, port, af.reasonCode()),
                        k -> new Group(host, port, af.role(), af.reasonCode(), af.reason())).add(f.id(), f.startNanos(), f.endNanos());
            }
            if (kept.size() < maxKept) {
                kept.add(af);
            } else {
                flowsNotKept++;
            }
        }

        @Override
        public void onDns(DnsLookup d) {
            if (lookups.size() < maxKept) {
                lookups.add(d);
            } else {
                dnsNotKept++;
            }
        }

        /** Judges the DNS lookups (which need every direct flow first) and builds the result. */
        public AuditResult finish(CaptureSummary capture, Map<String, Long> flowCounters) {
            kept.sort(Comparator.comparingLong(a -> a.flow().id()));
            List<DnsLookup> sortedDns = new ArrayList<>(lookups);
            sortedDns.sort(Comparator.comparingLong(DnsLookup::queryNanos).thenComparing(DnsLookup::qname)
                    .thenComparingInt(DnsLookup::id));
            // names the capture shows connected directly (by flow name, or by a lookup answer that was connected to)
            for (DnsLookup d : sortedDns) {
                if (d.answers() != null && d.qname() != null && d.answers().stream().anyMatch(directIps::contains)) {
                    directNames.add(normalName(d.qname()));
                }
            }
            List<AuditedDns> auditedDns = new ArrayList<>(sortedDns.size());
            for (DnsLookup d : sortedDns) {
                AuditedDns ad = auditor.auditDns(d, directNames);
                auditedDns.add(ad);
                if (ad.verdict() == Verdict.DIRECT_BYPASS) {
                    String q = d.qname().toLowerCase(Locale.ROOT);
                    String host = q.endsWith(".") ? q.substring(0, q.length() - 1) : q;
                    long end = d.responseNanos() == Long.MIN_VALUE ? d.queryNanos() : d.responseNanos();
                    groups.computeIfAbsent(key(host, 0, ad.reasonCode()),
                            k -> new Group(host, 0, ad.role(), ad.reasonCode(), ad.reason())).add(-1, d.queryNanos(), end);
                }
            }
            List<Finding> findings = new ArrayList<>();
            for (Group g : groups.values()) {
                List<Long> ids = new ArrayList<>(g.ids);
                java.util.Collections.sort(ids);
                findings.add(new Finding(Verdict.DIRECT_BYPASS, g.role, g.host, g.port, g.count, List.copyOf(ids), g.first,
                        g.last, g.code, g.reason, auditor.remediation(g.code, g.host, g.port)));
            }
            Map<String, Long> counters = new java.util.LinkedHashMap<>();
            if (flowCounters != null) {
                counters.putAll(flowCounters);
            }
            if (flowsNotKept > 0 || dnsNotKept > 0) {
                counters.put("audit_flows_not_listed", flowsNotKept);
                counters.put("audit_dns_not_listed", dnsNotKept);
            }
            return new AuditResult(capture, config.entries(), List.copyOf(kept), List.copyOf(auditedDns),
                    List.copyOf(findings), java.util.Collections.unmodifiableMap(counters));
        }
    }

    /** The catalogue used (for documentation output). */
    public static EndpointCatalogue catalogue(ProxyConfig config) {
        return EndpointCatalogue.of(config);
    }

    AuditedFlow auditFlow(FlowRecord f) {
        boolean unanswered = "syn-only".equals(f.state());
        List<String> targets = httpTargets(f);
        ProxyUrl known = catalogue.proxyAt(f.serverIp(), f.serverPort(), f.serverNames());
        ConnectInfo connect = f.connect();
        HttpExchange absolute = null;
        if (f.http() != null) {
            for (HttpExchange x : f.http()) {
                if (x.target() != null && isAbsolute(x.target())) {
                    absolute = x;
                    break;
                }
            }
        }
        if (known != null || connect != null || absolute != null) {
            return proxied(f, known, connect, absolute, targets, unanswered);
        }
        String host = FlowHost.of(f).toLowerCase(Locale.ROOT); // names match case-insensitively (RFC 4343)
        int port = f.serverPort();
        Role role = port == 53 ? Role.DNS : catalogue.role(host, port, targets);
        String target = hostPort(host, port);
        if (role == Role.DNS) {
            return new AuditedFlow(f, role, Route.DIRECT, null, target, Verdict.DIRECT_EXEMPT,
                    ReasonCode.DNS_NOT_PROXIED.name(), "DNS traffic: HTTP proxies do not carry name resolution", unanswered);
        }
        String client = guessClient(f, f.clientHello(), role, host, port);
        String scheme = schemeOf(f, port);
        RouteDecision d = decide(client, scheme, host, port, f.serverIp(), targets);
        Verdict verdict;
        String code;
        String reason;
        if (!config.anyProxyConfigured()) {
            verdict = Verdict.DIRECT_UNPROXIED;
            code = ReasonCode.NO_PROXY_CONFIGURED.name();
            reason = "no proxy is configured (no HTTPS_PROXY, HTTP_PROXY, ALL_PROXY or git http.proxy)";
        } else if (d.route() == RouteDecision.Kind.PROXY) {
            verdict = Verdict.DIRECT_BYPASS;
            if (client.equals("other")) {
                code = ReasonCode.NOT_GO_OR_GIT_CLIENT.name();
                reason = "not a Go or git client: the proxy " + d.proxyUrl() + " applies to " + target
                        + " under the environment rules, but this connection went direct";
            } else {
                code = ReasonCode.CLIENT_IGNORED_PROXY.name();
                reason = client + " would send this through " + d.proxyUrl() + " (" + d.reason()
                        + "), but the connection went direct: the process had another environment, or is not " + client;
            }
        } else if (d.route() == RouteDecision.Kind.DIRECT && d.reasonCode() != null && d.reasonCode().isExempt()) {
            verdict = Verdict.DIRECT_EXEMPT;
            code = d.reasonCode().name();
            reason = d.reason();
        } else {
            verdict = Verdict.DIRECT_BYPASS;
            code = d.reasonCode() == null ? ReasonCode.NOT_GO_OR_GIT_CLIENT.name() : d.reasonCode().name();
            reason = (client.equals("other") ? "not a Go or git client; " : "") + d.reason();
        }
        if (unanswered) {
            reason = "unanswered direct attempt (SYN only, " + f.synCount() + " SYN" + (f.synCount() == 1 ? "" : "s")
                    + "): " + reason;
        }
        return new AuditedFlow(f, role, Route.DIRECT, null, target, verdict, code, reason, unanswered, client);
    }

    private AuditedFlow proxied(FlowRecord f, ProxyUrl known, ConnectInfo connect, HttpExchange absolute,
                                List<String> targets, boolean unanswered) {
        String proxy = known != null ? known.redacted()
                : "http://" + (f.serverIp().indexOf(':') >= 0 ? "[" + f.serverIp() + "]" : f.serverIp()) + ":" + f.serverPort();
        String how;
        String host = null;
        int port = -1;
        if (connect != null) {
            host = connect.targetHost();
            port = connect.targetPort();
            how = "CONNECT tunnel to " + connect.target() + (connect.status() == 0 ? "" : " (proxy answered "
                    + connect.status() + ")");
        } else if (absolute != null) {
            HostPort hp = HostPort.ofUrl(absolute.target());
            host = hp.host();
            port = hp.port() >= 0 ? hp.port() : absolute.target().regionMatches(true, 0, "https:", 0, 6) ? 443 : 80;
            how = "absolute-URI " + absolute.method() + " " + Redaction.redact(truncate(absolute.target()));
        } else if (f.tunnelHello() != null && f.tunnelHello().sni() != null) {
            host = f.tunnelHello().sni();
            port = 443;
            how = "TLS to " + host + " inside a tunnel";
        } else {
            how = "connection to the proxy";
        }
        if (host != null && host.isEmpty()) {
            host = null;
        }
        Role role = host == null ? Role.PROXY : catalogue.role(host, port, targets);
        String target = host == null ? null : hostPort(host.toLowerCase(Locale.ROOT), port);
        String origin = known != null ? "configured proxy " : "detected proxy ";
        String reason = how + " through " + origin + proxy;
        String code = host == null ? ReasonCode.PROXY_CONNECTION.name() : ReasonCode.PROXIED.name();
        if (unanswered) {
            reason = "unanswered attempt (SYN only) to " + origin + proxy;
        }
        String client = host == null ? null : guessClient(f, f.tunnelHello(), role, host, port);
        return new AuditedFlow(f, role, Route.PROXY, proxy, target, Verdict.PROXIED, code, reason, unanswered, client);
    }

    /**
     * @param directNames names the capture shows connected directly (a direct flow to that name, or a lookup of it
     *                    whose answer was connected to): those connections are judged on their own (e.g. ssh
     *                    resolving the host), so the lookups are not flagged again
     */
    AuditedDns auditDns(DnsLookup d, java.util.Set<String> directNames) {
        String q = d.qname() == null ? "" : d.qname().toLowerCase(Locale.ROOT);
        if (q.endsWith(".")) {
            q = q.substring(0, q.length() - 1);
        }
        if (catalogue.isProxyName(q)) {
            return new AuditedDns(d, Role.PROXY, null, null, null);
        }
        Role role = catalogue.hostRole(q);
        if (!role.isGoRelated() || (d.qtype() != 1 && d.qtype() != 28) || !config.anyProxyConfigured()) {
            return new AuditedDns(d, role, null, null, null);
        }
        String client = role == Role.VCS && !q.equals("api.bitbucket.org") ? "git-curl" : "go-http";
        RouteDecision r = decide(client, "https", q, 443, null, List.of());
        if (r.route() != RouteDecision.Kind.PROXY) {
            return new AuditedDns(d, role, null, null, null);
        }
        if (directNames.contains(q)) {
            return new AuditedDns(d, role, null, null, null);
        }
        if (client.equals("git-curl") && r.proxyUrl() != null && (r.proxyUrl().startsWith("socks5://")
                || r.proxyUrl().startsWith("socks4://"))) {
            return new AuditedDns(d, role, null, null, null); // curl resolves locally for socks5:// and socks4://
        }
        return new AuditedDns(d, role, Verdict.DIRECT_BYPASS, ReasonCode.DNS_LOOKUP_WHILE_PROXIED.name(),
                "a " + client + " client using the proxy " + r.proxyUrl() + " for " + q + " lets the proxy resolve the"
                        + " name; this local lookup means some process connects, or tries to connect, to " + q + " directly");
    }

    private RouteDecision decide(String client, String scheme, String host, int port, String ip, List<String> targets) {
        return switch (client) {
            case "git-ssh" -> git.decideEffective("ssh://" + hostText(host) + "/");
            case "git-daemon" -> git.decideEffective("git://" + hostText(host) + "/");
            case "git-curl" -> git.decideEffective(scheme + "://" + hostText(host) + (port == 443 || port == 80 ? "" : ":" + port)
                    + pathOf(targets));
            default -> go.decide(scheme, host, port, ip);
        };
    }

    private static String pathOf(List<String> targets) {
        for (String t : targets) {
            if (t != null && t.startsWith("/")) {
                return t;
            }
        }
        return "/";
    }

    private static String hostText(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** @param hello the ClientHello the client sent to the origin (the tunnelled one for CONNECT), or null */
    private String guessClient(FlowRecord f, ClientHello hello, Role role, String host, int port) {
        if (port == 22 && role == Role.VCS) {
            return "git-ssh";
        }
        if (port == 9418) {
            return "git-daemon";
        }
        if (f.http() != null) {
            for (HttpExchange x : f.http()) {
                String ua = x.userAgent() == null ? "" : x.userAgent();
                if (ua.startsWith("Go-http-client")) {
                    return "go-http";
                }
                if (ua.startsWith("git/") || (x.target() != null && (x.target().contains("/info/refs")
                        || x.target().contains("git-upload-pack")))) {
                    return "git-curl";
                }
            }
        }
        if (role == Role.VCS && hello != null) {
            String family = ClientFingerprints.family(hello.ja4());
            if (family != null) {
                return family;
            }
        }
        return switch (role) {
            case MODULE_PROXY, CHECKSUM_DB, GO_GET, TOOLCHAIN -> "go-http";
            case VCS -> host.equalsIgnoreCase("api.bitbucket.org") ? "go-http" : port == 22 ? "git-ssh" : "git-curl";
            default -> "other";
        };
    }

    private static String schemeOf(FlowRecord f, int port) {
        if (f.clientHello() != null) {
            return "https";
        }
        if (f.http() != null && !f.http().isEmpty()) {
            return "http";
        }
        return port == 80 ? "http" : "https";
    }

    /** Best destination name of a direct flow: SNI, HTTP Host, the flow's host, a DNS name, else the IP. */
    private static List<String> httpTargets(FlowRecord f) {
        List<String> out = new ArrayList<>();
        if (f.http() != null) {
            for (HttpExchange x : f.http()) {
                if (x.target() != null) {
                    out.add(x.target());
                }
            }
        }
        return out;
    }

    private static String normalName(String qname) {
        String q = qname.toLowerCase(Locale.ROOT);
        return q.endsWith(".") ? q.substring(0, q.length() - 1) : q;
    }

    private static boolean isAbsolute(String target) {
        return target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8);
    }

    private static String hostPort(String host, int port) {
        return hostText(host) + ":" + port;
    }

    private static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    // ---- findings -------------------------------------------------------------------------------------

    /** Groups sort by host, then port (zero-padded to 5 digits, so text order is number order), then reason. */
    static String key(String host, int port, String code) {
        // by hand, not String.format("%05d"): this runs for every flow, and Formatter cost 36 ms per 1 GB capture
        String digits = Integer.toString(port);
        StringBuilder b = new StringBuilder(host.length() + 8 + code.length()).append(host).append('\u0000');
        if (port >= 0) {
            for (int i = digits.length(); i < 5; i++) {
                b.append('0');
            }
            b.append(digits);
        } else {
            b.append(String.format("%05d", port)); // never a port; kept as it was
        }
        return b.append('\u0000').append(code).toString();
    }

    private static final class Group {
        final String host;
        final int port;
        final Role role;
        final String code;
        final String reason;
        final List<Long> ids = new ArrayList<>();
        long count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        Group(String host, int port, Role role, String code, String reason) {
            this.host = host;
            this.port = port;
            this.role = role;
            this.code = code;
            this.reason = reason;
        }

        void add(long id, long start, long end) {
            count++;
            if (id >= 0 && ids.size() < MAX_FINDING_IDS) {
                ids.add(id);
            }
            first = Math.min(first, start);
            last = Math.max(last, end);
        }
    }

    /** One line to copy that removes the bypass. Proxy URLs in it are redacted: put the password back. */
    String remediation(String code, String host, int port) {
        String proxy = suggestedProxy();
        ReasonCode rc;
        try {
            rc = ReasonCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            return "export HTTPS_PROXY=" + proxy;
        }
        return switch (rc) {
            case GO_HTTPS_PROXY_UNSET -> "export HTTPS_PROXY=" + proxy + "   # Go >= 1.16 uses only HTTPS_PROXY for https://";
            case GO_HTTP_PROXY_UNSET -> "export HTTP_PROXY=" + proxy;
            case GO_ALL_PROXY_IGNORED -> "export HTTPS_PROXY=" + proxy + "   # Go never reads ALL_PROXY";
            case GO_PROXY_UNPARSABLE, GO_PROXY_UNSUPPORTED_SCHEME -> "export HTTPS_PROXY=" + proxy
                    + "   # the current value cannot be used by Go";
            case GO_CGI_REFUSED -> "unset REQUEST_METHOD   # Go refuses HTTP_PROXY in a CGI environment";
            case GIT_HTTPS_PROXY_UNSET -> "git config --global http.proxy " + proxy + "   # or: export https_proxy=" + proxy;
            case GIT_HTTP_PROXY_UNSET, GIT_HTTP_LOWER_ONLY -> "export http_proxy=" + proxy + "   # git reads only lower-case http_proxy for http://";
            case GIT_HTTP_PROXY_EMPTY -> emptyProxyFix();
            case GIT_SSH_TRANSPORT -> sshFix(host);
            case GIT_DAEMON_TRANSPORT -> "git config --global core.gitProxy '<proxy command> for " + host + "'   # or use an https:// remote";
            case CURL_PROXY_UNSUPPORTED_SCHEME -> "export https_proxy=" + proxy + "   # curl supports http, https, socks4(a), socks5(h) proxies";
            case DNS_LOOKUP_WHILE_PROXIED -> "find the process resolving " + host + ": it connects directly; run it with"
                    + " HTTPS_PROXY=" + proxy + " (and https_proxy for git)";
            case NOT_GO_OR_GIT_CLIENT -> "configure the proxy in the program connecting to " + host + ":" + port
                    + " (it ignores the proxy variables), or block direct egress to it";
            case CLIENT_IGNORED_PROXY -> "run the build with the audited environment, e.g. export HTTPS_PROXY=" + proxy;
            default -> "export HTTPS_PROXY=" + proxy;
        };
    }

    private String emptyProxyFix() {
        if ("".equals(config.get("git.http.proxy"))) {
            return "git config --global --unset http.proxy   # an empty http.proxy disables git's proxy";
        }
        for (String v : new String[] {"https_proxy", "HTTPS_PROXY", "http_proxy", "all_proxy", "ALL_PROXY"}) {
            if ("".equals(config.get(v))) {
                return "unset " + v + "   # set but empty, it overrides the other proxy variables in git";
            }
        }
        return "git config --global http.proxy " + suggestedProxy();
    }

    private String sshFix(String host) {
        for (String prefix : new String[] {"https://" + host + "/", "https://" + host}) {
            String key = git.rewriteKey(prefix + "x/y");
            if (key != null) {
                return "git config --global --unset " + key + "   # keep https:// remotes, which honour https_proxy";
            }
        }
        ProxyUrl p = ProxyUrl.parseCurl(suggestedProxy());
        String hp = p == null ? "PROXYHOST:PORT" : p.host() + ":" + p.effectivePort();
        return "add to ~/.ssh/config: Host " + host + " ProxyCommand nc -X connect -x " + hp + " %h %p";
    }

    /** The proxy to recommend: HTTPS_PROXY, else HTTP_PROXY, ALL_PROXY, a git proxy, a --proxy, redacted. */
    private String suggestedProxy() {
        for (String k : new String[] {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"}) {
            String v = config.nonEmpty(k);
            if (v != null) {
                ProxyUrl p = ProxyUrl.parseCurl(v);
                if (p != null) {
                    return p.redacted();
                }
            }
        }
        List<ProxyUrl> known = config.knownProxies();
        return known.isEmpty() ? "http://PROXYHOST:PORT" : known.get(0).redacted();
    }
}
