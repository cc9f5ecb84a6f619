package io.proxyaudit.proto.quic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClientInitialsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] DCID = HEX.parseHex("8394c8f03e515708");

    @Test
    void version1KeysAreThoseOfRfc9001AppendixA1() {
        InitialKeys k = InitialKeys.client(QuicVersion.V1, DCID);
        assertEquals("1f369613dd76d5467730efcbe3b1a22d", HEX.formatHex(k.keyForTest()));
        assertEquals("fa044b2f42a3fd3b46fb255c", HEX.formatHex(k.ivForTest()));
    }

    @Test
    void version2KeysAreThoseOfRfc9369AppendixA1() {
        InitialKeys k = InitialKeys.client(QuicVersion.V2, DCID);
        assertEquals("8b1a0bc121284290a29e0971b5cd045d", HEX.formatHex(k.keyForTest()));
        assertEquals("91f73e2351d8fa91660e909f", HEX.formatHex(k.ivForTest()));
    }

    @ParameterizedTest
    @EnumSource(QuicVersion.class)
    void aHelloSplitOverThreePacketsInAnyOrderIsReassembled(QuicVersion v) throws Exception {
        byte[] hello = InitialSealer.clientHello("www.example.org");
        InitialSealer s = new InitialSealer(v, DCID);
        int a = hello.length / 3;
        int b = 2 * hello.length / 3;
        // the middle piece first, then the end with the start in one packet out of order, as Chromium does
        byte[] p1 = s.seal(0, pad(InitialSealer.crypto(a, hello, a, b)));
        byte[] p2 = s.seal(1, pad(InitialSealer.concat(InitialSealer.crypto(b, hello, b, hello.length),
                new byte[] {1}, InitialSealer.crypto(0, hello, 0, a))));
        ClientInitials c = new ClientInitials();
        assertTrue(ClientInitials.looksLikeInitial(p1, 0, p1.length));
        assertFalse(c.fromClient(p1, 0, p1.length));
        assertTrue(c.fromClient(p2, 0, p2.length));
        assertArrayEquals(hello, c.clientHello());
        assertEquals(v, c.version());
        assertEquals(2, c.initials());
        assertEquals(0, c.undecryptable());
    }

    @Test
    void coalescedPacketsAfterTheInitialAreSteppedOver() throws Exception {
        byte[] hello = InitialSealer.clientHello("coalesced.example");
        byte[] initial = new InitialSealer(QuicVersion.V1, DCID).seal(0, pad(InitialSealer.crypto(0, hello, 0,
                hello.length)));
        byte[] shortHeader = new byte[40];
        shortHeader[0] = 0x40;
        byte[] datagram = InitialSealer.concat(initial, shortHeader);
        ClientInitials c = new ClientInitials();
        assertTrue(c.fromClient(datagram, 0, datagram.length));
        assertArrayEquals(hello, c.clientHello());
    }

    @Test
    void aDamagedPacketIsCountedAndTheNextOneStillReads() throws Exception {
        byte[] hello = InitialSealer.clientHello("damaged.example");
        InitialSealer s = new InitialSealer(QuicVersion.V1, DCID);
        byte[] bad = s.seal(0, pad(InitialSealer.crypto(0, hello, 0, hello.length)));
        bad[bad.length - 20] ^= 0x55;
        byte[] good = s.seal(1, pad(InitialSealer.crypto(0, hello, 0, hello.length)));
        ClientInitials c = new ClientInitials();
        assertFalse(c.fromClient(bad, 0, bad.length));
        assertEquals(1, c.undecryptable());
        assertNull(c.clientHello());
        assertTrue(c.fromClient(good, 0, good.length));
        assertEquals(1, c.undecryptable());
    }

    @Test
    void afterARetryTheNewConnectionIdKeysTheInitials() throws Exception {
        byte[] hello = InitialSealer.clientHello("retry.example");
        byte[] first = new InitialSealer(QuicVersion.V1, DCID).seal(0, pad(InitialSealer.crypto(0, hello, 0, 40)));
        byte[] retry = new byte[40];
        retry[0] = (byte) 0xf0; // long header, type 3 = Retry in v1
        retry[4] = 1;
        retry[5] = 4;
        ClientInitials c = new ClientInitials();
        c.fromClient(first, 0, first.length);
        c.fromServer(retry, 0, retry.length);
        byte[] newDcid = HEX.parseHex("0102030405060708090a");
        byte[] again = new InitialSealer(QuicVersion.V1, newDcid).seal(1, pad(InitialSealer.crypto(0, hello, 0,
                hello.length)));
        assertTrue(c.fromClient(again, 0, again.length));
        assertTrue(c.retry());
        assertArrayEquals(hello, c.clientHello());
    }

    @Test
    void randomBytesNeverThrowAndOpenNothing() {
        Random r = new Random(9001);
        ClientInitials c = new ClientInitials();
        for (int i = 0; i < 2000; i++) {
            byte[] d = new byte[r.nextInt(1400)];
            r.nextBytes(d);
            if (d.length > 5) {
                d[0] = (byte) 0xc0;
                d[1] = 0;
                d[2] = 0;
                d[3] = 0;
                d[4] = 1;
            }
            c.fromClient(d, 0, d.length);
            c.fromServer(d, 0, d.length);
        }
        assertNull(c.clientHello());
    }

    @Test
    void packetNumbersAreRecoveredAsInRfc9000AppendixA3() {
        assertEquals(0xa82f9b32L, PacketNumbers.decode(0xa82f30eaL, 0x9b32, 16));
        assertEquals(5, PacketNumbers.decode(4, 5, 8));
        assertEquals(256, PacketNumbers.decode(255, 0, 8));
    }

    @Test
    void theCryptoStreamIsBoundedInBytesAndPieces() {
        CryptoStream s = new CryptoStream();
        s.add(CryptoStream.MAX_BYTES, new byte[] {1}, 0, 1);
        assertTrue(s.oversized());
        CryptoStream pieces = new CryptoStream();
        for (int i = 0; i < CryptoStream.MAX_RANGES + 10; i++) {
            pieces.add(10 + 2L * i, new byte[] {1}, 0, 1);
        }
        assertTrue(pieces.oversized());
        assertNull(pieces.firstMessage());
    }

    /** Initial packets are padded (RFC 9000 §14.1); enough here for the header protection sample. */
    private static byte[] pad(byte[] frames) {
        return InitialSealer.concat(frames, new byte[64]);
    }
}
