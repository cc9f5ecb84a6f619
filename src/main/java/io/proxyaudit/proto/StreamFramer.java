package io.proxyaudit.proto;

/**
 * A resumable parser of one direction of a byte stream (the model is Netty's {@code ByteToMessageDecoder}):
 * it is fed the bytes it has not consumed yet followed by the new ones, frames as many messages as are
 * complete, hands each to its listener and says how many bytes it used. Whoever feeds it keeps the
 * unconsumed bytes (the flow stage's stream-head buffer; a test's byte array). One framer per protocol
 * is the only framing code: the flow stage, the tests and the fuzz targets all use it.
 */
public interface StreamFramer {
    /** {@link #state()}: more bytes are welcome. */
    int MORE = 0;
    /** {@link #state()}: nothing more to frame on this direction (hello parsed, body runs to the close, broken). */
    int DONE = 1;
    /**
     * {@link #state()}: from the consumed offset on the stream carries another protocol (an HTTP CONNECT
     * tunnel, RFC 9110 §9.3.6): whoever feeds the framer finds out which.
     */
    int HANDOFF = 2;

    /**
     * Frames {@code buf[off, off+len)}. Returns the bytes used; more than {@code len} when a message body
     * that has not arrived yet is to be skipped.
     */
    long feed(byte[] buf, int off, int len);

    /** {@link #MORE}, {@link #DONE} or {@link #HANDOFF}, after the last {@link #feed}. */
    int state();

    /**
     * Bytes were lost before the next ones (a capture gap). Returns true when the framer can find the next
     * message boundary by itself; false stops framing on this direction.
     */
    default boolean resynchronise() {
        return false;
    }

    /**
     * The capture's snap length cut the stream: {@code buf[off, off+len)} (the bytes not consumed yet, maybe none)
     * are followed by {@code missing} bytes that were sent but not captured. The framer takes what it can from
     * the partial message (a request line and the complete header lines, a ClientHello's complete extensions) and
     * returns the bytes used from {@code off}, at least {@code len + missing} to go on framing after the hole, or
     * -1 to stop framing this direction. The default stops.
     */
    default long truncated(byte[] buf, int off, int len, long missing) {
        return -1;
    }
}
