package io.proxyaudit.proto.http;

import io.proxyaudit.proto.ParseResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where one HTTP/1.x message ends so that a keep-alive or pipelined connection can be walked
 * message by message (RFC 9112 §6.3 message body length). All offsets are within the given view;
 * a body that runs past the view gives NEED_MORE.
 */
public final class HttpMessageWalker {
    /** Chunk-size lines and trailer lines longer than this are treated as malformed. */
    static final int MAX_CHUNK_LINE = 4096;
    /** Requests taken from one stream head at most. */
    public static final int MAX_REQUESTS = 1000;

    /**
     * How long a whole message is.
     *
     * @param length     head plus body in bytes, when known
     * @param untilClose the body runs to the end of the connection (a response without length, §6.3 item 8)
     */
    public record Extent(int length, boolean untilClose) {}

    /** Requests found on a connection head and whether the walk stopped early. */
    public record Requests(List<HttpRequestHead> heads, int consumed, ParseResult.Status stoppedBy, String problem) {}

    /** Responses found on a server stream head and whether the walk stopped early. */
    public record Responses(List<HttpResponseHead> heads, int consumed, ParseResult.Status stoppedBy, String problem) {}

    private HttpMessageWalker() {}

    /** Extent of the request whose head starts at {@code off}: requests without framing have no body (§6.3 item 7). */
    public static ParseResult<Extent> requestExtent(byte[] buf, int off, int len, HttpRequestHead head) {
        return bodyExtent(buf, off, len, head.headLength(), head.chunked(), head.contentLength(), false);
    }

    /**
     * Extent of the response whose head starts at {@code off}.
     *
     * @param requestMethod method of the request it answers (HEAD and a successful CONNECT have no body, §6.3 items 1-2), or null
     */
    public static ParseResult<Extent> responseExtent(byte[] buf, int off, int len, HttpResponseHead head,
            String requestMethod) {
        int s = head.status();
        boolean noBody = (s >= 100 && s < 200) || s == 204 || s == 304 || "HEAD".equals(requestMethod);
        if ("CONNECT".equals(requestMethod) && s >= 200 && s < 300) {
            return ParseResult.ok(new Extent(head.headLength(), true), head.headLength()); // tunnel follows
        }
        if (noBody) {
            return ParseResult.ok(new Extent(head.headLength(), false), head.headLength());
        }
        return bodyExtent(buf, off, len, head.headLength(), head.chunked(), head.contentLength(), true);
    }

    /** Walks pipelined / keep-alive requests from the start of a client stream head. */
    public static Requests requests(byte[] buf, int off, int len) {
        List<HttpRequestHead> heads = new ArrayList<>();
        int pos = 0;
        while (pos < len) {
            if (heads.size() == MAX_REQUESTS) {
                return new Requests(List.copyOf(heads), pos, ParseResult.Status.OK, "more than " + MAX_REQUESTS + " requests");
            }
            ParseResult<HttpRequestHead> r = HttpHeadParser.parseRequest(buf, off + pos, len - pos);
            if (r.status() != ParseResult.Status.OK) {
                return new Requests(List.copyOf(heads), pos, r.status(), r.problem());
            }
            heads.add(r.value());
            // CONNECT has no body; what follows is either the tunnel (TLS: the next parse says
            // NOT_THIS_PROTOCOL and consumed points at the tunnel's first byte), plain HTTP through the
            // tunnel, or the client's next request after a refusal: both are walked on.
            ParseResult<Extent> e = requestExtent(buf, off + pos, len - pos, r.value());
            if (e.status() != ParseResult.Status.OK) {
                return new Requests(List.copyOf(heads), pos + r.consumed(), e.status(), e.problem());
            }
            pos += e.value().length();
        }
        return new Requests(List.copyOf(heads), pos, ParseResult.Status.OK, null);
    }

