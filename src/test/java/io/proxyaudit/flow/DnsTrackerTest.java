package io.proxyaudit.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.proto.dns.DnsMessage;
import io.proxyaudit.proto.dns.DnsQuestion;
import io.proxyaudit.proto.dns.DnsResourceRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsTrackerTest {
    private final FlowCounters counters = new FlowCounters();
    private final NameMap names = new NameMap(100, counters);
    private final Packets.Sink sink = new Packets.Sink();

    private static DnsMessage msg(int id, boolean response, String q, int type, DnsResourceRecord... answers) {
        return new DnsMessage(id, response, 0, 0, false, List.of(new DnsQuestion(q, type, 1)), List.of(answers), List.of(),
                List.of(), List.of());
    }

    private static DnsResourceRecord rr(String owner, int type, String value) {
        return new DnsResourceRecord(owner, type, 1, 60, value, null);
    }

    @Test
    void cnameChainsLeadBackToTheQueryName() {
        DnsTracker t = new DnsTracker(FlowOptions.defaults(), counters, names, sink);
        t.onMessage(1, "udp", "10.0.0.2", 4000, "10.0.0.53", 53, msg(9, false, "Proxy.Golang.org", 1));
        t.onMessage(2, "udp", "10.0.0.53", 53, "10.0.0.2", 4000, msg(9, true, "proxy.golang.org", 1,
                rr("proxy.golang.org", 5, "a.cdn.example"), rr("a.cdn.example", 5, "b.cdn.example"),
                rr("b.cdn.example", 1, "192.0.2.5"), rr("unrelated.example", 1, "192.0.2.6")));
        assertEquals(1, sink.dns.size(), "matched although the case of the name differs (RFC 4343)");
        assertEquals(List.of("proxy.golang.org"), names.namesBefore("192.0.2.5", 2));
        assertEquals(List.of("unrelated.example"), names.namesBefore("192.0.2.6", 2));
        assertEquals(List.of("a.cdn.example", "b.cdn.example", "192.0.2.5", "192.0.2.6"), sink.dns.get(0).answers());
    }

    @Test
    void aResponseOnOtherEndpointsDoesNotMatch() {
        DnsTracker t = new DnsTracker(FlowOptions.defaults(), counters, names, sink);
        t.onMessage(1, "udp", "10.0.0.2", 4000, "10.0.0.53", 53, msg(9, false, "x.example", 1));
        t.onMessage(2, "udp", "10.0.0.54", 53, "10.0.0.2", 4000, msg(9, true, "x.example", 1));
        t.onMessage(3, "tcp", "10.0.0.53", 53, "10.0.0.2", 4000, msg(9, true, "x.example", 1));
        assertEquals(2, counters.dnsResponsesWithoutQuery);
        t.finish();
        assertEquals(1, counters.dnsUnanswered);
    }

    @Test
    void pendingQueriesAreBoundedAndEvictedOnesStillReported() {
        FlowOptions small = new FlowOptions(1024, 4, 10, 1_000_000_000L, 1_000_000L, 10, 10, 2);
        DnsTracker t = new DnsTracker(small, counters, names, sink);
        for (int i = 0; i < 5; i++) {
            t.onMessage(i, "udp", "10.0.0.2", 4000 + i, "10.0.0.53", 53, msg(i, false, "q" + i + ".example", 1));
        }
        assertEquals(3, counters.dnsPendingEvicted);
        assertEquals(3, sink.dns.size());
        assertTrue(sink.dns.stream().allMatch(l -> l.responseNanos() == Long.MIN_VALUE));
        t.finish();
        assertEquals(5, sink.dns.size());
    }
}
