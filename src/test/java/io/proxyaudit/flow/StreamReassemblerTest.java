package io.proxyaudit.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamReassemblerTest {
    /** Consumes every byte it is given and records the stream. */
    static final class Recorder implements StreamReassembler.Consumer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int calls;
        int gaps;

        @Override
        public void onData(StreamReassembler s, byte[] buf, int off, int len) {
            calls++;
            out.write(buf, off, len);
            s.consume(len);
        }

        @Override
        public void onGap(StreamReassembler s) {
            gaps++;
            out.write('|');
        }

        String text() {
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private final FlowCounters counters = new FlowCounters();

    private StreamReassembler reassembler(int window, Recorder r) {
        StreamReassembler s = new StreamReassembler(window, 8, counters);
        s.setConsumer(r);
        return s;
    }

    /** Records the stream with each known hole as {@code [n]}; skips over the hole. */
    static final class CutRecorder implements StreamReassembler.Consumer {
        final StringBuilder out = new StringBuilder();

        @Override
        public void onData(StreamReassembler s, byte[] buf, int off, int len) {
            out.append(new String(buf, off, len, StandardCharsets.ISO_8859_1));
            s.consume(len);
        }

        @Override
        public void onGap(StreamReassembler s) {
            out.append('|');
        }

        @Override
        public void onCut(StreamReassembler s, byte[] buf, int off, int len, long missing) {
            out.append('[').append(len).append('+').append(missing).append(']');
            s.skip(len + missing);
        }
    }

    /** A segment of which only the first {@code captured} bytes of {@code text} were captured. */
    private static void cutSeg(StreamReassembler s, long seq, String text, int captured) {
        byte[] b = ("xx" + text).getBytes(StandardCharsets.ISO_8859_1);
        s.onSegment(seq & 0xFFFFFFFFL, b, 2, captured, b.length - 2);
    }

    @Test
    void aSegmentCutBySnapLengthIsAHoleOfKnownLengthNotAGap() {
        CutRecorder r = new CutRecorder();
        StreamReassembler s = new StreamReassembler(1024, 8, counters);
        s.setConsumer(r);
        s.setInitialSequence(999);
        cutSeg(s, 1000, "GET /a HTTP/1.1\r\n\r\n", 6);
        cutSeg(s, 1019, "GET /b HTTP/1.1\r\n\r\n", 18);
        seg(s, 1038, "GET /c");
        assertEquals("GET /a[0+13]GET /b HTTP/1.1\r\n\r[0+1]GET /c", r.out.toString());
        assertFalse(s.hadGap());
        assertEquals(0, counters.streamGaps);
        assertEquals(44, s.contiguousBytes(), "the holes count as received");
    }

    @Test
    void aCutSegmentArrivingBeforeTheHoleBeforeItKeepsOnlyItsCapturedBytes() {
        CutRecorder r = new CutRecorder();
        StreamReassembler s = new StreamReassembler(1024, 8, counters);
        s.setConsumer(r);
        s.setInitialSequence(0);
        cutSeg(s, 11, "worldwide", 5); // out of order, cut: its tail is not known to be a hole yet
        seg(s, 1, "hello, my ");
        assertEquals("hello, my world", r.out.toString());
        s.flush();
        assertEquals(0, counters.streamGaps, "nothing was sent after the cut segment");
        seg(s, 20, "!");
        s.onPeerAck(21);
        assertTrue(s.hadGap(), "without the segment's wire length the reassembler cannot tell: a gap");
    }

    @Test
    void consumersWithoutCutHandlingStopAtTheFirstHole() {
        Recorder r = new Recorder();
        StreamReassembler s = reassembler(1024, r);
        s.setInitialSequence(0);
        cutSeg(s, 1, "hello world", 5);
        seg(s, 12, "more");
        assertEquals("hello", r.text());
        assertFalse(s.collecting());
    }

    private static boolean seg(StreamReassembler s, long seq, String text) {
        byte[] b = ("xx" + text).getBytes(StandardCharsets.ISO_8859_1);
        return s.onSegment(seq & 0xFFFFFFFFL, b, 2, b.length - 2);
    }

    @Test
    void inOrderSegmentsAreDeliveredAsTheyArrive() {
        Recorder r = new Recorder();
        StreamReassembler s = reassembler(1024, r);
        s.setInitialSequence(1000);
        seg(s, 1001, "GET / ");
        seg(s, 1007, "HTTP/1.1");
        assertEquals("GET / HTTP/1.1", r.text());
        assertEquals(2, r.calls);
        assertEquals(14, s.contiguousBytes());
    }

    @Test
    void outOfOrderSegmentsWaitForTheHole() {
        Recorder r = new Recorder();
        StreamReassembler s = reassembler(1024, r);
        s.setInitialSequence(99);
        seg(s, 106, "world");
        seg(s, 105, " ");
        assertEquals("", r.text());
        assertEquals(1, s.outOfOrderRanges(), "adjacent ranges merge");
        seg(s, 100, "hello");
        assertEquals("hello world", r.text());
        assertEquals(0, s.outOfOrderRanges());
        assertEquals(2, counters.tcpOutOfOrderSegments);
    }

    @Test
    void retransmissionIsIgnoredAndCounted() {
        Recorder r = new Recorder();
        StreamReassembler s = reassembler(1024, r);
        s.setInitialSequence(0);
        seg(s, 1, "abc");
        assertFalse(seg(s, 1, "abc"));
        seg(s, 4, "def");
        assertEquals("abcdef", r.text());
        assertEquals(1, counters.tcpRetransmittedSegments);
    }

    @Test
    void overlapKeepsTheFirstCopy() {
        Recorder r = new Recorder();
        StreamReassembler s = reassembler(1024, r);
        s.setInitialSequence(0);
        seg(s, 1, "AAAAAAAAAA");          // [0,10)
        seg(s, 6, "BBBBBBBBBB");          // [5,15): only [10,15) is new
        assertEquals("AAAAAAAAAABBBBB", r.text());
        assertEquals(5, counters.tcpOverlapBytes);
    }

    @Test
    void overlappingOutOfOrderSegmentsKeepTheFirstCopy() {
        Recorder r = new Recorder();
        StreamReassembler s = reassembler(1024, r);
        s.setInitialSequence(0);
        seg(s, 11, "XXXXXXXXXX");         // [10,20) first
        seg(s, 6, "YYYYYYYYYY");          // [5,15): [10,15) already there
        seg(s, 1, "ZZZZZ");               // [0,5)
        assertEquals("ZZZZZYYYYYXXXXXXXXXX", r.text());
    }

    @Test
    void sequenceNumbersWrapAround() {
        Recorder r = new Recorder();
        StreamReassembler s = reassembler(1024, r);
        s.setInitialSequence(0xFFFFFFFAL);                 // first data byte at 0xFFFFFFFB
        seg(s, 0xFFFFFFFBL, "0123");                       // up to 0xFFFFFFFE
        seg(s, 0x00000003L, "89");                         // after the wrap, out of order
        seg(s, 0xFFFFFFFFL, "4567");                       // 0xFFFFFFFF, 0, 1, 2
        assertEquals("0123456789", r.text());
    }

    @Test
    void missingHandshakeTakesTheFirstSegmentAsStart() {
        Recorder r = new Recorder();
        StreamReassembler s = reassembler(1024, r);
        seg(s, 5_000_000, "mid");
        seg(s, 5_000_003, "stream");
        assertEquals("midstream", r.text());
    }

    @Test
    void headIsCutAtTheWindowWhenTheParserDoesNotConsume() {
        StreamReassembler s = new StreamReassembler(64, 8, counters);
        int[] seen = new int[1];
        s.setConsumer((st, buf, off, len) -> seen[0] = len);
        s.setInitialSequence(0);
        seg(s, 1, "a".repeat(40));
        seg(s, 41, "b".repeat(40));
        assertEquals(64, seen[0], "the parser saw the full window");
        assertTrue(s.wasCut());
        assertFalse(s.collecting());
        assertEquals(1, counters.streamHeadsCut);
        seg(s, 81, "c".repeat(10));
        assertEquals(90, s.contiguousBytes(), "bytes are still counted after the cut");
    }

    @Test
    void consumingParserSlidesTheWindowAlongTheStream() {
        Recorder r = new Recorder();
        StreamReassembler s = reassembler(64, r);
        s.setInitialSequence(0);
        StringBuilder all = new StringBuilder();
        long seq = 1;
        for (int i = 0; i < 100; i++) {
            String chunk = "req" + i + ";";
            all.append(chunk);
            seg(s, seq, chunk);
            seq += chunk.length();
        }
        assertEquals(all.toString(), r.text());
        assertFalse(s.wasCut());
    }

    @Test
    void skipDiscardsBytesNotYetReceived() {
        StreamReassembler s = new StreamReassembler(1024, 8, counters);
        StringBuilder seen = new StringBuilder();
        s.setConsumer((st, buf, off, len) -> {
            String t = new String(buf, off, len, StandardCharsets.ISO_8859_1);
            seen.append('[').append(t).append(']');
            st.skip(t.startsWith("HEAD") ? 4 + 10 : len); // a head followed by a 10-byte body
        });
        s.setInitialSequence(0);
        seg(s, 1, "HEAD0123");        // head + 4 body bytes
        seg(s, 9, "456789");          // rest of body
        seg(s, 15, "NEXT");
        assertEquals("[HEAD0123][NEXT]", seen.toString());
    }

    @Test
    void holeAcknowledgedByThePeerIsSkippedAsGap() {
        Recorder r = new Recorder();
        StreamReassembler s = reassembler(1024, r);
        s.setInitialSequence(0);
        seg(s, 1, "abc");
        seg(s, 7, "ghi");             // [6,9); [3,6) never captured
        s.onPeerAck(4);               // acknowledges bytes before the hole only: keep waiting
        assertFalse(s.hadGap());
        s.onPeerAck(10);              // the receiver got the hole: the capture lost it
        assertTrue(s.hadGap());
        assertEquals("abc|ghi", r.text());
        assertEquals(1, counters.streamGaps);
    }

    @Test
    void outOfOrderRangesAreBounded() {
        Recorder r = new Recorder();
        StreamReassembler s = new StreamReassembler(1024, 2, counters);
        s.setConsumer(r);
        s.setInitialSequence(0);
        seg(s, 11, "x");
        seg(s, 21, "y");
        seg(s, 31, "z");              // third range: dropped
        assertEquals(2, s.outOfOrderRanges());
        assertEquals(1, counters.tcpOutOfOrderDropped);
    }
}
