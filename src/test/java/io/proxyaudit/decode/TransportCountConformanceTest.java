package io.proxyaudit.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxyaudit.capture.CaptureListener;
import io.proxyaudit.capture.CaptureOpener;
import io.proxyaudit.capture.CaptureReader;
import io.proxyaudit.capture.PacketRecord;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.capture.Tsv;
import io.proxyaudit.testutil.SharedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Decoder against tshark: per capture, the number of frames we decode as TCP and as UDP equals the
 * frame totals of tshark's {@code conv,tcp} / {@code conv,udp} tables (tshark reassembles IP fragments
 * too, and counts a reassembled datagram once). Only captures tshark reads without damage. Differences
 * must be listed with a reason in {@code src/test/resources/conformance/decode-differences.tsv}.
 */
class TransportCountConformanceTest {
    static final Path DIFFERENCES = Path.of("src/test/resources/conformance/decode-differences.tsv");

    private static long frames(Path convTsv) throws IOException {
        long n = 0;
        for (Map<String, String> row : Tsv.read(convTsv)) {
            n += Long.parseLong(row.get("frames_total"));
        }
        return n;
    }

    @Test
    void tcpAndUdpFrameCountsMatchTsharkConversations() throws IOException {
        Path corpus = SharedCorpus.requireCorpus();
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus.resolve("captures"))) {
            files = s.sorted().collect(Collectors.toList());
        }
        Map<String, String> diffs = new TreeMap<>();
        int compared = 0;
        long tcpTotal = 0;
        long udpTotal = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            Path exp = corpus.resolve("expected").resolve(name);
            Map<String, String> info = Tsv.read(exp.resolve("capinfos.tsv")).get(0);
            if (!"no".equals(info.get("damaged"))) {
                continue;
            }
            long tcp = 0;
            long udp = 0;
            DecodeCounters counters = new DecodeCounters();
            PacketDecoder decoder = new PacketDecoder(counters);
            DecodedPacket p = new DecodedPacket();
            try (CaptureReader r = CaptureOpener.open(f.toString(), CaptureListener.NONE, ReaderOptions.defaults())) {
                PacketRecord rec = new PacketRecord();
                while (r.next(rec)) {
                    if (decoder.decode(rec, p) == PacketDecoder.STATUS_TRANSPORT) {
                        if (p.isTcp()) {
                            tcp++;
                        } else if (p.isUdp()) {
                            udp++;
                        }
                    }
                }
            }
            long expTcp = frames(exp.resolve("tcp_conv.tsv"));
            long expUdp = frames(exp.resolve("udp_conv.tsv"));
            if (tcp != expTcp) {
                diffs.put(name + "\ttcp_frames", tcp + "\t" + expTcp);
            }
            if (udp != expUdp) {
                diffs.put(name + "\tudp_frames", udp + "\t" + expUdp);
            }
            tcpTotal += expTcp;
            udpTotal += expUdp;
            compared++;
        }
        Map<String, String[]> listed = new TreeMap<>();
        for (Map<String, String> row : Tsv.read(DIFFERENCES)) {
            listed.put(row.get("file") + "\t" + row.get("field"), new String[] {row.get("ours"), row.get("tshark"),
                    row.get("reason")});
        }
        if (Boolean.getBoolean("conformance.print")) {
            diffs.forEach((k, v) -> System.out.println(k + "\t" + v));
        }
        List<String> problems = new ArrayList<>();
        diffs.forEach((k, v) -> {
            String[] l = listed.get(k);
            if (l == null) {
                problems.add("unlisted difference: " + k + " ours=" + v.replace("\t", " tshark="));
            } else if (!(l[0] + "\t" + l[1]).equals(v)) {
                problems.add("listed difference changed: " + k + " now ours=" + v.replace("\t", " tshark="));
            } else if (l[2] == null || l[2].isBlank()) {
                problems.add("listed difference without a reason: " + k);
            }
        });
        listed.keySet().stream().filter(k -> !diffs.containsKey(k))
                .forEach(k -> problems.add("listed difference no longer occurs: " + k));
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
        assertTrue(compared >= 40 && tcpTotal > 1000 && udpTotal > 100,
                "too little compared: " + compared + " files, " + tcpTotal + " TCP, " + udpTotal + " UDP frames");
    }
}