    /**
     * Walks the responses of a server stream head. {@code requestMethods} are the methods of the requests
     * on the same connection in order (HEAD and CONNECT change where a response ends); interim 1xx
     * responses (RFC 9110 §15.2) do not use up a request. Stops at a body that runs to the end of the
     * connection or into a CONNECT tunnel (stoppedBy OK), or at anything that is not a complete response.
     */
    public static Responses responses(byte[] buf, int off, int len, List<String> requestMethods) {
        List<HttpResponseHead> heads = new ArrayList<>();
        int pos = 0;
        int request = 0;
        while (pos < len && heads.size() < MAX_REQUESTS) {
            ParseResult<HttpResponseHead> r = HttpHeadParser.parseResponse(buf, off + pos, len - pos);
            if (r.status() != ParseResult.Status.OK) {
                return new Responses(List.copyOf(heads), pos, r.status(), r.problem());
            }
            HttpResponseHead head = r.value();
            heads.add(head);
            boolean interim = head.status() >= 100 && head.status() < 200 && head.status() != 101;
            String method = request < requestMethods.size() ? requestMethods.get(request) : null;
            if (!interim) {
                request++;
            }
            if (head.status() == 101) {
                // Switching Protocols: the rest of the connection is another protocol
                return new Responses(List.copyOf(heads), pos + head.headLength(), ParseResult.Status.OK, null);
            }
            ParseResult<Extent> e = interim ? ParseResult.ok(new Extent(head.headLength(), false), head.headLength())
                    : responseExtent(buf, off + pos, len - pos, head, method);
            if (e.status() != ParseResult.Status.OK) {
                return new Responses(List.copyOf(heads), pos + head.headLength(), e.status(), e.problem());
            }
            if (e.value().untilClose()) {
                return new Responses(List.copyOf(heads), pos + e.value().length(), ParseResult.Status.OK, null);
            }
            pos += e.value().length();
        }
        return new Responses(List.copyOf(heads), pos, ParseResult.Status.OK, null);
    }

    private static ParseResult<Extent> bodyExtent(byte[] buf, int off, int len, int headLength, boolean chunked,
            long contentLength, boolean response) {
        if (chunked) {
            return chunkedExtent(buf, off, len, headLength);
        }
        if (contentLength >= 0) {
            long total = headLength + contentLength;
            if (total > len) {
                return ParseResult.needMore();
            }
            return ParseResult.ok(new Extent((int) total, false), (int) total);
        }
        if (response) {
            return ParseResult.ok(new Extent(len, true), len);
        }
        return ParseResult.ok(new Extent(headLength, false), headLength);
    }

    /** chunked-body = *chunk last-chunk trailer-section CRLF (RFC 9112 §7.1). */
    static ParseResult<Extent> chunkedExtent(byte[] b, int off, int len, int start) {
        int end = off + len;
        int p = off + start;
        while (true) {
            int le = lineEnd(b, p, end);
            if (le < 0) {
                return end - p > MAX_CHUNK_LINE ? ParseResult.malformed("chunk-size line over " + MAX_CHUNK_LINE + " bytes")
                        : ParseResult.needMore();
            }
            long size = 0;
            int digits = 0;
            int q = p;
            while (q < le && hex(b[q]) >= 0) {
                if (++digits > 15) {
                    return ParseResult.malformed("chunk size with more than 15 hex digits at offset " + (q - off));
                }
                size = size * 16 + hex(b[q++]);
            }
            if (digits == 0) {
                return ParseResult.malformed("chunk size missing at offset " + (p - off));
            }
            p = le + 1;
            if (size == 0) {
                break;
            }
            if (size + 1 > end - p) {
                return ParseResult.needMore();
            }
            p += (int) size;
            if (b[p] == '\n') {
                p += 1;
            } else if (b[p] == '\r' && p + 1 == end) {
                return ParseResult.needMore();
            } else if (b[p] == '\r' && b[p + 1] == '\n') {
                p += 2;
            } else {
                return ParseResult.malformed("chunk data not followed by CRLF at offset " + (p - off));
            }
        }
        // trailer section: field lines up to an empty line
        while (true) {
            int le = lineEnd(b, p, end);
            if (le < 0) {
                return end - p > MAX_CHUNK_LINE ? ParseResult.malformed("trailer line over " + MAX_CHUNK_LINE + " bytes")
                        : ParseResult.needMore();
            }
            boolean empty = le == p || (le == p + 1 && b[p] == '\r');
            p = le + 1;
            if (empty) {
                return ParseResult.ok(new Extent(p - off, false), p - off);
            }
        }
    }

    /** Offset of the next LF at or after p within MAX_CHUNK_LINE, or -1. */
    private static int lineEnd(byte[] b, int p, int end) {
        int limit = Math.min(end, p + MAX_CHUNK_LINE);
        for (int i = p; i < limit; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
