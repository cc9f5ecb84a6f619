package io.proxyaudit.flow;

import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.dns.DnsMessage;
import io.proxyaudit.proto.dns.DnsTcpFramer;
import io.proxyaudit.proto.http.HttpHeadParser;
import io.proxyaudit.proto.http.HttpRequestHead;
import io.proxyaudit.proto.http.HttpResponseHead;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.proto.tls.ServerHello;
import io.proxyaudit.proto.tls.TlsParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Application parsing of one TCP connection: each direction finds out what it carries from its first bytes
 * (TLS handshake record, HTTP request or status line, DNS on port 53) and parses incrementally as contiguous
 * bytes arrive. A parser is retried only when new bytes came after it asked for more; a direction that has
 * nothing more to say stops, which frees its buffer.
 *
 * <p>CONNECT (RFC 9110 §9.3.6): after the request head the client's bytes are the tunnel's; after a 2xx
 * answer the server's bytes are too, so the inner ClientHello/ServerHello are parsed as well.
 */
final class TcpApp {
    static final int FLAG_TLS_MALFORMED = 1;
    static final int FLAG_HTTP_MALFORMED = 2;
    static final int FLAG_DNS_MALFORMED = 4;
    static final int FLAG_HTTP_BODY_UNTIL_CLOSE = 8;
    static final int FLAG_NOT_PARSED = 16;
    static final int FLAG_HELLO_RETRY = 32;

    /** One request and, once seen, its response status. */
    static final class Exchange {
        final String method;
        final String host;
        final String target;
        final String userAgent;
        final String proxyAuthScheme;
        final long nanos;
        int status;

        Exchange(HttpRequestHead h, long nanos) {
            this.method = h.method();
            this.host = h.host();
            this.target = h.target();
            this.userAgent = h.userAgent();
            this.proxyAuthScheme = h.proxyAuthorization();
            this.nanos = nanos;
        }

        HttpExchange toRecord() {
            return new HttpExchange(method, host, target, userAgent, status, proxyAuthScheme, nanos);
        }
    }

    private final Flow flow;
    private final FlowTable table;
    final Direction fromA;
    final Direction fromB;

    ClientHello clientHello;
    ServerHello serverHello;
    ClientHello tunnelHello;
    ServerHello tunnelServerHello;
    final List<Exchange> http = new ArrayList<>(1);
    int httpRequests;
    int httpDropped;
    /** Methods of requests beyond the kept list are not needed: their responses only advance the index. */
    int responses;
    HttpRequestHead connectRequest;
    int connectStatus;
    int flags;

    TcpApp(Flow flow, FlowTable table) {
        this.flow = flow;
        this.table = table;
        this.fromA = new Direction(Flow.SIDE_A);
        this.fromB = new Direction(Flow.SIDE_B);
    }

    long nowNanos() {
        return table.clockNanos();
    }

    // modes of a direction
    private static final int DETECT = 0;
    private static final int TLS_CLIENT = 1;
    private static final int TLS_SERVER = 2;
    private static final int HTTP_REQUEST = 3;
    private static final int HTTP_RESPONSE = 4;
    private static final int CHUNKED = 5;
    private static final int DNS = 6;
    private static final int HTTP_RESYNC = 7;
    private static final int TLS_AFTER_HELLO = 8;
    /** Longest request line we wait for while sniffing. */
    private static final int MAX_SNIFF_LINE = 8192;

    /** Longest method token we accept when sniffing an HTTP request line. */
    private static final int MAX_METHOD = 24;
    private static final int MAX_CHUNK_LINE = 1024;

    final class Direction implements StreamReassembler.Consumer {
        final int side;
        int mode = DETECT;
        boolean tunnel;
        /** Mode to return to after a chunked body. */
        int afterBody;
        /** Chunked body: 0 size line, 1 data CRLF, 2 trailers. */
        int chunkState;
        int hellos;

        Direction(int side) {
            this.side = side;
        }

        @Override
        public void onGap(StreamReassembler s) {
            if (mode == HTTP_REQUEST || mode == HTTP_RESYNC) {
                mode = HTTP_RESYNC;
            } else {
                s.stop();
            }
        }

        @Override
        public void onData(StreamReassembler s, byte[] buf, int off, int len) {
            long pos = 0;
            try {
                pos = parse(s, buf, off, len);
            } catch (RuntimeException e) {
                // a parser bug must not stop the run: flag and stop this direction
                table.counters().parserErrors++;
                flags |= FLAG_NOT_PARSED;
                s.stop();
                return;
            }
            if (s.collecting() && pos > 0) {
                s.skip(pos);
            }
        }

