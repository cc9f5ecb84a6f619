package io.proxyaudit.audit;

import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.client.ClientPolicies;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.FlowSink;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.Role;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Audits one capture's flows and DNS lookups against the proxy configuration: each flow is judged by
 * {@link FlowJudge}, the lookups by {@link DnsJudge} once every flow is known, and the bypasses are grouped into
 * findings with their fix by {@link FindingGrouper}.
 */
public final class Auditor {
    /** Counters of connections that carried DNS the capture cannot read (present only when one of them is not 0). */
    public static final String ENCRYPTED_DNS_TLS = "audit_dns_over_tls_flows";
    public static final String ENCRYPTED_DNS_HTTPS = "audit_dns_over_https_flows";

    private Auditor() {}

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
    public static final class Session implements FlowSink {
        private final ProxyConfig config;
        private final FlowJudge flowJudge;
        private final DnsJudge dnsJudge;
        private final FindingGrouper findings;
        private final ProxiesSeen proxiesSeen = new ProxiesSeen();
        private final ProxyAssumption assumption;
        private final EndpointCatalogue catalogue;
        private final int maxKept;
        private final Allowlist allowlist;
        private final List<AuditedFlow> kept = new ArrayList<>();
        private final List<DnsLookup> lookups = new ArrayList<>();
        private long flowsNotKept;
        private long dnsNotKept;
        private long dnsOverTls;
        private long dnsOverHttps;

        public Session(ProxyConfig config, int maxKept) {
            this(config, maxKept, Allowlist.NONE);
        }

        /** @param allowlist the destinations that may go direct ({@code --allow}) */
        public Session(ProxyConfig config, int maxKept, Allowlist allowlist) {
            this(config, maxKept, null, EndpointCatalogue.of(config), allowlist);
        }

        /**
         * A session judging under an assumed configuration ({@code assumption} non-null: the second pass). The
         * catalogue stays the first pass's: which connections went to a proxy does not depend on the assumption.
         */
        private Session(ProxyConfig config, int maxKept, ProxyAssumption assumption, EndpointCatalogue catalogue,
                        Allowlist allowlist) {
            ClientPolicies policies = ClientPolicies.of(config);
            this.allowlist = allowlist;
            this.catalogue = catalogue;
            this.config = config;
            this.assumption = assumption;
            this.flowJudge = new FlowJudge(config, catalogue, policies, assumption != null);
            this.dnsJudge = new DnsJudge(config, catalogue, policies);
            this.findings = new FindingGrouper(policies);
            this.maxKept = Math.max(0, maxKept);
        }

        @Override
        public void onFlow(FlowRecord f) {
            judged(flowJudge.judge(f));
        }

        /** Records a flow judged by the first pass, judged again under this session's assumed configuration. */
        private void rejudged(AuditedFlow first) {
            judged(flowJudge.rejudge(first));
        }

        private void judged(AuditedFlow af) {
            FlowRecord f = af.flow();
            if (assumption != null && af.verdict() == Verdict.DIRECT_BYPASS) {
                // the client's rules send it through the assumed proxy: the distinct code; a rule of its own (ssh,
                // git's lower-case http_proxy) keeps its code and fix, with the assumption in the reason
                String code = af.reasonCode().equals(ReasonCode.CLIENT_IGNORED_PROXY.name())
                        || af.reasonCode().equals(ReasonCode.NOT_GO_OR_GIT_CLIENT.name()) ? ProxyAssumption.CODE : af.reasonCode();
                af = new AuditedFlow(f, af.role(), af.route(), af.proxy(), af.target(), af.verdict(), code,
                        assumption.reason(af.reason()), af.unanswered(), af.attribution());
            }
            record(f, allowlist.apply(af));
        }

