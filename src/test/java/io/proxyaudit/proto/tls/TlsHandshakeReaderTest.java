package io.proxyaudit.proto.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.proto.Hex;
import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.ParseResult.Status;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TlsHandshakeReaderTest {

    @Test
    void messageIsTheRecordBodyWhenItFitsOneRecord() {
        byte[] rec = TlsSamples.SERVER_HELLO_12;
        ParseResult<byte[]> r = TlsHandshakeReader.readFirstMessage(rec, 0, rec.length, 2, TlsHandshakeReader.MAX_HELLO);
        assertEquals(Status.OK, r.status());
        assertArrayEquals(Arrays.copyOfRange(rec, 5, rec.length), r.value());
        assertEquals(rec.length, r.consumed());
    }

    @Test
    void secondMessageInTheSameRecordIsLeftForLater() {
        // ServerHello followed by ServerHelloDone (type 14, length 0) in one record, as TLS 1.2 servers send them
        byte[] sh = Arrays.copyOfRange(TlsSamples.SERVER_HELLO_12, 5, TlsSamples.SERVER_HELLO_12.length);
        byte[] body = Hex.concat(sh, Hex.bytes("0e000000"));
        byte[] rec = Hex.concat(Hex.bytes("160303", String.format("%04x", body.length)), body);
        ParseResult<byte[]> r = TlsHandshakeReader.readFirstMessage(rec, 0, rec.length, 2, TlsHandshakeReader.MAX_HELLO);
        assertEquals(Status.OK, r.status());
        assertEquals(sh.length, r.value().length);
        assertEquals(5 + sh.length, r.consumed());
    }

    @Test
    void handshakeHeaderSplitAcrossRecords() {
        byte[] msg = Arrays.copyOfRange(TlsSamples.TLS12_IP_SNI, 5, TlsSamples.TLS12_IP_SNI.length);
        // the 4-byte handshake header itself is cut after 1, 2 and 3 bytes
        for (int first = 1; first <= 3; first++) {
            byte[] a = Arrays.copyOf(msg, first);
            byte[] b = Arrays.copyOfRange(msg, first, msg.length);
            byte[] stream = Hex.concat(Hex.bytes("16030100", String.format("%02x", a.length)), a,
                    Hex.bytes("160301", String.format("%04x", b.length)), b);
            ParseResult<byte[]> r = TlsHandshakeReader.readFirstMessage(stream, 0, stream.length, 1, TlsHandshakeReader.MAX_HELLO);
            assertEquals(Status.OK, r.status());
            assertArrayEquals(msg, r.value());
        }
    }

    @Test
    void lengthsAreBounded() {
        assertEquals(Status.MALFORMED, read(Hex.bytes("1603034801", "01")).status(), "record of 18433 bytes");
        assertEquals(Status.NEED_MORE, read(Hex.bytes("1603034800", "01")).status(), "record of exactly 16384+2048 bytes");
        ParseResult<byte[]> big = read(Hex.bytes("1603030004", "01010001"));
        assertEquals(Status.MALFORMED, big.status(), "ClientHello of 65537 bytes");
        assertTrue(big.problem().contains("65537"));
        assertEquals(Status.MALFORMED, read(Hex.bytes("1603030000", "160303")).status(), "zero-length record");
        assertEquals(Status.MALFORMED, read(Hex.bytes("1603010002", "0100", "16020100020000")).status(), "record version 2.1");
    }

    @Test
    void quickCheckOfFirstBytes() {
        assertTrue(TlsHandshakeReader.looksLikeHandshakeRecord(Hex.bytes("16"), 0, 1));
        assertTrue(TlsHandshakeReader.looksLikeHandshakeRecord(Hex.bytes("160304"), 0, 3));
        assertFalse(TlsHandshakeReader.looksLikeHandshakeRecord(Hex.bytes("160305"), 0, 3));
        assertFalse(TlsHandshakeReader.looksLikeHandshakeRecord(Hex.bytes("8001"), 0, 2), "SSLv2-style hello");
        assertEquals(Status.MALFORMED, TlsHandshakeReader.readFirstMessage(new byte[4], 3, 5, 1, 10).status(), "bad view");
    }

    private static ParseResult<byte[]> read(byte[] b) {
        return TlsHandshakeReader.readFirstMessage(b, 0, b.length, 1, TlsHandshakeReader.MAX_HELLO);
    }
}
