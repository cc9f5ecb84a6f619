package io.proxyaudit.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.proxyaudit.capture.PacketRecord;
import io.proxyaudit.decode.DecodeCounters;
import io.proxyaudit.decode.DecodedPacket;
import io.proxyaudit.decode.PacketDecoder;

/**
 * Fuzzes {@link PacketDecoder} over every link type it knows (and one it does not), several packets per
 * input so the IP fragment table carries state from one packet to the next. Invariants: it returns one
 * of its status codes, never throws, and the payload it reports lies inside the buffer it points to.
 */
class PacketDecoderFuzzTest {
    /** LINKTYPE_ values the decoder handles, plus 147 (USER0) that it does not. */
    static final int[] LINK_TYPES = {1, 0, 10, 12, 14, 101, 108, 113, 228, 229, 239, 276, 147};

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void decode(FuzzedDataProvider in) {
        PacketDecoder decoder = CaptureHarness.newDecoder();
        PacketRecord rec = new PacketRecord();
        DecodedPacket out = new DecodedPacket();
        long ts = in.consumeLong(0, 1L << 62);
        int n = in.consumeInt(1, 8);
        for (int i = 0; i < n && in.remainingBytes() > 0; i++) {
            rec.linkType = in.pickValue(LINK_TYPES);
            byte[] frame = i == n - 1 ? in.consumeRemainingAsBytes() : in.consumeBytes(in.consumeInt(0, 2000));
            // the frame sits inside a larger buffer, as in the reader's
            int pad = in.consumeInt(0, 3);
            byte[] buf = new byte[frame.length + 2 * pad];
            System.arraycopy(frame, 0, buf, pad, frame.length);
            rec.data = buf;
            rec.offset = pad;
            rec.capturedLength = frame.length;
            rec.originalLength = frame.length + in.consumeInt(0, 100);
            rec.timestampNanos = ts + i * in.consumeLong(0, 40_000_000_000L);
            rec.number = i + 1;
            checkDecoded(rec, decoder.decode(rec, out), out);
        }
        decoder.finish();
        // after finish() every fragment held was either part of a reassembled datagram or dropped
        DecodeCounters c = decoder.counters();
        assertTrue(c.fragmentsDropped + c.fragmentsReassembled <= c.fragments,
                "fragments " + c.fragments + ", dropped " + c.fragmentsDropped + ", datagrams reassembled " + c.fragmentsReassembled);
    }

    static void checkDecoded(PacketRecord rec, int status, DecodedPacket out) {
        assertTrue(status >= PacketDecoder.STATUS_TRANSPORT && status <= PacketDecoder.STATUS_FRAGMENT_HELD,
                "status " + status);
        if (status == PacketDecoder.STATUS_TRANSPORT || status == PacketDecoder.STATUS_IP_OTHER) {
            assertTrue(out.payload != null, "payload buffer");
            assertTrue(out.payloadOffset >= 0 && out.payloadLength >= 0
                    && (long) out.payloadOffset + out.payloadLength <= out.payload.length,
                    "payload outside its buffer: offset " + out.payloadOffset + " length " + out.payloadLength
                            + " buffer " + out.payload.length);
            assertTrue(out.payloadWireLength >= out.payloadLength, "wire length below captured length");
            assertTrue(out.ipVersion == 4 || out.ipVersion == 6, "ip version " + out.ipVersion);
            if (out.payload == rec.data) {
                assertTrue(out.payloadOffset >= rec.offset
                        && out.payloadOffset + out.payloadLength <= rec.offset + rec.capturedLength,
                        "payload outside the record");
            }
        }
        if (status == PacketDecoder.STATUS_TRANSPORT) {
            assertTrue(out.srcPort >= 0 && out.srcPort <= 65535 && out.dstPort >= 0 && out.dstPort <= 65535, "ports");
            assertTrue(out.isTcp() || out.isUdp(), "transport protocol " + out.ipProtocol);
            assertTrue(out.seq >= 0 && out.seq <= 0xffffffffL && out.ack >= 0 && out.ack <= 0xffffffffL, "seq/ack");
        }
    }
}
