package io.proxyaudit.proto.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyaudit.proto.Hex;
import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.ParseResult.Status;
import io.proxyaudit.proto.StreamFramer;
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

    /** The messages a framer fed {@code stream} as one stream head reported, and whether it stopped. */
    private static List<String> frame(byte[] stream, int[] used) {
        List<String> out = new java.util.ArrayList<>();
        DnsTcpFramer f = new DnsTcpFramer(new DnsTcpFramer.Events() {
            @Override
            public void onMessage(DnsMessage message) {
                out.add("id " + message.id());
            }

            @Override
            public void onMalformed() {
                out.add("malformed");
            }
        });
        used[0] = (int) f.feed(stream, 0, stream.length);
        out.add(f.state() == StreamFramer.DONE ? "done" : "more");
        return out;
    }

    @Test
    void severalMessagesOnOneConnectionAndAPartialOne() {
        byte[] stream = Hex.concat(DnsSamples.TCP_QUERY, DnsSamples.TCP_QUERY, java.util.Arrays.copyOf(DnsSamples.TCP_QUERY, 20));
        int[] used = new int[1];
        assertEquals(List.of("id 24440", "id 24440", "more"), frame(stream, used));
        assertEquals(2 * DnsSamples.TCP_QUERY.length, used[0], "the partial frame waits for its rest");
    }

    @Test
    void aFrameThatIsNotAMessageEndsTheFraming() {
        // an empty frame, then one shorter than a DNS header: the stream is not DNS (any more), nothing after is read
        int[] used = new int[1];
        assertEquals(List.of("id 24440", "malformed", "done"),
                frame(Hex.concat(DnsSamples.TCP_QUERY, Hex.bytes("0000"), DnsSamples.TCP_QUERY), used));
        assertEquals(DnsSamples.TCP_QUERY.length, used[0]);
        assertEquals(List.of("malformed", "done"), frame(Hex.concat(Hex.bytes("0003 010203"), DnsSamples.TCP_QUERY), used));
        assertEquals(0, used[0]);
    }

    @Test
    void frameShorterThanAHeaderIsMalformedWithItsSize() {
        byte[] stream = Hex.bytes("0003 010203");
        ParseResult<DnsMessage> r = DnsTcpFramer.next(stream, 0, stream.length);
        assertEquals(Status.MALFORMED, r.status());
        assertEquals(5, r.consumed());
    }
}
