package io.proxyaudit.proto.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyaudit.proto.Hex;
import org.junit.jupiter.api.Test;

/** The one rule for "an HTTP/1.x request starts here" (TCP detection, UDP datagrams, resync, the head parser). */
class HttpRequestLineTest {
    private static int sniff(String s) {
        byte[] b = Hex.ascii(s);
        return HttpRequestLine.sniff(b, 0, b.length);
    }

    @Test
    void aMethodIsAnyTokenAndTheLineNamesAnHttpVersion() {
        assertEquals(3, sniff("GET / HTTP/1.1\r\n"));
        assertEquals(8, sniff("M-SEARCH * HTTP/1.1\r\n"));
        // RFC 9110 §9.1: a method is a token and case-sensitive; lower case is an (unknown) method, still HTTP
        assertEquals(3, sniff("get / HTTP/1.1\r\n"));
        assertEquals(0, sniff("EHLO mail.example\r\n"), "SMTP: no HTTP version on the line");
        assertEquals(0, sniff("\u0016\u0003\u0001"), "TLS record");
        assertEquals(0, sniff("GET\t/ HTTP/1.1\r\n"), "method ends at SP");
        // zeek__methods.pcap sends "GET /HTTP/1.1" (no SP before the version): HTTP/ anywhere on the line counts
        assertEquals(3, sniff("GET /HTTP/1.1\r\n"));
    }

    @Test
    void moreBytesAreNeededUntilTheLineEnds() {
        assertEquals(-1, sniff("GE"));
        assertEquals(-1, sniff("GET / HTTP/1."));
        assertEquals(-1, sniff("A".repeat(HttpRequestLine.MAX_METHOD)));
        assertEquals(0, sniff("A".repeat(HttpRequestLine.MAX_METHOD + 1)), "a method longer than 32 is not one");
        assertEquals(0, sniff("GET /" + "a".repeat(HttpRequestLine.MAX_SNIFF_LINE)), "no line end within 8192 bytes");
    }

    @Test
    void findLooksAtLineStartsOnly() {
        byte[] b = Hex.ascii("some body text\nPOST /x HTTP/1.1\r\n");
        assertEquals(15, HttpRequestLine.find(b, 0, b.length), "a body line without a version is skipped");
    }
}
