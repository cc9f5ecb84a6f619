package io.proxyaudit.proto.socks;

import io.proxyaudit.proto.StreamFramer;

/** The loop both SOCKS directions share: one message per {@link #step} until done, handed off, or short of bytes. */
abstract class SocksFramer implements StreamFramer {
    final SocksConnection connection;
    final SocksEvents events;
    int state = MORE;

    SocksFramer(SocksConnection connection, SocksEvents events) {
        this.connection = connection;
        this.events = events;
    }

    /** One message at {@code off}; returns the bytes it took, 0 when more are needed (or it ended the stream). */
    abstract int step(byte[] buf, int off, int len);

    @Override
    public final long feed(byte[] buf, int off, int len) {
        int used = 0;
        while (state == MORE && used < len) {
            int n = step(buf, off + used, len - used);
            if (n <= 0) {
                break;
            }
            used += n;
        }
        return used;
    }

    @Override
    public final int state() {
        return state;
    }
}
