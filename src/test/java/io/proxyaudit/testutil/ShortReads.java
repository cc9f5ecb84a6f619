package io.proxyaudit.testutil;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** An in-memory stream that hands out at most a few bytes per read, like a pipe or a gzip stream. */
public final class ShortReads {
    private ShortReads() {}

    public static InputStream of(byte[] b, int maxPerRead) {
        return new ByteArrayInputStream(b) {
            @Override
            public synchronized int read(byte[] dst, int off, int len) {
                return super.read(dst, off, Math.min(len, maxPerRead));
            }
        };
    }
}
