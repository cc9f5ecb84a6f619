package io.proxyaudit.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the synthetic capture against an independent walk of its bytes and, when tshark is installed,
 * against tshark's ClientHello SNI list (the oracle the benchmark uses).
 */
class SyntheticCaptureTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedGivesSameBytesAndOtherSeedDiffers() throws IOException {
        Path a = dir.resolve("a.pcap");
        Path b = dir.resolve("b.pcap");
        Path c = dir.resolve("c.pcap");
        SyntheticCapture.generate(1 << 20, CaptureFileWriter.Format.PCAP, 42, a, null);
        SyntheticCapture.generate(1 << 20, CaptureFileWriter.Format.PCAP, 42, b, null);
        SyntheticCapture.generate(1 << 20, CaptureFileWriter.Format.PCAP, 43, c, null);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
    }

    @Test
    void everyPcapRecordHasConsistentLengthsAndTruthCountsMatch() throws IOException {
        Path f = dir.resolve("s.pcap");
        Path truth = dir.resolve("s.truth");
        SyntheticCapture.generate(3 << 20, CaptureFileWriter.Format.PCAP, 5, f, truth);
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xa1b2c3d4, bb.getInt(0));
        assertEquals(1, bb.getInt(20), "Ethernet link type");
        int pos = 24;
        long packets = 0;
        long lastTs = 0;
        List<String> snis = new ArrayList<>();
        Map<String, Integer> dnsQueries = new HashMap<>();
        while (pos < bb.limit()) {
            long ts = bb.getInt(pos) * 1_000_000L + bb.getInt(pos + 4);
            int incl = bb.getInt(pos + 8);
            assertEquals(incl, bb.getInt(pos + 12), "not truncated");
            assertTrue(ts >= lastTs, "time order at record " + (packets + 1));
            lastTs = ts;
            checkFrame(bb.array(), pos + 16, incl, snis, dnsQueries);
            pos += 16 + incl;
            packets++;
        }
        assertEquals(bb.limit(), pos, "no trailing bytes");
        Map<String, String> counts = counts(truth);
        assertEquals(Long.parseLong(counts.get("packets")), packets);
        // ClientHellos that fit one segment, found by scanning payload starts (two-segment ones continue)
        long large = Long.parseLong(counts.get("client_hellos_two_segments"));
        assertEquals(Long.parseLong(counts.get("client_hellos")), snis.size());
        assertTrue(large > 0, "some hellos span two segments");
        List<String> truthSnis = sniLines(truth);
        List<String> sorted = new ArrayList<>(snis);
        sorted.sort(null);
        assertEquals(truthSnis, sorted);
        assertEquals(Long.parseLong(counts.get("dns_queries")),
                dnsQueries.values().stream().mapToLong(Integer::longValue).sum());
    }

    @Test
    void tsharkSeesTheSameClientHelloSnisInPcapAndPcapng() throws Exception {
        assumeTrue(onPath("tshark"), "tshark not installed; skipping the oracle comparison");
        for (CaptureFileWriter.Format format : CaptureFileWriter.Format.values()) {
            Path f = dir.resolve("t." + format.name().toLowerCase());
            Path truth = dir.resolve("t.truth");
            SyntheticCapture.generate(4 << 20, format, 11, f, truth);
            assertEquals(sniLines(truth), tsharkSnis(f), format + ": tshark's SNI list differs from the truth file");
            assertTrue(Long.parseLong(counts(truth).get("client_hellos_tunnelled")) > 0);
        }
    }

    /**
     * The QUIC and SOCKS share ({@code --quic-share}, {@code --socks-share}): proxyaudit finds every QUIC connection
     * with its ClientHello decrypted from the Initials and every SOCKS5 tunnel with its TLS inside, as the truth file
     * counts them; tshark (when installed) decrypts the same Initials and lists the same SNIs as the truth file.
     */
    @Test
    void quicAndSocksShareIsReadBackByProxyauditAndTshark() throws Exception {
        Path f = dir.resolve("q.pcap");
        Path truth = dir.resolve("q.truth");
        SyntheticCapture g = SyntheticCapture.generate(4 << 20, CaptureFileWriter.Format.PCAP, 7, f, truth, 0.2, 0.15);
        Map<String, String> counts = counts(truth);
        long quic = Long.parseLong(counts.get("quic_connections"));
        long socks = Long.parseLong(counts.get("socks_connections"));
        assertTrue(quic > 5 && socks > 5, counts.toString());
        assertTrue(Long.parseLong(counts.get("quic_initials")) > quic, "some post-quantum hellos span two Initials");
        io.proxyaudit.audit.CaptureAudit.Outcome o = io.proxyaudit.audit.CaptureAudit.run(f.toString(),
                io.proxyaudit.policy.ProxyConfig.of(Map.of("HTTPS_PROXY", "http://proxy.ci.internal:3128")),
                io.proxyaudit.flow.FlowOptions.defaults(), io.proxyaudit.capture.ReaderOptions.defaults(), w -> {});
        assertTrue(o.complete());
        List<String> snis = new ArrayList<>();
        long quicFlows = 0;
        long socksFlows = 0;
        for (io.proxyaudit.audit.AuditedFlow af : o.result().flows()) {
            io.proxyaudit.flow.FlowRecord r = af.flow();
            if (r.quic() != null) {
                quicFlows++;
                assertEquals("QUIC_BYPASS", af.reasonCode(), af.reason());
            }
            if (r.socks() != null) {
                socksFlows++;
                assertEquals(io.proxyaudit.audit.Verdict.PROXIED, af.verdict());
            }
            if (r.clientHello() != null && r.clientHello().sni() != null) {
                snis.add(r.clientHello().sni());
            }
            if (r.tunnelHello() != null && r.tunnelHello().sni() != null) {
                snis.add(r.tunnelHello().sni());
            }
        }
        assertEquals(quic, quicFlows);
        assertEquals(socks, socksFlows);
        snis.sort(null);
        assertEquals(sniLines(truth), snis, "every ClientHello (TCP, tunnelled, QUIC) found with its SNI");
        assertEquals(g.counters.clientHellos, snis.size());
        if (onPath("tshark")) {
            assertEquals(sniLines(truth), tsharkSnis(f), "tshark's SNI list (QUIC Initials decrypted) differs from the truth file");
        }
    }

    /** tshark's ClientHello SNIs of {@code f}, sorted (the benchmark's oracle). */
    private static List<String> tsharkSnis(Path f) throws Exception {
        Process p = new ProcessBuilder("tshark", "-n", "-r", f.toString(), "-Y", "tls.handshake.type==1",
                "-T", "fields", "-e", "tls.handshake.extensions_server_name")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        List<String> got = new ArrayList<>(out.lines().toList());
        got.sort(null);
        return got;
    }

    /** Independent header walk: Ethernet, IPv4/IPv6 lengths, TCP/UDP; collects SNIs and DNS queries. */
    private static void checkFrame(byte[] b, int o, int len, List<String> snis, Map<String, Integer> dns) {
        int type = ((b[o + 12] & 0xff) << 8) | (b[o + 13] & 0xff);
        if (type == 0x0806) {
            assertEquals(42, len);
            return;
        }
        int ip = o + 14;
        int proto;
        int l4;
        int l4Len;
        if (type == 0x0800) {
            assertEquals(0x45, b[ip] & 0xff);
            assertEquals(len - 14, u16(b, ip + 2), "IPv4 total length");
            int sum = 0;
            for (int i = 0; i < 20; i += 2) {
                sum += u16(b, ip + i);
            }
            sum = (sum & 0xffff) + (sum >>> 16);
            assertEquals(0xffff, (sum & 0xffff) + (sum >>> 16), "IPv4 header checksum");
            proto = b[ip + 9] & 0xff;
            l4 = ip + 20;
            l4Len = len - 34;
        } else {
            assertEquals(0x86dd, type);
            assertEquals(len - 54, u16(b, ip + 4), "IPv6 payload length");
            proto = b[ip + 6] & 0xff;
            l4 = ip + 40;
            l4Len = len - 54;
        }
        if (proto == 6) {
            int hl = ((b[l4 + 12] & 0xff) >>> 4) * 4;
            assertTrue(hl >= 20 && hl <= l4Len);
            int payload = l4Len - hl;
            assertTrue(payload <= 1448, "MSS respected");
            int p = l4 + hl;
            int sport = u16(b, l4);
            int dport = u16(b, l4 + 2);
            if (payload > 9 && b[p] == 0x16 && b[p + 5] == 1) {
                snis.add(sni(b, p));
            } else if (payload > 20 && startsWith(b, p, "CONNECT ")) {
                // the tunnelled hello comes later, in its own segment
                assertEquals(3128, dport);
            }
            if (dport == 53 && payload > 2) {
                dns.merge("tcp", 1, Integer::sum);
            }
            assertTrue(sport > 0 && dport > 0);
        } else if (proto == 17) {
            assertEquals(l4Len, u16(b, l4 + 4), "UDP length");
            if (u16(b, l4 + 2) == 53) {
                dns.merge("udp", 1, Integer::sum);
            }
        } else {
            assertEquals(1, proto);
        }
    }

    /** SNI of a ClientHello record starting at {@code p} (the name is in the first 1448 bytes). */
    private static String sni(byte[] b, int p) {
        int q = p + 5 + 4 + 2 + 32;
        q += 1 + (b[q] & 0xff);
        q += 2 + u16(b, q);
        q += 1 + (b[q] & 0xff);
        q += 2; // extensions length
        while (true) {
            int t = u16(b, q);
            int l = u16(b, q + 2);
            if (t == 0) {
                int nameLen = u16(b, q + 7);
                return new String(b, q + 9, nameLen, StandardCharsets.US_ASCII);
            }
            q += 4 + l;
        }
    }

    private static boolean startsWith(byte[] b, int p, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[p + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    private static Map<String, String> counts(Path truth) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String line : Files.readAllLines(truth)) {
            if (line.startsWith("# ") && line.indexOf('=') > 0 && !line.contains("seed=")) {
                String kv = line.substring(2);
                m.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        return m;
    }

    private static List<String> sniLines(Path truth) throws IOException {
        return Files.readAllLines(truth).stream().filter(l -> !l.startsWith("#")).toList();
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
