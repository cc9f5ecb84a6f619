package io.proxyaudit.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.testutil.ShortReads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The read-ahead thread and the zero-copy {@link StreamBuffer} over it must give exactly what the plain stream
 * gives: the same bytes at the same offsets for any mix of small requests (block swaps with the tail moved into
 * the reserve), large ones (private array), skips, short reads, the end and an error.
 */
class ReadAheadTest {
    private static byte[] data(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Replays one random walk of requests and skips on both buffers and compares every answer. */
    private static void sameWalk(byte[] content, InputStream forAhead, int reserve, int block, int blocks, long seed,
            int maxSize) throws IOException {
        StreamBuffer plain = new StreamBuffer(new ByteArrayInputStream(content), 1024, maxSize);
        try (ReadAhead ahead = new ReadAhead(forAhead, reserve, block, blocks)) {
            StreamBuffer fast = new StreamBuffer(ahead, 1024, maxSize);
            Random r = new Random(seed);
            while (true) {
                int kind = r.nextInt(10);
                int n = kind < 7 ? 1 + r.nextInt(Math.min(reserve, 2000))
                        : kind < 9 ? 1 + r.nextInt(maxSize) : -1;
                if (n < 0) {
                    long k = r.nextInt(3 * block);
                    assertEquals(plain.skip(k), fast.skip(k), "skip");
                    assertEquals(plain.offset(), fast.offset(), "offset after skip");
                    continue;
                }
                int a = plain.require(n);
                int b = fast.require(n);
                assertEquals(Math.min(a, n), Math.min(b, n), "available for " + n + " at " + plain.offset());
                assertEquals(plain.offset(), fast.offset());
                int m = Math.min(a, n);
                for (int i = 0; i < m; i++) {
                    if (plain.buf[plain.pos + i] != fast.buf[fast.pos + i]) {
                        throw new AssertionError("byte " + (plain.offset() + i) + " differs");
                    }
                }
                if (m == 0) {
                    break;
                }
                int step = 1 + r.nextInt(m);
                plain.pos += step;
                fast.pos += step;
            }
            assertEquals(content.length, fast.offset());
        }
    }

    @Test
    void sameBytesAsThePlainStreamForRandomRequests() throws IOException {
        for (long seed = 1; seed <= 20; seed++) {
            byte[] content = data(200_000 + (int) seed * 7919, seed);
            sameWalk(content, new ByteArrayInputStream(content), 3000, 10_000, 2, seed, 40_000);
            sameWalk(content, ShortReads.of(content, 5000), 3000, 10_000, 3, seed, 40_000);
        }
    }

    @Test
    void aStreamEndingOnABlockBoundary() throws IOException {
        byte[] content = data(40_000, 9);
        sameWalk(content, new ByteArrayInputStream(content), 1000, 10_000, 2, 9, 4000);
    }

    @Test
    void readCopiesAndEnds() throws IOException {
        byte[] content = data(100_000, 3);
        try (ReadAhead ahead = new ReadAhead(ShortReads.of(content, 5000), 16, 4096, 2)) {
            byte[] got = new byte[content.length];
            int n = 0;
            int r;
            while ((r = ahead.read(got, n, Math.min(777, got.length - n))) > 0) {
                n += r;
                if (n == got.length) {
                    break;
                }
            }
            assertEquals(content.length, n);
            assertEquals(-1, ahead.read(new byte[1], 0, 1));
            assertTrue(java.util.Arrays.equals(content, got));
        }
    }

    @Test
    void anErrorComesAfterTheBytesBeforeIt() throws IOException {
        IOException boom = new IOException("disk gone");
        byte[] content = data(25_000, 4);
        InputStream failing = new InputStream() {
            int at;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (at >= content.length) {
                    throw boom;
                }
                int n = Math.min(len, Math.min(3000, content.length - at));
                System.arraycopy(content, at, b, off, n);
                at += n;
                return n;
            }
        };
        try (ReadAhead ahead = new ReadAhead(failing, 100, 8192, 2)) {
            StreamBuffer s = new StreamBuffer(ahead, 1024, 4096);
            long total = 0;
            while (s.require(1) > 0) {
                total += s.available();
                s.pos = s.limit;
            }
            assertEquals(content.length, total);
            assertSame(boom, s.error());
        }
    }

    @Test
    void closeStopsTheThreadEvenWhenNobodyReads() throws Exception {
        byte[] content = data(1 << 20, 5);
        ReadAhead ahead = new ReadAhead(new ByteArrayInputStream(content), 0, 1024, 2);
        Thread.sleep(20); // the thread fills both blocks and waits for a free one
        assertTrue(ahead.threadAlive());
        ahead.close();
        assertFalse(ahead.threadAlive(), "read-ahead thread still running after close");
    }
}
