package io.proxyaudit.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.BuiltInAnalyzers;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.flow.FlowPipeline;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.FlowSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new protocol is one analyzer and one registration line: a capture with a toy line protocol on port 7777
 * (TCP and UDP) next to an HTTP request goes through the whole pipeline, once with the built-in analyzers
 * only and once with {@link ToyLineAnalyzer} registered after them.
 */
class AnalyzerRegistrationTest {
    private static final String CLIENT = "10.0.0.2";
    private static final String SERVER = "192.0.2.7";

    @TempDir
    Path dir;

    @Test
    void aRegisteredAnalyzerGetsItsFlowsAndTheBuiltInOnesKeepTheirs() throws IOException {
        Path capture = writeCapture();
        AnalyzerRegistry withToy = BuiltInAnalyzers.registry();
        ToyLineAnalyzer toy = new ToyLineAnalyzer();
        withToy.tcp(toy).udp(toy); // the registration lines

        List<FlowRecord> flows = run(capture, withToy);
        assertEquals(3, flows.size());
        FlowRecord line = flows.get(0);
        assertEquals(7777, line.serverPort());
        assertEquals(List.of("toy-hello", "toy-welcome"), line.flags(), "HELLO arrived in two segments");
        FlowRecord http = flows.get(1);
        assertEquals("GET", http.http().get(0).method());
        assertEquals("example.org", http.host());
        FlowRecord ping = flows.get(2);
        assertEquals("udp", ping.transport());
        assertEquals(List.of("toy-ping"), ping.flags());

        List<FlowRecord> builtInOnly = run(capture, BuiltInAnalyzers.registry());
        assertEquals(List.of(List.of(), List.of(), List.of()), builtInOnly.stream().map(FlowRecord::flags).toList(),
                "nothing parses port 7777 without the toy");
        assertEquals("GET", builtInOnly.get(1).http().get(0).method());
    }

    private static List<FlowRecord> run(Path capture, AnalyzerRegistry analyzers) throws IOException {
        List<FlowRecord> flows = new ArrayList<>();
        FlowPipeline.Result r = new FlowPipeline(FlowOptions.defaults(), ReaderOptions.defaults()).analyzers(analyzers)
                .run(capture.toString(), new FlowSink() {
                    @Override
                    public void onFlow(FlowRecord flow) {
                        flows.add(flow);
                    }

                    @Override
                    public void onDns(DnsLookup lookup) {}
                });
        assertEquals(0L, r.flowCounters().get("parser_errors"));
        assertTrue(r.complete());
        flows.sort((a, b) -> Long.compare(a.id(), b.id()));
        return flows;
    }

    /** A classic pcap (LINKTYPE_RAW) with the toy TCP connection, an HTTP connection and a toy UDP datagram. */
    private Path writeCapture() throws IOException {
        Pcap p = new Pcap();
        p.tcp(CLIENT, 40000, SERVER, 7777, Pcap.SYN, 100, 0, "");
        p.tcp(SERVER, 7777, CLIENT, 40000, Pcap.SYN | Pcap.ACK, 500, 101, "");
        p.tcp(CLIENT, 40000, SERVER, 7777, Pcap.ACK, 101, 501, "HEL");
        p.tcp(CLIENT, 40000, SERVER, 7777, Pcap.ACK, 104, 501, "LO alice\n");
        p.tcp(SERVER, 7777, CLIENT, 40000, Pcap.ACK, 501, 113, "WELCOME\n");
        p.tcp(CLIENT, 40001, SERVER, 80, Pcap.SYN, 900, 0, "");
        p.tcp(SERVER, 80, CLIENT, 40001, Pcap.SYN | Pcap.ACK, 300, 901, "");
        p.tcp(CLIENT, 40001, SERVER, 80, Pcap.ACK, 901, 301, "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n");
        p.udp(CLIENT, 40002, SERVER, 7777, "PING 1");
        Path file = dir.resolve("toy.pcap");
        Files.write(file, p.bytes());
        return file;
    }

    /** Writes IPv4 TCP and UDP packets into a classic pcap with link type RAW (101). */
    private static final class Pcap {
        static final int SYN = 0x02;
        static final int ACK = 0x10;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int second = 1_700_000_000;

        Pcap() {
            le32(0xA1B2C3D4);
            le16(2);
            le16(4);
            le32(0);
            le32(0);
            le32(65535);
            le32(101);
        }

        void tcp(String src, int sport, String dst, int dport, int flags, long seq, long ack, String data) {
            byte[] payload = data.getBytes(StandardCharsets.US_ASCII);
            byte[] seg = new byte[20 + payload.length];
            be16(seg, 0, sport);
            be16(seg, 2, dport);
            be32(seg, 4, seq);
            be32(seg, 8, ack);
            seg[12] = 5 << 4;
            seg[13] = (byte) flags;
            be16(seg, 14, 65535);
            System.arraycopy(payload, 0, seg, 20, payload.length);
            packet(src, dst, 6, seg);
        }

        void udp(String src, int sport, String dst, int dport, String data) {
            byte[] payload = data.getBytes(StandardCharsets.US_ASCII);
            byte[] dgram = new byte[8 + payload.length];
            be16(dgram, 0, sport);
            be16(dgram, 2, dport);
            be16(dgram, 4, dgram.length);
            System.arraycopy(payload, 0, dgram, 8, payload.length);
            packet(src, dst, 17, dgram);
        }

        private void packet(String src, String dst, int protocol, byte[] transport) {
            byte[] ip = new byte[20 + transport.length];
            ip[0] = 0x45;
            be16(ip, 2, ip.length);
            ip[8] = 64;
            ip[9] = (byte) protocol;
            address(ip, 12, src);
            address(ip, 16, dst);
            System.arraycopy(transport, 0, ip, 20, transport.length);
            le32(second++);
            le32(0);
            le32(ip.length);
            le32(ip.length);
            out.writeBytes(ip);
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private static void address(byte[] b, int at, String dotted) {
            String[] parts = dotted.split("\\.");
            for (int i = 0; i < 4; i++) {
                b[at + i] = (byte) Integer.parseInt(parts[i]);
            }
        }

        private void le32(int v) {
            le16(v & 0xffff);
            le16(v >>> 16);
        }

        private void le16(int v) {
            out.write(v & 0xff);
            out.write((v >>> 8) & 0xff);
        }

        private static void be16(byte[] b, int at, int v) {
            b[at] = (byte) (v >>> 8);
            b[at + 1] = (byte) v;
        }

        private static void be32(byte[] b, int at, long v) {
            be16(b, at, (int) (v >>> 16));
            be16(b, at + 2, (int) v);
        }
    }
}
