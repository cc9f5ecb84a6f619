package io.proxyaudit.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxyaudit.decode.DecodeCounters;
import io.proxyaudit.decode.DecodedPacket;
import io.proxyaudit.decode.PacketDecoder;
import io.proxyaudit.testutil.SharedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged input never escapes as anything but a one-line {@link IOException} at open time: seeded
 * random byte flips, cuts and inserted garbage over real and hand-built captures, read and decoded to the
 * end within a time limit (no hang, no OutOfMemoryError, no unchecked exception).
 */
class DamagedInputTest {
    @TempDir
    Path dir;

    private static byte[] mutate(byte[] original, Random rnd) {
        byte[] b = original.clone();
        switch (rnd.nextInt(4)) {
            case 0 -> { // flip a few bytes anywhere after the file header
                for (int i = rnd.nextInt(20) + 1; i > 0; i--) {
                    b[24 + rnd.nextInt(b.length - 24)] = (byte) rnd.nextInt(256);
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, 24 + rnd.nextInt(b.length - 24)); // cut
            case 2 -> { // overwrite a run with garbage
                int at = 24 + rnd.nextInt(b.length - 24);
                for (int i = at; i < Math.min(b.length, at + rnd.nextInt(300)); i++) {
                    b[i] = (byte) rnd.nextInt(256);
                }
            }
            default -> { // huge length fields: all 0xff at a random place
                int at = 24 + rnd.nextInt(b.length - 28);
                for (int i = 0; i < 4; i++) {
                    b[at + i] = (byte) 0xff;
                }
            }
        }
        return b;
    }

    private void readToTheEnd(Path p) {
        PacketDecoder decoder = new PacketDecoder(new DecodeCounters());
        DecodedPacket out = new DecodedPacket();
        try (CaptureReader r = CaptureOpener.open(p.toString(), CaptureListener.NONE, ReaderOptions.defaults())) {
            PacketRecord rec = new PacketRecord();
            while (r.next(rec)) {
                decoder.decode(rec, out);
            }
            decoder.finish();
            CaptureSummary s = r.summary();
            assertTrue(s.packets() <= Files.size(p) / 16, s.packets() + " packets in " + Files.size(p) + " bytes");
            for (CaptureWarning w : s.warnings()) {
                assertTrue(!w.toLine().contains("\n"), "warning on one line: " + w.toLine());
            }
        } catch (IOException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            fail("reader or decoder crashed on " + p + ": " + e, e);
        }
    }

    private void fuzz(byte[] original, String name, int rounds, long seed) throws IOException {
        Random rnd = new Random(seed);
        for (int i = 0; i < rounds; i++) {
            Path p = dir.resolve(name + "-" + i);
            Files.write(p, mutate(original, rnd));
            readToTheEnd(p);
            Files.delete(p);
        }
    }

    @Test
    void handBuiltCapturesSurviveMutation() {
        CaptureBytes pcap = CaptureBytes.create().pcapHeader(true, false, 65535, 1);
        CaptureBytes ng = CaptureBytes.create().shb(false).idb(1, 0, 9, 0).idb(113, 0, -1, 0)
                .nrbIpv4(new byte[] {1, 2, 3, 4}, "a.example");
        for (int i = 0; i < 40; i++) {
            byte[] frame = CaptureBytes.payload(60 + i * 13, i);
            frame[12] = 0x08;
            frame[13] = 0x00;
            frame[14] = 0x45;
            pcap.pcapRecord(1_700_000_000L + i, i, frame, frame.length + 10);
            ng.epb(i % 2, 1_700_000_000_000_000_000L + i, frame, frame.length);
        }
        ng.spb(CaptureBytes.payload(50, 0), 50);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            fuzz(pcap.toBytes(), "p", 300, 1);
            fuzz(ng.toBytes(), "n", 300, 2);
        });
    }

    @Test
    void corpusCapturesSurviveMutation() throws IOException {
        Path corpus = SharedCorpus.requireCorpus();
        List<String> files = List.of("zeek__http-qinq-0.pcap", "zeek__issue-32.pcapng", "zeek__linux_dlt_sll2.pcap",
                "pcapngtest__le__test202.pcapng", "zeek__dns-edns-ecs.pcap", "zeek__connect-with-header.pcap",
                "zeek__nflog-http.pcap", "zeek__ipv6-fragmented-dns.pcap");
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            long seed = 10;
            for (String f : files) {
                fuzz(Files.readAllBytes(corpus.resolve("captures").resolve(f)), f, 60, seed++);
            }
        });
    }

    @Test
    void randomBytesAreNotACapture() throws IOException {
        // 50 seeded files of 0..99 random bytes: none starts with a pcap, pcapng or compression magic number,
        // so each is refused at open with one line naming the file and what it starts with
        Random rnd = new Random(3);
        for (int i = 0; i < 50; i++) {
            byte[] b = new byte[rnd.nextInt(100)];
            rnd.nextBytes(b);
            Path p = dir.resolve("r" + i);
            Files.write(p, b);
            CaptureFormatException e = assertThrows(CaptureFormatException.class,
                    () -> CaptureOpener.open(p.toString(), CaptureListener.NONE, ReaderOptions.defaults()).close());
            // the caller names the file once in front ("proxyaudit: FILE: REASON"); the reason does not repeat it
            String start = "not a pcap or pcapng file (";
            assertTrue(e.getMessage().startsWith(start), e.getMessage());
            String why = e.getMessage().substring(start.length());
            if (b.length == 0) {
                assertEquals("empty)", why);
            } else if (b.length < 4) {
                assertEquals("only " + b.length + " bytes)", why);
            } else {
                String first = String.format("%02x%02x%02x%02x", b[0], b[1], b[2], b[3]);
                String reversed = String.format("%02x%02x%02x%02x", b[3], b[2], b[1], b[0]);
                assertTrue(why.equals("starts with 0x" + first + ")") || why.equals("starts with 0x" + reversed + ")"),
                        "names the first four bytes " + first + ": " + why);
            }
        }
    }
}
