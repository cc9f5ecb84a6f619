package io.proxyaudit.proto.tls;

import io.proxyaudit.proto.ParseResult;
import java.util.Arrays;

/**
 * Pulls the first handshake message out of the TLS record layer at the start of one direction of a
 * TCP stream. Handshake messages may be fragmented over several records and several records may share
 * one TCP segment (RFC 8446 §5.1), so fragments are concatenated until the message is complete.
 * The value is the whole message: 1-byte type, 3-byte length and body.
 * {@link ParseResult#consumed()} counts stream bytes (record headers included) up to the message's end.
 */
public final class TlsHandshakeReader {
    /** Content type handshake (RFC 8446 §5.1). */
    static final int CONTENT_HANDSHAKE = 22;
    /** TLSPlaintext.length may not exceed 2^14; TLSCiphertext allows 2^14 + 256, TLS 1.2 2^14 + 2048. */
    static final int MAX_RECORD = 16384 + 2048;
    /** Upper bound for a hello message: far above real ones (post-quantum key shares give ~2 KB). */
    public static final int MAX_HELLO = 65536;
    private static final int RECORD_HEADER = 5;
    private static final int HANDSHAKE_HEADER = 4;

    private TlsHandshakeReader() {}

    /**
     * @param expectedType handshake type the stream must start with (1 ClientHello, 2 ServerHello);
     *                     another type gives NOT_THIS_PROTOCOL
     * @param maxLength    largest accepted handshake body length
     */
    public static ParseResult<byte[]> readFirstMessage(byte[] buf, int off, int len, int expectedType, int maxLength) {
        return read(buf, off, len, expectedType, maxLength, false);
    }

    /**
     * The start of the first handshake message when the capture's snap length cut the stream after
     * {@code buf[off, off+len)}: its 4-byte header and the body bytes captured (the whole message when it was
     * complete). NEED_MORE when not even the handshake header was captured.
     */
    public static ParseResult<byte[]> readMessagePrefix(byte[] buf, int off, int len, int expectedType, int maxLength) {
        return read(buf, off, len, expectedType, maxLength, true);
    }

    private static ParseResult<byte[]> read(byte[] buf, int off, int len, int expectedType, int maxLength, boolean prefix) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return ParseResult.malformed("bad byte view");
        }
        if (!looksLikeHandshakeRecord(buf, off, len)) {
            return ParseResult.notThisProtocol();
        }
        final int end = off + len;
        byte[] header = new byte[HANDSHAKE_HEADER];
        byte[] message = null;
        int have = 0; // message bytes collected so far (header included)
        int pos = off;
        while (true) {
            if (end - pos < RECORD_HEADER) {
                return prefix && message != null ? ParseResult.ok(Arrays.copyOf(message, have), end - off)
                        : ParseResult.needMore();
            }
            int type = buf[pos] & 0xff;
            int major = buf[pos + 1] & 0xff;
            int recordLength = u16(buf, pos + 3);
            if (type != CONTENT_HANDSHAKE) {
                return ParseResult.malformed("record of type " + type + " at stream offset " + (pos - off)
                        + " inside a handshake message (RFC 8446 §5.1)");
            }
            if (major != 3) {
                return ParseResult.malformed("record version " + major + "." + (buf[pos + 2] & 0xff)
                        + " at stream offset " + (pos - off));
            }
            if (recordLength > MAX_RECORD) {
                return ParseResult.malformed("record length " + recordLength + " over 16384+2048 at stream offset "
                        + (pos - off));
            }
            if (recordLength == 0) {
                return ParseResult.malformed("zero-length handshake record at stream offset " + (pos - off));
            }
            int bodyStart = pos + RECORD_HEADER;
            int available = Math.min(recordLength, end - bodyStart);
            int i = 0;
            while (i < available) {
                if (message == null) {
                    header[have++] = buf[bodyStart + i++];
                    if (have == 1 && (header[0] & 0xff) != expectedType) {
                        return ParseResult.notThisProtocol();
                    }
                    if (have == HANDSHAKE_HEADER) {
                        int bodyLength = ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
                        if (bodyLength > maxLength) {
                            return ParseResult.malformed("handshake type " + expectedType + " length " + bodyLength
                                    + " over limit " + maxLength);
                        }
                        message = new byte[HANDSHAKE_HEADER + bodyLength];
                        System.arraycopy(header, 0, message, 0, HANDSHAKE_HEADER);
                    }
                } else {
                    int n = Math.min(available - i, message.length - have);
                    System.arraycopy(buf, bodyStart + i, message, have, n);
                    have += n;
                    i += n;
                }
                if (message != null && have == message.length) {
                    return ParseResult.ok(message, bodyStart + i - off);
                }
            }
            if (available < recordLength) {
                return prefix && message != null ? ParseResult.ok(Arrays.copyOf(message, have), end - off)
                        : ParseResult.needMore();
            }
            pos = bodyStart + recordLength;
        }
    }

    /**
     * Cheap check of the first bytes: content type 22, version major 3, minor 0..4 (SSL 3.0 to TLS 1.3
     * record versions). Bytes not yet present are not held against the stream.
     */
    public static boolean looksLikeHandshakeRecord(byte[] buf, int off, int len) {
        if (len >= 1 && (buf[off] & 0xff) != CONTENT_HANDSHAKE) {
            return false;
        }
        if (len >= 2 && (buf[off + 1] & 0xff) != 3) {
            return false;
        }
        return len < 3 || (buf[off + 2] & 0xff) <= 4;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
}