        /** Returns how far (from off) the stream was consumed; may go beyond len to skip a body. */
        private long parse(StreamReassembler s, byte[] buf, int off, int len) {
            long pos = 0;
            while (pos < len && s.collecting()) {
                int p = off + (int) pos;
                int n = len - (int) pos;
                if ((mode == DETECT || mode == HTTP_REQUEST || mode == HTTP_RESPONSE) && (buf[p] == '\r' || buf[p] == '\n')
                        && (mode != DETECT || tunnel || httpRequests > 0)) {
                    pos++; // empty lines before a request or status line are ignored (RFC 9112 §2.2)
                    continue;
                }
                switch (mode) {
                    case DETECT -> {
                        int m = detect(buf, p, n);
                        if (m < 0) {
                            return pos; // need more bytes
                        }
                        if (m == DETECT) {
                            s.stop();
                            return pos;
                        }
                        mode = m;
                    }
                    case TLS_CLIENT -> {
                        ParseResult<ClientHello> r = TlsParser.parseClientHello(buf, p, n);
                        if (r.status() == ParseResult.Status.NEED_MORE) {
                            return pos;
                        }
                        if (r.status() == ParseResult.Status.OK) {
                            table.observer().onClientHello(nowNanos(), flow.id, r.value(), tunnel);
                            if (tunnel) {
                                if (tunnelHello == null) {
                                    tunnelHello = r.value();
                                }
                            } else if (clientHello == null) {
                                clientHello = r.value();
                            }
                            flow.decideClient(side, Flow.FROM_APP);
                            if (++hellos == 1 && r.consumed() > 0) {
                                // a HelloRetryRequest makes the client send a second ClientHello (RFC 8446 §4.1.4)
                                mode = TLS_AFTER_HELLO;
                                pos += r.consumed();
                                continue;
                            }
                            if (hellos > 1) {
                                flags |= FLAG_HELLO_RETRY;
                            }
                        } else {
                            flags |= FLAG_TLS_MALFORMED;
                            table.counters().tlsMalformed++;
                        }
                        s.stop();
                        return pos;
                    }
                    case TLS_AFTER_HELLO -> {
                        if (n < 6) {
                            return pos;
                        }
                        int type = b(buf, p);
                        if (type == 0x14) { // change_cipher_spec sent for middlebox compatibility (RFC 8446 §D.4)
                            pos += 5 + ((b(buf, p + 3) << 8) | b(buf, p + 4));
                            continue;
                        }
                        if (type == 0x16 && b(buf, p + 5) == 1) {
                            mode = TLS_CLIENT;
                            continue;
                        }
                        s.stop();
                        return pos;
                    }
                    case TLS_SERVER -> {
                        ParseResult<ServerHello> r = TlsParser.parseServerHello(buf, p, n);
                        if (r.status() == ParseResult.Status.NEED_MORE) {
                            return pos;
                        }
                        if (r.status() == ParseResult.Status.OK) {
                            if (tunnel) {
                                tunnelServerHello = r.value();
                            } else {
                                serverHello = r.value();
                            }
                            flow.decideClient(Flow.other(side), Flow.FROM_APP);
                        } else {
                            flags |= FLAG_TLS_MALFORMED;
                            table.counters().tlsMalformed++;
                        }
                        s.stop();
                        return pos;
                    }
                    case HTTP_REQUEST -> {
                        long used = request(s, buf, p, n);
                        if (used <= 0) {
                            return pos;
                        }
                        pos += used;
                    }
                    case HTTP_RESYNC -> {
                        int at = findRequestLine(buf, p, n);
                        if (at < 0) {
                            // keep a short tail in case a request line starts across the boundary
                            return pos + Math.max(0, n - MAX_METHOD);
                        }
                        pos += at;
                        mode = HTTP_REQUEST;
                    }
                    case HTTP_RESPONSE -> {
                        long used = response(s, buf, p, n);
                        if (used <= 0) {
                            return pos;
                        }
                        pos += used;
                    }
                    case CHUNKED -> {
                        long used = chunk(s, buf, p, n);
                        if (used <= 0) {
                            return pos;
                        }
                        pos += used;
                    }
                    case DNS -> {
                        ParseResult<DnsMessage> r = DnsTcpFramer.next(buf, p, n);
                        if (r.status() == ParseResult.Status.NEED_MORE) {
                            return pos;
                        }
                        if (r.status() != ParseResult.Status.OK || r.consumed() <= 0) {
                            flags |= FLAG_DNS_MALFORMED;
                            table.counters().dnsMalformed++;
                            s.stop();
                            return pos;
                        }
                        table.onTcpDns(flow, side, r.value());
                        pos += r.consumed();
                    }
                    default -> {
                        s.stop();
                        return pos;
                    }
                }
            }
            return pos;
        }

