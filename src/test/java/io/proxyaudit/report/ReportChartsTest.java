package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.Verdict;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportChartsTest {
    static final ReportOptions OPT = HtmlReportTest.OPT;

    @Test
    void smallCaptureHasOneLanePerHostGroupedByRole() {
        ReportCharts c = new ReportCharts(ReportFixtures.small(), OPT);
        ReportCharts.Lanes lanes = c.lanes();
        assertEquals(List.of("proxy.golang.org  [module-proxy]", "sum.golang.org  [checksum-db]", "git.corp.example  [vcs]"),
                lanes.ordered.stream().map(ReportCharts.Lane::label).toList());
        assertEquals(0, lanes.mergedHosts);
        assertFalse(c.timelineBinned());
        assertEquals(ReportFixtures.T0, c.origin(), "time axis starts at the first packet");
    }

    @Test
    void timelineDrawsOneBarPerConnectionInItsVerdictColour() {
        String svg = new ReportCharts(ReportFixtures.small(), OPT).timelineSvg(new ReportCharts(ReportFixtures.small(), OPT).lanes());
        // Each kind also has one legend swatch.
        assertEquals(2 + 1, HtmlReportTest.count(svg, "fill:rgb(46,125,50)"), "two proxied connections");
        assertEquals(1 + 1, HtmlReportTest.count(svg, "fill:rgb(198,40,40)"), "one answered bypass");
        assertEquals(1 + 1, HtmlReportTest.count(svg, "fill:rgb(239,108,0)"), "one unanswered attempt");
        assertEquals(1 + 1, HtmlReportTest.count(svg, "fill:rgb(21,101,192)"), "one exempt connection");
    }

    @Test
    void manyHostsKeepBypassHostsInTheirOwnLanesAndMergeTheRest() {
        AuditResult r = ReportFixtures.large(20_000, 11);
        ReportCharts c = new ReportCharts(r, OPT);
        ReportCharts.Lanes lanes = c.lanes();
        assertEquals(OPT.timelineLanes() + 1, lanes.ordered.size());
        Set<String> hosts = new HashSet<>();
        r.flows().forEach(f -> hosts.add(f.flow().host()));
        assertEquals(hosts.size() - OPT.timelineLanes(), lanes.mergedHosts);
        assertTrue(lanes.ordered.get(lanes.ordered.size() - 1).label().startsWith("other hosts (" + lanes.mergedHosts + ")"));
        // The Go endpoints have the most bypasses in the fixture, so each has its own lane.
        for (String go : List.of("proxy.golang.org", "sum.golang.org", "github.com")) {
            assertTrue(lanes.byHost.containsKey(go), go);
        }
        assertTrue(c.timelineBinned());
        String svg = c.timelineSvg(lanes);
        assertTrue(svg.length() < 3_000_000, "binned timeline stays small: " + svg.length());
        assertTrue(svg.contains("other hosts ("));
    }

    @Test
    void oneExtraHostIsNotMergedIntoALaneOfItsOwn() {
        ReportOptions two = new ReportOptions("t", Instant.EPOCH, 2, 3000, 240, 15, 2000);
        ReportCharts.Lanes lanes = new ReportCharts(ReportFixtures.small(), two).lanes();
        assertEquals(3, lanes.ordered.size(), "3 hosts with a 2-lane limit: merging one host gains nothing");
        ReportOptions one = new ReportOptions("t", Instant.EPOCH, 1, 3000, 240, 15, 2000);
        ReportCharts.Lanes merged = new ReportCharts(ReportFixtures.small(), one).lanes();
        assertEquals(List.of("proxy.golang.org", "other hosts (2)"),
                merged.ordered.stream().map(ReportCharts.Lane::name).toList(), "the host with most bypasses wins");
    }

    @Test
    void kindsFollowVerdictAndUnansweredWins() {
        AuditResult r = ReportFixtures.small();
        assertEquals(ReportCharts.Kind.PROXIED, ReportCharts.Kind.of(r.flows().get(0)));
        assertEquals(ReportCharts.Kind.BYPASS, ReportCharts.Kind.of(r.flows().get(1)));
        assertEquals(ReportCharts.Kind.EXEMPT, ReportCharts.Kind.of(r.flows().get(2)));
        assertEquals(Verdict.DIRECT_BYPASS, r.flows().get(4).verdict());
        assertEquals(ReportCharts.Kind.UNANSWERED, ReportCharts.Kind.of(r.flows().get(4)));
    }
}