        private void record(FlowRecord f, AuditedFlow af) {
            if (af.role() == Role.DNS_OVER_TLS) {
                dnsOverTls++;
            } else if (af.role() == Role.DNS_OVER_HTTPS) {
                dnsOverHttps++;
            }
            proxiesSeen.add(f, af);
            dnsJudge.onFlow(f, af);
            findings.addFlow(f, af);
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

        /**
         * Judges the DNS lookups (which need every direct flow first) and builds the result. When no proxy is
         * configured but the capture shows one in use, the kept flows and lookups are judged again under the
         * {@link ProxyAssumption} (its verdicts replace the first ones).
         */
        public AuditResult finish(CaptureSummary capture, Map<String, Long> flowCounters) {
            List<ProxySeen> seen = proxiesSeen.list();
            if (assumption == null && !config.anyProxyConfigured() && !seen.isEmpty()) {
                ProxyAssumption a = new ProxyAssumption(seen.get(0), List.copyOf(seen.subList(1, seen.size())), flowsNotKept);
                Session again = new Session(config.assumingProxy(a.proxyUrl(), "assumed from the capture"), maxKept, a,
                        catalogue, allowlist);
                Set<String> proxyAddresses = new HashSet<>();
                seen.forEach(p -> proxyAddresses.add(p.address()));
                kept.sort(Comparator.comparingLong(x -> x.flow().id()));
                for (AuditedFlow x : kept) {
                    // a proxied flow stays as it was, and so does a direct one to a proxy's own address (not a fetch
                    // the proxy could carry: e.g. an origin server that was also sent an absolute-URI request)
                    if (x.route() == Route.PROXY || proxyAddresses.contains(ProxiesSeen.address(x.flow()))) {
                        again.record(x.flow(), x);
                    } else {
                        again.rejudged(x);
                    }
                }
                lookups.forEach(again::onDns);
                again.flowsNotKept = flowsNotKept;
                again.dnsNotKept = dnsNotKept;
                AuditResult r = again.finish(capture, flowCounters);
                return new AuditResult(r.capture(), r.config(), r.flows(), r.dns(), r.findings(), r.flowCounters(),
                        seen, a);
            }
            return finishJudging(capture, flowCounters, seen);
        }

        private AuditResult finishJudging(CaptureSummary capture, Map<String, Long> flowCounters, List<ProxySeen> seen) {
            kept.sort(Comparator.comparingLong(a -> a.flow().id()));
            List<DnsLookup> sortedDns = new ArrayList<>(lookups);
            sortedDns.sort(Comparator.comparingLong(DnsLookup::queryNanos).thenComparing(DnsLookup::qname)
                    .thenComparingInt(DnsLookup::id));
            dnsJudge.onLookups(sortedDns);
            List<AuditedDns> auditedDns = new ArrayList<>(sortedDns.size());
            for (DnsLookup d : sortedDns) {
                AuditedDns ad = dnsJudge.judge(d);
                // a lookup whose answer a SOCKS request carried is the client's own resolution whatever was configured
                if (assumption != null && ad.verdict() == Verdict.DIRECT_BYPASS
                        && !ReasonCode.SOCKS_LOCAL_RESOLUTION.name().equals(ad.reasonCode())) {
                    ad = new AuditedDns(ad.lookup(), ad.role(), ad.verdict(), ProxyAssumption.CODE, assumption.reason(ad.reason()));
                }
                auditedDns.add(ad);
                findings.addLookup(d, ad);
            }
            Map<String, Long> counters = new LinkedHashMap<>();
            if (flowCounters != null) {
                counters.putAll(flowCounters);
            }
            if (flowsNotKept > 0 || dnsNotKept > 0) {
                counters.put("audit_flows_not_listed", flowsNotKept);
                counters.put("audit_dns_not_listed", dnsNotKept);
            }
            if (dnsOverTls + dnsOverHttps > 0) {
                // names resolved there are not among the lookups: the DNS view says so (report, summary)
                counters.put(ENCRYPTED_DNS_TLS, dnsOverTls);
                counters.put(ENCRYPTED_DNS_HTTPS, dnsOverHttps);
            }
            if (proxiesSeen.flowsNotTold() > 0) {
                counters.put("audit_proxy_flows_not_told_apart", proxiesSeen.flowsNotTold());
            }
            return new AuditResult(capture, config.entries(), List.copyOf(kept), List.copyOf(auditedDns),
                    List.copyOf(findings.findings()), Collections.unmodifiableMap(counters), seen, assumption);
        }
    }
}
