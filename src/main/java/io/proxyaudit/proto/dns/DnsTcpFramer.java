package io.proxyaudit.proto.dns;

import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.StreamFramer;

/**
 * Frames one direction of a DNS-over-TCP stream: messages each preceded by a two-byte length
 * (RFC 1035 §4.2.2; RFC 7766 §6.2.1: several messages may share a connection and a segment).
 * A frame that does not hold a DNS message ends the framing.
 */
public final class DnsTcpFramer implements StreamFramer {
    /** What the framer found. */
    public interface Events {
        void onMessage(DnsMessage message);

        void onMalformed();
    }

    private final Events events;
    private int state = MORE;

    public DnsTcpFramer(Events events) {
        this.events = events;
    }

    @Override
    public int state() {
        return state;
    }

    @Override
    public long feed(byte[] b, int off, int len) {
        long pos = 0;
        while (pos < len) {
            ParseResult<DnsMessage> r = next(b, off + (int) pos, len - (int) pos);
            if (r.status() == ParseResult.Status.NEED_MORE) {
                return pos;
            }
            if (r.status() != ParseResult.Status.OK || r.consumed() <= 0) {
                events.onMalformed();
                state = DONE;
                return pos;
            }
            events.onMessage(r.value());
            pos += r.consumed();
        }
        return pos;
    }

    /**
     * The message at the start of the view. {@code consumed} is the frame size (2 + length) for OK and for
     * MALFORMED frames, so the caller can step to the next one; NEED_MORE when the frame is incomplete.
     */
    public static ParseResult<DnsMessage> next(byte[] buf, int off, int len) {
        if (len < 2) {
            return ParseResult.needMore();
        }
        int length = ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff);
        if (length == 0) {
            return new ParseResult<>(ParseResult.Status.MALFORMED, null, 2, "zero-length DNS-over-TCP frame");
        }
        if (len - 2 < length) {
            return ParseResult.needMore();
        }
        ParseResult<DnsMessage> r = DnsParser.parse(buf, off + 2, length);
        if (r.status() == ParseResult.Status.OK) {
            return ParseResult.ok(r.value(), 2 + length);
        }
        return new ParseResult<>(r.status(), null, 2 + length, r.problem());
    }
}