        /** What the first bytes are: a mode, DETECT for "nothing we parse", -1 for "need more bytes". */
        private int detect(byte[] b, int p, int n) {
            if (!tunnel && (flow.portA == 53 || flow.portB == 53)) {
                return DNS;
            }
            if ((b[p] & 0xff) == 0x16) { // TLS handshake record (RFC 8446 §5.1)
                if (n < 6) {
                    return -1;
                }
                int type = b[p + 5] & 0xff;
                if (type == 1) {
                    return TLS_CLIENT;
                }
                if (type == 2) {
                    return TLS_SERVER;
                }
                return DETECT;
            }
            if (startsWith(b, p, n, "HTTP/")) {
                return n < 5 ? -1 : HTTP_RESPONSE;
            }
            int m = requestLine(b, p, n);
            if (m == -1) {
                return -1;
            }
            if (m > 0) {
                if (tunnel) {
                    // plain HTTP through the tunnel, or another request after a refused CONNECT
                    tunnel = connectStatus / 100 == 2;
                } else {
                    flow.decideClient(side, Flow.FROM_APP);
                }
                return HTTP_REQUEST;
            }
            return DETECT;
        }

        private long request(StreamReassembler s, byte[] b, int p, int n) {
            ParseResult<HttpRequestHead> r = HttpHeadParser.parseRequest(b, p, n);
            if (r.status() == ParseResult.Status.NEED_MORE) {
                return 0;
            }
            if (r.status() != ParseResult.Status.OK || r.consumed() <= 0) {
                flags |= FLAG_HTTP_MALFORMED;
                table.counters().httpMalformed++;
                if (httpRequests == 0) {
                    s.stop();
                    return 0;
                }
                mode = HTTP_RESYNC;
                return Math.min(n, 1);
            }
            HttpRequestHead h = r.value();
            httpRequests++;
            if (http.size() < table.options().maxHttpPerFlow()) {
                http.add(new Exchange(h, nowNanos()));
            } else {
                httpDropped++;
                table.counters().httpDropped++;
            }
            int head = r.consumed();
            if ("CONNECT".equalsIgnoreCase(h.method())) {
                if (connectRequest == null) {
                    connectRequest = h;
                }
                // what follows is either the tunnel's first bytes or, after a refusal, another request
                mode = DETECT;
                tunnel = true;
                return head;
            }
            if (h.chunked()) {
                afterBody = HTTP_REQUEST;
                chunkState = 0;
                mode = CHUNKED;
                return head;
            }
            return head + Math.max(0, h.contentLength());
        }

        private long response(StreamReassembler s, byte[] b, int p, int n) {
            ParseResult<HttpResponseHead> r = HttpHeadParser.parseResponse(b, p, n);
            if (r.status() == ParseResult.Status.NEED_MORE) {
                return 0;
            }
            if (r.status() != ParseResult.Status.OK || r.consumed() <= 0) {
                flags |= FLAG_HTTP_MALFORMED;
                table.counters().httpMalformed++;
                s.stop();
                return 0;
            }
            HttpResponseHead h = r.value();
            int head = r.consumed();
            int status = h.status();
            if (status >= 100 && status < 200 && status != 101) {
                return head; // interim response; the final one follows (RFC 9110 §15.2)
            }
            int index = responses++;
            Exchange ex = index < http.size() ? http.get(index) : null;
            if (ex != null) {
                ex.status = status;
            }
            String method = ex != null ? ex.method : null;
            if (method != null && "CONNECT".equalsIgnoreCase(method)) {
                if (connectStatus == 0 || connectStatus / 100 != 2) {
                    connectStatus = status;
                }
                if (status / 100 == 2) {
                    tunnel = true;
                    mode = DETECT;
                    return head;
                }
            }
            if (status == 101) {
                s.stop(); // protocol switched (RFC 9110 §15.2.2)
                return head;
            }
            if ("HEAD".equalsIgnoreCase(method) || status == 204 || status == 304) {
                return head;
            }
            if (h.chunked()) {
                afterBody = HTTP_RESPONSE;
                chunkState = 0;
                mode = CHUNKED;
                return head;
            }
            if (h.contentLength() >= 0) {
                return head + h.contentLength();
            }
            // body runs to the end of the connection (RFC 9112 §6.3 rule 8)
            flags |= FLAG_HTTP_BODY_UNTIL_CLOSE;
            s.stop();
            return head;
        }

