package io.proxyaudit.capture;

import java.io.IOException;
import java.io.InputStream;

/**
 * A large reused read buffer over a stream: the readers parse in place from {@link #buf} starting at
 * {@link #pos}. Memory is bounded by {@code maxSize}, independent of the file size. A read error is kept
 * (not thrown) and ends the stream, so the readers can report it as a warning and keep what they read.
 *
 * <p>Over a {@link ReadAhead}, {@link #buf} is normally the read-ahead block itself (no copy): when a request
 * runs past its end, the unread tail (at most one record) moves into the reserve in front of the next block's
 * data. Requests larger than the reserve (a pcapng block over it, a resynchronising scan) switch to a private
 * array filled by copying, and the next block boundary switches back.
 */
final class StreamBuffer {
    byte[] buf;
    int pos;
    int limit;
    /** Stream offset of {@code buf[0]}. */
    private long base;
    private final InputStream in;
    private final ReadAhead ahead;
    /** The read-ahead block {@link #buf} belongs to, or null when {@link #buf} is a private array. */
    private ReadAhead.Block block;
    private final int initialSize;
    private final int maxSize;
    private boolean eof;
    private IOException error;

    StreamBuffer(InputStream in, int initialSize, int maxSize) {
        this.in = in;
        this.ahead = null;
        this.initialSize = initialSize;
        this.buf = new byte[initialSize];
        this.maxSize = maxSize;
    }

    /** Over a read-ahead thread (which this buffer does not close). */
    StreamBuffer(ReadAhead ahead, int initialSize, int maxSize) {
        this.in = null;
        this.ahead = ahead;
        this.initialSize = initialSize;
        this.buf = new byte[0];
        this.maxSize = maxSize;
    }

    /** Stream offset of {@link #pos}. */
    long offset() {
        return base + pos;
    }

    int available() {
        return limit - pos;
    }

    int maxSize() {
        return maxSize;
    }

    /** The read error that ended the stream early, or null. */
    IOException error() {
        return error;
    }

    /**
     * Makes {@code n} bytes available from {@link #pos} if the stream still has them.
     * Returns the bytes available (below {@code n} only at the end of the stream).
     */
    int require(int n) {
        if (limit - pos >= n) {
            return limit - pos;
        }
        if (n > maxSize) {
            throw new IllegalArgumentException("request over buffer limit: " + n);
        }
        if (eof) {
            return limit - pos; // nothing more will come: moving bytes around cannot help
        }
        if (ahead != null) {
            if (n <= ahead.reserve() && ahead.atBoundary()) {
                nextBlocks(n);
                return limit - pos;
            }
            if (block != null) {
                toPrivate(n);
            }
        }
        if (pos + n > buf.length) {
            // Room for twice the request (within maxSize), so that a scan asking for large requests at every
            // step (resynchronisation over damage) compacts only after advancing half the buffer: linear time.
            if (2L * n > buf.length && buf.length < maxSize) {
                int size = buf.length == 0 ? Math.min(1024, maxSize) : buf.length;
                while (size < 2L * n && size < maxSize) {
                    size = Math.min(maxSize, size * 2);
                }
                byte[] bigger = new byte[size];
                System.arraycopy(buf, pos, bigger, 0, limit - pos);
                buf = bigger;
            } else {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
            }
            base += pos;
            limit -= pos;
            pos = 0;
        }
        while (limit - pos < n && !eof) {
            try {
                int r = ahead != null ? ahead.read(buf, limit, buf.length - limit) : in.read(buf, limit, buf.length - limit);
                if (r < 0) {
                    eof = true;
                } else {
                    limit += r;
                }
            } catch (IOException e) {
                error = e;
                eof = true;
            }
        }
        return limit - pos;
    }

    /**
     * Zero-copy refill: takes whole blocks until {@code n} bytes are available from {@link #pos} (or the stream
     * ended), moving the unread tail in front of each new block's data.
     */
    private void nextBlocks(int n) {
        int reserve = ahead.reserve();
        while (limit - pos < n && !eof) {
            ReadAhead.Block b;
            try {
                b = ahead.takeBlock();
            } catch (IOException e) {
                error = e;
                eof = true;
                return;
            }
            if (b == null) {
                eof = true;
                return;
            }
            int tail = limit - pos; // < n <= reserve
            int start = reserve - tail;
            System.arraycopy(buf, pos, b.data, start, tail);
            base += pos - start;
            if (block != null) {
                ahead.release(block);
            }
            block = b;
            buf = b.data;
            pos = start;
            limit = reserve + b.length;
            if (b.error != null) {
                error = b.error;
                eof = true;
            } else if (b.end) {
                eof = true;
            }
        }
    }

    /** Leaves the current read-ahead block for a private array (a request larger than the reserve). */
    private void toPrivate(int n) {
        int tail = limit - pos;
        int size = Math.max(initialSize, Math.max(tail, (int) Math.min(maxSize, 2L * n)));
        byte[] own = new byte[size];
        System.arraycopy(buf, pos, own, 0, tail);
        base += pos;
        ahead.release(block);
        block = null;
        buf = own;
        pos = 0;
        limit = tail;
    }

    /** Skips {@code n} bytes; returns how many were really skipped (less at the end of the stream). */
    long skip(long n) {
        long done = 0;
        while (done < n) {
            if (limit == pos) {
                pos = 0;
                base += limit;
                limit = 0;
                if (require(1) == 0) {
                    break;
                }
            }
            int step = (int) Math.min(n - done, limit - pos);
            pos += step;
            done += step;
        }
        return done;
    }

    int u8(int at) {
        return buf[at] & 0xff;
    }

    int u16(int at, boolean le) {
        return le ? (buf[at] & 0xff) | (buf[at + 1] & 0xff) << 8 : (buf[at] & 0xff) << 8 | (buf[at + 1] & 0xff);
    }

    int i32(int at, boolean le) {
        return le
                ? (buf[at] & 0xff) | (buf[at + 1] & 0xff) << 8 | (buf[at + 2] & 0xff) << 16 | buf[at + 3] << 24
                : buf[at] << 24 | (buf[at + 1] & 0xff) << 16 | (buf[at + 2] & 0xff) << 8 | (buf[at + 3] & 0xff);
    }

    long u32(int at, boolean le) {
        return i32(at, le) & 0xffffffffL;
    }
}
