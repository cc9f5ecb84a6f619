package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditTotalsTest {
    @Test
    void countsSplitGoBypassesFromOthers() {
        AuditTotals t = AuditTotals.of(ReportFixtures.small());
        assertEquals(new AuditTotals(5, 2, 0, 2, 1, 0, 0, 1, 2, 2), t);
        assertEquals("2 connections of Go fetches went direct although a proxy was configured.", t.sentence());
    }

    @Test
    void sentencesForEachSituation() {
        AuditResult small = ReportFixtures.small();
        assertEquals("No connection bypassed the proxy: 2 connections went through it, 1 went direct as exempted.",
                AuditTotals.of(only(small, Verdict.PROXIED, Verdict.DIRECT_EXEMPT)).sentence());
        assertEquals("No Go fetch bypassed the proxy, but 15 other connections went direct although a proxy was configured.",
                AuditTotals.of(ReportFixtures.hostile()).sentence());
        assertEquals("No connections were found in the capture, so nothing could be checked.",
                AuditTotals.of(ReportFixtures.empty()).sentence());
        AuditResult unproxied = ReportFixtures.large(50, 3);
        List<AuditedFlow> direct = unproxied.flows().stream().filter(f -> f.verdict() == Verdict.DIRECT_UNPROXIED).toList();
        assertEquals("No proxy was configured: all " + direct.size() + " connections went direct.",
                AuditTotals.of(withFlows(unproxied, direct)).sentence());
        assertEquals("1 connection of Go fetches went direct although a proxy was configured, and 1 other connection bypassed it too.",
                new AuditTotals(3, 1, 1, 1, 0, 0, 0, 0, 0, 1).sentence());
    }

    static AuditResult only(AuditResult r, Verdict... vs) {
        List<Verdict> keep = List.of(vs);
        return withFlows(r, r.flows().stream().filter(f -> keep.contains(f.verdict())).toList());
    }

    static AuditResult withFlows(AuditResult r, List<AuditedFlow> flows) {
        return new AuditResult(r.capture(), r.config(), flows, List.of(), List.of(), r.flowCounters());
    }
}