        /** Walks a chunked body (RFC 9112 §7.1); returns bytes used, 0 when more are needed. */
        private long chunk(StreamReassembler s, byte[] b, int p, int n) {
            if (chunkState == 0 || chunkState == 2) {
                int eol = indexOf(b, p, Math.min(n, MAX_CHUNK_LINE), (byte) '\n');
                if (eol < 0) {
                    if (n >= MAX_CHUNK_LINE) {
                        flags |= FLAG_HTTP_MALFORMED;
                        table.counters().httpMalformed++;
                        s.stop();
                    }
                    return 0;
                }
                int lineLen = eol - p + 1;
                if (chunkState == 2) {
                    boolean empty = lineLen == 1 || (lineLen == 2 && b[p] == '\r');
                    if (empty) {
                        mode = afterBody;
                    }
                    return lineLen;
                }
                long size = 0;
                int digits = 0;
                for (int i = p; i < eol; i++) {
                    int d = Character.digit(b[i], 16);
                    if (d < 0) {
                        break;
                    }
                    if (++digits > 15) {
                        break;
                    }
                    size = size * 16 + d;
                }
                if (digits == 0 || digits > 15) {
                    flags |= FLAG_HTTP_MALFORMED;
                    table.counters().httpMalformed++;
                    s.stop();
                    return 0;
                }
                if (size == 0) {
                    chunkState = 2;
                    return lineLen;
                }
                chunkState = 1;
                return lineLen + size + 0;
            }
            // chunkState 1: the CRLF after the chunk data
            int eol = indexOf(b, p, Math.min(n, 2), (byte) '\n');
            if (eol < 0) {
                if (n >= 2) {
                    flags |= FLAG_HTTP_MALFORMED;
                    table.counters().httpMalformed++;
                    s.stop();
                }
                return 0;
            }
            chunkState = 0;
            return eol - p + 1;
        }
    }

    private static int indexOf(byte[] b, int p, int n, byte c) {
        for (int i = p; i < p + n; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int p, int n, String prefix) {
        int k = Math.min(n, prefix.length());
        for (int i = 0; i < k; i++) {
            if (b[p + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Length of an HTTP method token (RFC 9110 §9.1: a token, by convention upper case) followed by a space,
     * 0 when the bytes are not a request line start, -1 when more bytes are needed to tell.
     */
    static int methodLength(byte[] b, int p, int n) {
        for (int i = 0; i < Math.min(n, MAX_METHOD + 1); i++) {
            int c = b[p + i] & 0xff;
            if (c == ' ') {
                return i > 0 ? i : 0;
            }
            if (!((c >= 'A' && c <= 'Z') || c == '-' || c == '_')) {
                return 0;
            }
        }
        return n <= MAX_METHOD ? -1 : 0;
    }

    private static int b(byte[] buf, int i) {
        return buf[i] & 0xff;
    }

    /**
     * Method length when the bytes start with an HTTP/1.x request line ({@code METHOD SP target SP HTTP/x.y},
     * RFC 9112 §3), 0 when they do not, -1 when the line is not complete yet.
     */
    static int requestLine(byte[] b, int p, int n) {
        int m = methodLength(b, p, n);
        if (m <= 0) {
            return m;
        }
        int limit = Math.min(n, MAX_SNIFF_LINE);
        int eol = indexOf(b, p, limit, (byte) '\n');
        if (eol < 0) {
            return n >= MAX_SNIFF_LINE ? 0 : -1;
        }
        return contains(b, p, eol - p, "HTTP/") ? m : 0;
    }

    /** Offset (from p) of the first request line that starts a line, -1 when none in the bytes. */
    private static int findRequestLine(byte[] b, int p, int n) {
        for (int i = 0; i < n; i++) {
            if (i == 0 || b[p + i - 1] == '\n') {
                int m = methodLength(b, p + i, n - i);
                if (m > 0) {
                    // also require the version on the same line to avoid body text that looks like a method
                    int eol = indexOf(b, p + i, n - i, (byte) '\n');
                    if (eol > 0 && contains(b, p + i, eol - (p + i), "HTTP/")) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    private static boolean contains(byte[] b, int p, int n, String s) {
        outer:
        for (int i = 0; i + s.length() <= n; i++) {
            for (int j = 0; j < s.length(); j++) {
                if (b[p + i + j] != s.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
