package io.proxyaudit.fuzz;

import static io.proxyaudit.fuzz.ParseChecks.bounded;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.dns.DnsMessage;
import io.proxyaudit.proto.dns.DnsParser;
import io.proxyaudit.proto.dns.DnsQuestion;
import io.proxyaudit.proto.dns.DnsResourceRecord;
import io.proxyaudit.proto.dns.DnsTcpFramer;
import java.util.List;

/**
 * Fuzzes the DNS message parser (names with compression pointers, all sections) and the DNS-over-TCP
 * framer: never throws, names bounded (255 octets, escaped at most 4 characters each), sections bounded.
 */
class DnsParserFuzzTest {
    /** Escaped presentation of a 255-octet name plus dots. */
    static final int MAX_NAME_CHARS = 4 * 255 + 255;

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void message(FuzzedDataProvider in) {
        int pad = in.consumeInt(0, 3);
        byte[] data = in.consumeRemainingAsBytes();
        byte[] buf = ParseChecks.framed(data, pad);
        ParseResult<DnsMessage> r = DnsParser.parse(buf, pad, data.length);
        checkMessage(ParseChecks.check(r, data.length));
        ParseChecks.equalOutcome(r, DnsParser.parse(data, 0, data.length));
    }

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void tcpStream(byte[] data) {
        // the framer the flow stage runs on DNS-over-TCP stream heads
        int[] messages = new int[1];
        DnsTcpFramer framer = new DnsTcpFramer(new DnsTcpFramer.Events() {
            @Override
            public void onMessage(DnsMessage message) {
                checkMessage(message);
                messages[0]++;
            }

            @Override
            public void onMalformed() {}
        });
        long consumed = framer.feed(data, 0, data.length);
        assertTrue(consumed >= 0 && consumed <= data.length, "frames consumed " + consumed + " of " + data.length);
        // a message is at least a 2-byte length and a 12-byte header (RFC 1035 §4.1.1)
        assertTrue(messages[0] * 14L <= consumed, messages[0] + " messages in " + consumed + " bytes");
    }

    static void checkMessage(DnsMessage m) {
        if (m == null) {
            return;
        }
        assertTrue(m.questions().size() <= 256 && m.answers().size() <= 256 && m.authorities().size() <= 256
                && m.additionals().size() <= 256, "sections bounded");
        for (DnsQuestion q : m.questions()) {
            bounded(q.name(), MAX_NAME_CHARS, "question name");
        }
        for (List<DnsResourceRecord> sec : List.of(m.answers(), m.authorities(), m.additionals())) {
            for (DnsResourceRecord rr : sec) {
                bounded(rr.name(), MAX_NAME_CHARS, "record name");
                bounded(rr.value(), 4 * 512 + MAX_NAME_CHARS, "record value");
                assertTrue(rr.rdata() == null || rr.rdata().length <= 512, "raw rdata bounded");
            }
        }
        ParseChecks.boundedAll(m.flags(), 64, 128, "flags");
    }
}
