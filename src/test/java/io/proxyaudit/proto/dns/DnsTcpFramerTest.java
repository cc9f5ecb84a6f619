package io.proxyaudit.proto.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyaudit.proto.Hex;
import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.ParseResult.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsTcpFramerTest {

    @Test
    void oneFramedQuery() {
        ParseResult<DnsMessage> r = DnsTcpFramer.next(DnsSamples.TCP_QUERY, 0, DnsSamples.TCP_QUERY.length);
        assertEquals(Status.OK, r.status());
        assertEquals(57, r.consumed());
        assertEquals(0x5f78, r.value().id());
        assertEquals(new DnsQuestion("www.google.com", 1, 1), r.value().questions().get(0));
    }

    @Test
    void responseWithTwelveAnswers() {
        ParseResult<DnsMessage> r = DnsTcpFramer.next(DnsSamples.TCP_RESPONSE, 0, DnsSamples.TCP_RESPONSE.length);
        assertEquals(Status.OK, r.status());
        assertEquals(237, r.consumed());
        assertEquals(12, r.value().answers().size());
        assertEquals("216.197.242.244", r.value().answers().get(0).value()); // first tshark dns.a of frame 6
    }

    @Test
    void everyPrefixOfAFrameNeedsMore() {
        for (int cut = 0; cut < DnsSamples.TCP_RESPONSE.length; cut++) {
            assertEquals(Status.NEED_MORE, DnsTcpFramer.next(DnsSamples.TCP_RESPONSE, 0, cut).status(), "cut " + cut);
        }
    }

    @Test
    void severalMessagesOnOneConnection() {
        byte[] stream = Hex.concat(DnsSamples.TCP_QUERY, Hex.bytes("0000"), DnsSamples.TCP_QUERY,
                java.util.Arrays.copyOf(DnsSamples.TCP_QUERY, 20));
        List<ParseResult<DnsMessage>> all = DnsTcpFramer.all(stream, 0, stream.length);
        assertEquals(List.of(Status.OK, Status.MALFORMED, Status.OK, Status.NEED_MORE),
                all.stream().map(ParseResult::status).toList());
        assertEquals(2, all.get(1).consumed(), "an empty frame is stepped over");
    }

    @Test
    void frameShorterThanAHeaderIsMalformedButSkippable() {
        byte[] stream = Hex.concat(Hex.bytes("0003 010203"), DnsSamples.TCP_QUERY);
        List<ParseResult<DnsMessage>> all = DnsTcpFramer.all(stream, 0, stream.length);
        assertEquals(Status.MALFORMED, all.get(0).status());
        assertEquals(5, all.get(0).consumed());
        assertEquals(Status.OK, all.get(1).status());
    }
}
