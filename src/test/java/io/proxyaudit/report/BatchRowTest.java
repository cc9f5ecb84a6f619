package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.Verdict;
import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.capture.CaptureWarning;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchRowTest {
    static BatchRow row(String name, AuditResult r) {
        return BatchRow.analysed(name, "/abs/" + name, name + ".html", List.of(), r, true, null, false, 1000, 5);
    }

    @Test
    void hostTalliesAreBoundedButKeepEveryFlowCounted() {
        AuditResult r = ReportFixtures.large(20_000, 42);
        long distinct = r.flows().stream().map(f -> f.flow().host()).distinct().count();
        assertTrue(distinct > BatchRow.MAX_HOSTS, "fixture has more hosts than kept: " + distinct);
        BatchRow row = row("big", r);
        assertEquals(BatchRow.MAX_HOSTS + 1, row.hosts().size());
        BatchRow.HostTally other = row.hosts().get(BatchRow.MAX_HOSTS);
        assertNull(other.host(), "the rest is merged into 'other hosts'");
        assertEquals(r.flows().size(), row.hosts().stream().mapToLong(BatchRow.HostTally::flows).sum());
        long bypass = r.flows().stream().filter(f -> f.verdict() == Verdict.DIRECT_BYPASS).count();
        assertEquals(bypass, row.hosts().stream().mapToLong(BatchRow.HostTally::bypasses).sum());
        // kept hosts are those with the most bypasses: none merged has more than the least kept
        long leastKept = row.hosts().get(BatchRow.MAX_HOSTS - 1).bypasses();
        for (String h : new HashSet<>(r.flows().stream().map(f -> f.flow().host()).toList())) {
            boolean kept = row.hosts().stream().anyMatch(t -> h.equals(t.host()));
            long b = r.flows().stream().filter(f -> h.equals(f.flow().host()) && f.verdict() == Verdict.DIRECT_BYPASS).count();
            assertTrue(kept || b <= leastKept, h);
        }
    }

    @Test
    void batchHostsSumOverCapturesAndCountCaptures() {
        AuditResult s = ReportFixtures.small();
        List<BatchRow.HostTally> hosts = BatchRow.batchHosts(List.of(row("a", s), row("b", s)));
        for (BatchRow.HostTally t : hosts) {
            long flows = s.flows().stream().filter(f -> t.host().equals(ReportCharts.hostKey(f.flow().host()))).count();
            assertEquals(2 * flows, t.flows(), t.host());
            assertEquals(2, t.captures(), t.host());
        }
    }

    @Test
    void damageIsTheFirstDamageWarningAndSkippedBytes() {
        assertNull(BatchRow.damage(ReportFixtures.empty()));
        AuditResult s = ReportFixtures.small();
        assertTrue(BatchRow.damage(s).contains("record cut short"), "a file ending mid-record is damage");
        CaptureSummary c = s.capture();
        List<CaptureWarning> w = List.of(new CaptureWarning("f.pcap", 10, "unknown-interface", "benign"),
                new CaptureWarning("f.pcap", 8319, "bad-record-length", "record header claims 4 GB"));
        CaptureSummary damaged = new CaptureSummary(c.file(), c.format(), c.compression(), c.byteOrder(),
                c.tsResolution(), c.linkTypes(), c.sections(), c.interfaces(), c.packets(), c.capturedBytes(),
                c.firstTimestampNanos(), c.lastTimestampNanos(), 3008, c.counters(), w);
        String d = BatchRow.damage(new AuditResult(damaged, s.config(), s.flows(), s.dns(), s.findings(), s.flowCounters()));
        assertEquals("3008 bytes skipped; first: f.pcap: byte offset 8319: record header claims 4 GB", d);
    }

    @Test
    void totalsAgreeWithAuditTotalsOfEachCapture() {
        AuditResult a = ReportFixtures.small();
        AuditResult b = ReportFixtures.large(500, 1);
        BatchTotals t = BatchTotals.of(List.of(row("a", a), row("b", b),
                BatchRow.failedToRead("c", "/c", List.of(), BatchRow.Status.UNREADABLE, "not a capture", 3, 1)), 4);
        AuditTotals ta = AuditTotals.of(a), tb = AuditTotals.of(b);
        assertEquals(ta.flows() + tb.flows(), t.audit().flows());
        assertEquals(ta.goBypasses() + tb.goBypasses(), t.audit().goBypasses());
        assertEquals(ta.proxied() + tb.proxied(), t.audit().proxied());
        assertEquals(ta.findings() + tb.findings(), t.audit().findings());
        assertEquals(3, t.captures());
        assertEquals(1, t.unreadable());
        assertEquals(4, t.skipped());
        assertTrue(t.sentence().contains("1 capture could not be read fully"), t.sentence());
        for (AuditedFlow f : a.flows()) {
            assertTrue(f.flow() != null);
        }
    }
}
