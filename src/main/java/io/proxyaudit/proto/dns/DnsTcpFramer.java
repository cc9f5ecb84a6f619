package io.proxyaudit.proto.dns;

import io.proxyaudit.proto.ParseResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one direction of a DNS-over-TCP stream head into messages, each preceded by a two-byte length
 * (RFC 1035 §4.2.2; RFC 7766 §6.2.1: several messages may share a connection and a segment).
 */
public final class DnsTcpFramer {
    /** Messages taken from one stream head at most. */
    public static final int MAX_MESSAGES = 1024;

    private DnsTcpFramer() {}

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

    /**
     * Every complete frame in the view, in order (at most {@link #MAX_MESSAGES}); an incomplete last
     * frame ends the list with a NEED_MORE entry.
     */
    public static List<ParseResult<DnsMessage>> all(byte[] buf, int off, int len) {
        List<ParseResult<DnsMessage>> out = new ArrayList<>();
        int pos = 0;
        while (pos < len && out.size() < MAX_MESSAGES) {
            ParseResult<DnsMessage> r = next(buf, off + pos, len - pos);
            out.add(r);
            if (r.status() == ParseResult.Status.NEED_MORE) {
                break;
            }
            pos += r.consumed();
        }
        return out;
    }
}
