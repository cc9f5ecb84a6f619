package io.proxyaudit.proto.tls;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.proto.Hex;
import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.ParseResult.Status;
import io.proxyaudit.proto.StreamFramer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TlsParserTest {

    @Test
    void chromeClientHelloKeepsGreaseInListsAndMatchesFoxioJa4() {
        ParseResult<ClientHello> r = TlsParser.parseClientHello(TlsSamples.CHROME_LATEST, 0, TlsSamples.CHROME_LATEST.length);
        assertEquals(Status.OK, r.status(), r.problem());
        ClientHello ch = r.value();
        assertEquals(0x0303, ch.legacyVersion());
        assertEquals("pdx-col.eum-appdynamics.com", ch.sni());
        assertEquals(List.of("h2", "http/1.1"), ch.alpn());
        assertEquals(List.of(0x6a6a, 0x0304, 0x0303), ch.supportedVersions());
        assertEquals(16, ch.cipherSuites().size());
        assertEquals(0x3a3a, ch.cipherSuites().get(0), "GREASE cipher kept in wire order");
        assertEquals(0x3a3a, ch.extensions().get(0));
        assertEquals(0x0015, ch.extensions().get(ch.extensions().size() - 1), "padding is last");
        assertEquals(List.of(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601), ch.signatureAlgorithms());
        // FoxIO-LLC/ja4 rust/ja4/src/snapshots/ja4__insta@latest.pcapng.snap, stream 1
        assertEquals("t13d1516h2_8daaf6152771_e5627efa2ab1", ch.ja4());
        assertEquals(TlsSamples.CHROME_LATEST.length, r.consumed());
        assertTrue(ch.flags().isEmpty(), ch.flags().toString());
    }

    @Test
    void echClientHelloReportsOuterSniAndKeepsEchExtension() {
        ParseResult<ClientHello> r = TlsParser.parseClientHello(TlsSamples.ECH, 0, TlsSamples.ECH.length);
        assertEquals(Status.OK, r.status(), r.problem());
        ClientHello ch = r.value();
        assertEquals("cloudflare-ech.com", ch.sni());
        assertTrue(ch.extensions().contains(0xfe0d));
        assertEquals(List.of(0x8a8a, 0x0304, 0x0303), ch.supportedVersions());
        // 15 ciphers without 0x2a2a; 17 extensions without 0xdada and 0x9a9a; first ALPN h2
        assertTrue(ch.ja4().startsWith("t13d1517h2_"), ch.ja4());
        // same cipher set as the Chrome hello above, so the same cipher hash
        assertEquals("8daaf6152771", ch.ja4().split("_")[1]);
    }

    @Test
    void tls12HelloWithoutSupportedVersionsUsesLegacyVersionAndNoAlpn() {
        ParseResult<ClientHello> r = TlsParser.parseClientHello(TlsSamples.TLS12_IP_SNI, 0, TlsSamples.TLS12_IP_SNI.length);
        assertEquals(Status.OK, r.status(), r.problem());
        ClientHello ch = r.value();
        assertEquals("104.236.167.107", ch.sni());
        assertEquals(List.of(), ch.alpn());
        assertEquals(List.of(), ch.supportedVersions());
        assertEquals(37, ch.cipherSuites().size());
        assertEquals(List.of(0x0000, 0x000a, 0x000b, 0x000d, 0x3374), ch.extensions());
        assertTrue(ch.ja4().startsWith("t12d370500_"), ch.ja4());
    }

    @Test
    void handshakeSplitAcrossRecordsGivesTheSameHello() {
        ClientHello whole = TlsParser.parseClientHello(TlsSamples.CHROME_LATEST, 0, TlsSamples.CHROME_LATEST.length).value();
        byte[] message = Arrays.copyOfRange(TlsSamples.CHROME_LATEST, 5, TlsSamples.CHROME_LATEST.length);
        for (int fragment : new int[] {1, 2, 3, 4, 5, 7, 100, 256, 511}) {
            byte[] stream = reframe(message, fragment);
            ParseResult<ClientHello> r = TlsParser.parseClientHello(stream, 0, stream.length);
            assertEquals(Status.OK, r.status(), "fragment size " + fragment + ": " + r.problem());
            assertEquals(whole, r.value(), "fragment size " + fragment);
            assertEquals(stream.length, r.consumed());
        }
    }

    @Test
    void everyPrefixOfAFragmentedHelloNeedsMore() {
        byte[] message = Arrays.copyOfRange(TlsSamples.ECH, 5, TlsSamples.ECH.length);
        byte[] stream = reframe(message, 100);
        for (int cut = 0; cut < stream.length; cut++) {
            assertEquals(Status.NEED_MORE, TlsParser.parseClientHello(stream, 0, cut).status(), "cut at " + cut);
        }
        assertEquals(Status.OK, TlsParser.parseClientHello(stream, 0, stream.length).status());
    }

    @Test
    void parsesFromAnOffsetAndIgnoresFollowingBytes() {
        byte[] buf = Hex.concat(Hex.bytes("deadbeef"), TlsSamples.ECH, Hex.bytes("1703030010"));
        ParseResult<ClientHello> r = TlsParser.parseClientHello(buf, 4, buf.length - 4);
        assertEquals(Status.OK, r.status());
        assertEquals(TlsSamples.ECH.length, r.consumed());
    }

    @Test
    void recordClaimingSixteenMegabytesIsMalformed() {
        byte[] lying = TlsSamples.CHROME_LATEST.clone();
        lying[3] = (byte) 0xff; // record length 0xffff, far over 2^14+2048
        lying[4] = (byte) 0xff;
        ParseResult<ClientHello> r = TlsParser.parseClientHello(lying, 0, lying.length);
        assertEquals(Status.MALFORMED, r.status());
        assertTrue(r.problem().contains("65535"), r.problem());
        // handshake length field 0xffffff (16 MiB) inside a plausible record
        byte[] huge = Hex.bytes("1603010010", "01ffffff", "0303", "00000000000000000000");
        ParseResult<ClientHello> h = TlsParser.parseClientHello(huge, 0, huge.length);
        assertEquals(Status.MALFORMED, h.status());
        assertTrue(h.problem().contains("16777215"), h.problem());
    }

    @Test
    void otherProtocolsAreRejectedFromTheFirstBytes() {
        assertEquals(Status.NOT_THIS_PROTOCOL, parse(Hex.ascii("GET / HTTP/1.1\r\n")).status());
        assertEquals(Status.NOT_THIS_PROTOCOL, parse(Hex.ascii("SSH-2.0-OpenSSH_9.6\r\n")).status());
        assertEquals(Status.NOT_THIS_PROTOCOL, parse(Hex.bytes("17030300200000")).status(), "application data");
        assertEquals(Status.NOT_THIS_PROTOCOL, parse(Hex.bytes("16fe")).status(), "not version 3.x");
        assertEquals(Status.NOT_THIS_PROTOCOL, parse(TlsSamples.SERVER_HELLO_13).status(), "ServerHello is no ClientHello");
        assertEquals(Status.NEED_MORE, parse(Hex.bytes("1603")).status());
        assertEquals(Status.NEED_MORE, parse(new byte[0]).status());
    }

    @Test
    void alertBetweenFragmentsIsMalformed() {
        byte[] message = Arrays.copyOfRange(TlsSamples.ECH, 5, TlsSamples.ECH.length);
        byte[] first = reframe(Arrays.copyOf(message, 50), 50);
        byte[] stream = Hex.concat(first, Hex.bytes("15030300020228"));
        ParseResult<ClientHello> r = TlsParser.parseClientHello(stream, 0, stream.length);
        assertEquals(Status.MALFORMED, r.status());
        assertTrue(r.problem().contains("type 21"), r.problem());
    }

    @Test
    void brokenServerNameOnlyFlagsThatExtension() {
        byte[] bad = TlsSamples.TLS12_IP_SNI.clone();
        // server_name_list length at offset 9+2+32+1+2+74+2+2+4 = 128: claim 0x00ff instead of 0x0012
        int listLength = 5 + 4 + 2 + 32 + 1 + 2 + 74 + 1 + 1 + 2 + 4;
        assertEquals(0x0012, ((bad[listLength] & 0xff) << 8) | (bad[listLength + 1] & 0xff));
        bad[listLength + 1] = (byte) 0xff;
        ParseResult<ClientHello> r = TlsParser.parseClientHello(bad, 0, bad.length);
        assertEquals(Status.OK, r.status(), r.problem());
        assertNull(r.value().sni());
        assertTrue(r.value().flags().contains("bad-extension-0"), r.value().flags().toString());
        assertTrue(r.value().ja4().startsWith("t12d"), "server_name is present even when broken");
    }

    @Test
    void cipherListOverrunningTheBodyIsMalformed() {
        byte[] bad = TlsSamples.TLS12_IP_SNI.clone();
        int cipherLength = 5 + 4 + 2 + 32 + 1;
        bad[cipherLength] = (byte) 0x7f;
        ParseResult<ClientHello> r = TlsParser.parseClientHello(bad, 0, bad.length);
        assertEquals(Status.MALFORMED, r.status());
    }

    @Test
    void helloPackedWithSixteenThousandExtensionsStaysCheap() {
        // 64 KiB hello: 16000 empty extensions of type 0x0017 (duplicates) after a minimal body
        StringBuilder exts = new StringBuilder();
        for (int i = 0; i < 16000; i++) {
            exts.append("00170000");
        }
        String body = "0303" + "00".repeat(32) + "00" + "0002" + "1301" + "0100"
                + String.format("%04x", 16000 * 4) + exts;
        byte[] msg = Hex.bytes("01", String.format("%06x", body.length() / 2), body);
        byte[] stream = reframe(msg, 16384);
        ParseResult<ClientHello> r = assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> TlsParser.parseClientHello(stream, 0, stream.length));
        assertEquals(Status.OK, r.status(), r.problem());
        assertEquals(List.of("duplicate-extension-23"), r.value().flags());
        assertTrue(r.value().ja4().startsWith("t12i0199"), r.value().ja4());
    }

    @Test
    void randomCorruptionNeverThrows() {
        Random random = new Random(20261123L);
        for (byte[] sample : List.of(TlsSamples.CHROME_LATEST, TlsSamples.ECH, TlsSamples.TLS12_IP_SNI)) {
            for (int round = 0; round < 3000; round++) {
                byte[] b = sample.clone();
                int flips = 1 + random.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                int len = random.nextInt(b.length + 1);
                assertDoesNotThrow(() -> TlsParser.parseClientHello(b, 0, len));
                assertDoesNotThrow(() -> TlsParser.parseServerHello(b, 0, len));
            }
        }
    }

    @Test
    void serverHelloTls13TakesVersionFromSupportedVersions() {
        ParseResult<ServerHello> r = TlsParser.parseServerHello(TlsSamples.SERVER_HELLO_13, 0, TlsSamples.SERVER_HELLO_13.length);
        assertEquals(Status.OK, r.status(), r.problem());
        assertEquals(new ServerHello(0x0304, 0x1301, null), r.value());
    }

    @Test
    void serverHelloTls12KeepsLegacyVersion() {
        ParseResult<ServerHello> r = TlsParser.parseServerHello(TlsSamples.SERVER_HELLO_12, 0, TlsSamples.SERVER_HELLO_12.length);
        assertEquals(Status.OK, r.status(), r.problem());
        assertEquals(new ServerHello(0x0303, 0xc028, null), r.value());
    }

    @Test
    void serverHelloWithAlpn() {
        // ServerHello built around the TLS 1.2 sample's fields with an ALPN extension selecting h2 (RFC 7301 §3.1)
        byte[] body = Hex.concat(Arrays.copyOfRange(TlsSamples.SERVER_HELLO_12, 9, 9 + 2 + 32 + 1 + 32 + 2 + 1),
                Hex.bytes("0009", "0010 0005 0003 02 6832"));
        byte[] msg = Hex.concat(Hex.bytes("02", String.format("%06x", body.length)), body);
        byte[] rec = Hex.concat(Hex.bytes("160303", String.format("%04x", msg.length)), msg);
        ParseResult<ServerHello> r = TlsParser.parseServerHello(rec, 0, rec.length);
        assertEquals(Status.OK, r.status(), r.problem());
        assertEquals("h2", r.value().alpn());
    }

    @Test
    void secondClientHelloAfterHelloRetryRequest() throws java.io.IOException {
        // ja4__tls-handshake.pcapng tcp.stream 38, client side: ClientHello record, ChangeCipherSpec record,
        // second ClientHello (after the server's HelloRetryRequest); 859 bytes (tshark follow,tcp,raw,38)
        byte[] head;
        try (java.io.InputStream in = getClass().getResourceAsStream("ja4-tls-handshake-stream38-c2s-head.bin")) {
            head = in.readAllBytes();
        }
        List<ClientHello> hellos = new ArrayList<>();
        int[] retries = new int[1];
        TlsEvents events = new TlsEvents() {
            @Override
            public void onClientHello(ClientHello hello) {
                hellos.add(hello);
            }

            @Override
            public void onHelloRetry() {
                retries[0]++;
            }
        };
        ClientHelloFramer framer = new ClientHelloFramer(events);
        framer.feed(head, 0, head.length);
        assertEquals(2, hellos.size());
        assertEquals(1, retries[0]);
        assertEquals(StreamFramer.DONE, framer.state(), "a client answers one HelloRetryRequest at most");
        for (ClientHello ch : hellos) {
            // tshark tls_client_hello.tsv frames 119 and 125
            assertEquals("mem.gfx.ms", ch.sni());
            assertEquals(List.of("h2", "http/1.1"), ch.alpn());
            assertEquals(List.of(0x8a8a, 0x0304, 0x0303), ch.supportedVersions());
        }
        // FoxIO-LLC/ja4 rust/ja4/src/snapshots/ja4__insta@tls-handshake.pcapng.snap, stream 38 (first hello)
        assertEquals("t13d1516h2_8daaf6152771_e5627efa2ab1", hellos.get(0).ja4());

        hellos.clear();
        ClientHelloFramer cut = new ClientHelloFramer(events);
        cut.feed(head, 0, head.length - 1);
        assertEquals(1, hellos.size(), "second one incomplete");
        assertEquals(StreamFramer.MORE, cut.state());
        hellos.clear();
        ClientHelloFramer start = new ClientHelloFramer(events);
        assertEquals(0, start.feed(head, 0, 100));
        assertEquals(List.of(), hellos);
        assertEquals(StreamFramer.MORE, start.state());
    }

    private static ParseResult<ClientHello> parse(byte[] b) {
        return TlsParser.parseClientHello(b, 0, b.length);
    }

    /** The handshake message cut into TLS 1.0-version records of at most {@code fragment} bytes each. */
    static byte[] reframe(byte[] message, int fragment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < message.length; i += fragment) {
            int n = Math.min(fragment, message.length - i);
            out.write(0x16);
            out.write(0x03);
            out.write(0x01);
            out.write(n >> 8);
            out.write(n & 0xff);
            out.write(message, i, n);
        }
        return out.toByteArray();
    }
}
