package io.proxyaudit.capture;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Ends a (decompressed) stream after {@code max} bytes, so a gzip bomb cannot run forever. */
final class LimitedInputStream extends FilterInputStream {
    private long remaining;
    private boolean limitReached;

    LimitedInputStream(InputStream in, long max) {
        super(in);
        this.remaining = max;
    }

    boolean limitReached() {
        return limitReached;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
            if (len > 0 && super.read() >= 0) {
                limitReached = true;
            }
            return -1;
        }
        int r = super.read(b, off, (int) Math.min(len, remaining));
        if (r > 0) {
            remaining -= r;
        }
        return r;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] tmp = new byte[(int) Math.min(8192, Math.max(1, n))];
        long done = 0;
        while (done < n) {
            int r = read(tmp, 0, (int) Math.min(tmp.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }
}
