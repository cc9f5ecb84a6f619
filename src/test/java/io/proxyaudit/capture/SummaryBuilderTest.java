package io.proxyaudit.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryBuilderTest {
    @Test
    void earliestAndLatestTimeStampsLikeCapinfos() {
        SummaryBuilder s = new SummaryBuilder("f", null);
        PacketRecord r = new PacketRecord();
        for (long ts : new long[] {50, 10, Long.MIN_VALUE, 90, 20}) {
            r.timestampNanos = ts;
            r.capturedLength = 3;
            s.packet(r);
        }
        CaptureSummary c = s.build();
        assertEquals(10, c.firstTimestampNanos());
        assertEquals(90, c.lastTimestampNanos());
        assertEquals(5, c.packets());
        assertEquals(15, c.capturedBytes());
        assertEquals(1L, c.counters().get("packets_without_timestamp"));
    }

    @Test
    void warningsAreBoundedButAllCountedAndForwarded() {
        RecordingListener l = new RecordingListener();
        SummaryBuilder s = new SummaryBuilder("f", l);
        for (int i = 0; i < SummaryBuilder.MAX_KEPT_WARNINGS + 25; i++) {
            s.warn(i, "bad-record-length", "w" + i);
        }
        CaptureSummary c = s.build();
        assertEquals(SummaryBuilder.MAX_KEPT_WARNINGS, c.warnings().size());
        assertEquals((long) SummaryBuilder.MAX_KEPT_WARNINGS + 25, c.counters().get("warning_bad_record_length"));
        assertEquals(25L, c.counters().get("warnings_not_kept"));
        assertEquals(SummaryBuilder.MAX_KEPT_WARNINGS + 25, l.warnings.size());
    }

    @Test
    void byteOrdersSortedAndLinkTypesInOrder() {
        SummaryBuilder s = new SummaryBuilder("f", null);
        s.byteOrder(true);
        s.byteOrder(false);
        s.linkType(1);
        s.linkType(0);
        s.linkType(1);
        assertEquals("be,le", s.build().byteOrder());
        assertEquals(List.of(1, 0), s.build().linkTypes());
    }
}
