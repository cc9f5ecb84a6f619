package io.proxyaudit.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.dns.DnsMessage;
import io.proxyaudit.proto.dns.DnsParser;
import io.proxyaudit.proto.http.HttpHeadParser;
import io.proxyaudit.proto.http.HttpRequestHead;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.proto.tls.TlsParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Crafted DNS and TLS bytes aimed at the parsers' bounds: compression loops, names past 255 octets,
 * lengths claiming 16 MB. Each must end quickly with a flag or a MALFORMED reason, keeping what it read.
 */
@Timeout(10)
class HostileProtocolTest {
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes u16(int v) {
            write(v >> 8);
            write(v);
            return this;
        }

        Bytes b(int... vs) {
            for (int v : vs) {
                write(v);
            }
            return this;
        }

        Bytes label(String s) {
            write(s.length());
            writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Bytes dnsHeader(int flags, int qd, int an) {
            return u16(0x1234).u16(flags).u16(qd).u16(an).u16(0).u16(0);
        }
    }

    private static DnsMessage parseDns(byte[] m) {
        ParseResult<DnsMessage> r = DnsParser.parse(m, 0, m.length);
        assertEquals(ParseResult.Status.OK, r.status(), "header and counts are fine: " + r.problem());
        return r.value();
    }

    @Test
    void dnsNamePointingAtItself() {
        byte[] m = new Bytes().dnsHeader(0x0100, 1, 0).b(0xc0, 0x0c).u16(1).u16(1).toByteArray();
        DnsMessage d = parseDns(m);
        assertTrue(d.flags().contains("name-loop"), d.flags().toString());
    }

    @Test
    void dnsCompressionLoopThroughTwoNames() {
        // offset 12: "a" -> pointer to 16; offset 16: "b" -> pointer to 12
        byte[] m = new Bytes().dnsHeader(0x0100, 1, 0).label("a").b(0xc0, 16).label("b").b(0xc0, 12)
                .u16(1).u16(1).toByteArray();
        DnsMessage d = parseDns(m);
        assertTrue(d.flags().contains("name-loop") || d.flags().contains("name-too-long"), d.flags().toString());
        d.questions().forEach(q -> assertTrue(q.name().length() <= 255, "name bounded: " + q.name().length()));
    }

    @Test
    void dnsNameOfMoreThan255Octets() {
        Bytes b = new Bytes().dnsHeader(0x8180, 1, 1);
        for (int i = 0; i < 5; i++) {
            b.label("x".repeat(63)); // 5 * 64 + 1 = 321 octets
        }
        b.b(0).u16(1).u16(1);
        // an answer after it, reached only if the parser finds the end of the long name
        b.b(0xc0, 12).u16(1).u16(1).u16(0).u16(60).u16(4).b(192, 0, 2, 1);
        DnsMessage d = parseDns(b.toByteArray());
        assertTrue(d.flags().contains("name-too-long"), d.flags().toString());
        assertEquals(1, d.answers().size(), "the record after the long name is still read");
        assertEquals("192.0.2.1", d.answers().get(0).value());
    }

    @Test
    void dnsNameBuiltFromAChainOfPointers() {
        // question name = pointer to the last of 200 labels "a", each pointing back to the one before:
        // 401 octets when expanded, 200 jumps
        int chainStart = 12 + 2 + 4;
        Bytes chain = new Bytes();
        int prev = -1;
        for (int i = 0; i < 200; i++) {
            int here = chainStart + chain.size();
            chain.label("a");
            if (prev < 0) {
                chain.b(0);
            } else {
                chain.b(0xc0 | (prev >> 8), prev & 0xff);
            }
            prev = here;
        }
        Bytes b = new Bytes().dnsHeader(0x0100, 1, 0).b(0xc0 | (prev >> 8), prev & 0xff).u16(1).u16(1);
        b.writeBytes(chain.toByteArray());
        DnsMessage d = parseDns(b.toByteArray());
        assertTrue(d.flags().contains("name-loop") || d.flags().contains("name-too-long"), d.flags().toString());
        d.questions().forEach(q -> assertTrue(q.name().length() <= 255, "bounded: " + q.name().length()));
    }

    @Test
    void tlsHandshakeClaimingSixteenMegabytes() {
        byte[] head = new Bytes().b(0x16, 3, 1).u16(0x40).b(0x01, 0xff, 0xff, 0xff, 3, 3)
                .b(new int[58]).toByteArray();
        ParseResult<ClientHello> r = TlsParser.parseClientHello(head, 0, head.length);
        assertEquals(ParseResult.Status.MALFORMED, r.status());
        assertTrue(r.problem().contains("16777215"), r.problem());
    }

    @Test
    void tlsRecordClaimingMoreThanTheRecordLimit() {
        byte[] head = new Bytes().b(0x16, 3, 1).u16(0xffff).b(0x01, 0, 0, 0x30).toByteArray();
        ParseResult<ClientHello> r = TlsParser.parseClientHello(head, 0, head.length);
        assertEquals(ParseResult.Status.MALFORMED, r.status());
        assertTrue(r.problem().contains("65535"), r.problem());
    }

    @Test
    void tlsMessageClaimingSixteenMegabytesWithoutRecordLayer() {
        byte[] msg = new Bytes().b(0x01, 0xff, 0xff, 0xff, 3, 3).b(new int[40]).toByteArray();
        ParseResult<ClientHello> r = TlsParser.parseClientHelloMessage(msg, 'q');
        assertTrue(r.status() == ParseResult.Status.MALFORMED || r.status() == ParseResult.Status.NEED_MORE,
                r.status() + " " + r.problem());
    }

    @Test
    void httpHeadWithEscapeSequencesAndCredentials() {
        byte[] head = ("GET http://evil\u001b[31m.example/ HTTP/1.1\r\nHost: evil\u001b[31m.example\u0007\r\n"
                + "Proxy-Authorization: Basic dXNlcjpzZWNyZXQ=\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        ParseResult<HttpRequestHead> r = HttpHeadParser.parseRequest(head, 0, head.length);
        assertEquals(ParseResult.Status.OK, r.status(), r.problem());
        HttpRequestHead h = r.value();
        assertEquals("Basic", h.proxyAuthorization(), "only the scheme is kept");
        for (String s : new String[] {h.host(), h.target()}) {
            assertTrue(s.chars().noneMatch(c -> c < 0x20 || c == 0x7f), "control characters kept: " + s);
        }
    }
}
