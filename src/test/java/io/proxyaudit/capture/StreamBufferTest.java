package io.proxyaudit.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proxyaudit.testutil.ShortReads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class StreamBufferTest {
    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void compactsKeepsOffsetsAndReadsAcrossShortReads() {
        StreamBuffer s = new StreamBuffer(ShortReads.of(bytes(1000), 7), 64, 256);
        assertEquals(64, s.require(64));
        s.pos += 60;
        assertEquals(60, s.offset());
        s.require(50); // 60 + 50 > 64: the unread bytes move to the front, the buffer doubles
        assertEquals(60, s.offset());
        assertEquals(60, s.u8(s.pos));
        assertEquals(true, s.available() >= 50);
        s.require(200); // grows up to the limit
        assertEquals(256, s.buf.length);
        assertEquals((60 + 199) & 0xff, s.u8(s.pos + 199));
        assertThrows(IllegalArgumentException.class, () -> s.require(257));
    }

    @Test
    void endOfStreamAndSkip() {
        StreamBuffer s = new StreamBuffer(new ByteArrayInputStream(bytes(100)), 16, 64);
        assertEquals(90, s.skip(90));
        assertEquals(90, s.offset());
        assertEquals(10, s.require(16));
        assertEquals(10, s.skip(50));
        assertEquals(0, s.require(1));
    }

    @Test
    void readErrorEndsTheStreamAndIsKept() {
        IOException boom = new IOException("boom");
        InputStream in = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ < 5) {
                    return 1;
                }
                throw boom;
            }
        };
        StreamBuffer s = new StreamBuffer(in, 16, 16);
        assertEquals(5, s.require(16));
        assertSame(boom, s.error());
    }

    @Test
    void byteOrders() {
        StreamBuffer s = new StreamBuffer(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, (byte) 0xff, (byte) 0xfe}),
                16, 16);
        s.require(6);
        assertEquals(0x0201, s.u16(0, true));
        assertEquals(0x0102, s.u16(0, false));
        assertEquals(0x04030201, s.i32(0, true));
        assertEquals(0x01020304, s.i32(0, false));
        assertEquals(0xfeff0403L, s.u32(2, true));
    }
}
