package io.proxyaudit.analyzer.http;

import io.proxyaudit.analyzer.TcpAnalyzer;
import io.proxyaudit.analyzer.TcpDirection;
import io.proxyaudit.proto.StreamFramer;
import io.proxyaudit.proto.http.HttpConnection;
import io.proxyaudit.proto.http.HttpEvents;
import io.proxyaudit.proto.http.HttpRequestFramer;
import io.proxyaudit.proto.http.HttpRequestHead;
import io.proxyaudit.proto.http.HttpRequestLine;
import io.proxyaudit.proto.http.HttpResponseFramer;
import io.proxyaudit.proto.http.HttpResponseHead;

/**
 * HTTP/1.x on any port: a direction that starts with a request line is the client's, one that starts with
 * {@code HTTP/} the server's. Both directions share one {@link HttpConnection}, also across a CONNECT:
 * after a refused CONNECT the client's next request continues the same connection.
 */
public final class HttpAnalyzer implements TcpAnalyzer {
    private static final String STATUS_LINE_START = "HTTP/";

    @Override
    public String name() {
        return "http";
    }

    @Override
    public int probe(TcpDirection d, byte[] buf, int off, int len) {
        byte first = buf[off];
        if ((first == '\r' || first == '\n') && (d.tunnelled() || requests(d) > 0)) {
            return SKIP_BYTE; // empty lines before a request or status line (RFC 9112 §2.2)
        }
        if (statusLine(buf, off, len)) {
            return len < STATUS_LINE_START.length() ? NEED_MORE : MATCH;
        }
        int m = HttpRequestLine.sniff(buf, off, len);
        return m < 0 ? NEED_MORE : m > 0 ? MATCH : NO;
    }

    /** A request line cut before its end: a method of RFC 9110 (or a known extension) followed by SP. */
    @Override
    public int probeCut(TcpDirection d, byte[] buf, int off, int len) {
        int r = probe(d, buf, off, len);
        if (r == MATCH) {
            return MATCH;
        }
        return HttpRequestLine.startsWithKnownMethod(buf, off, len) ? MATCH : NO;
    }

    @Override
    public StreamFramer open(TcpDirection d, byte[] buf, int off, int len) {
        HttpConnection connection = (HttpConnection) d.shared(this);
        if (connection == null) {
            connection = new HttpConnection();
            d.share(this, connection);
        }
        HttpEvents events = events(d);
        if (statusLine(buf, off, len)) {
            return new HttpResponseFramer(connection, events);
        }
        if (d.tunnelled()) {
            // plain HTTP through an accepted tunnel, or another request after a refused CONNECT
            d.tunnelled(connection.connectAccepted());
        } else {
            d.markClient();
        }
        return new HttpRequestFramer(connection, events);
    }

    private int requests(TcpDirection d) {
        HttpConnection connection = (HttpConnection) d.shared(this);
        return connection == null ? 0 : connection.requests();
    }

    private static boolean statusLine(byte[] buf, int off, int len) {
        int k = Math.min(len, STATUS_LINE_START.length());
        for (int i = 0; i < k; i++) {
            if (buf[off + i] != STATUS_LINE_START.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static HttpEvents events(TcpDirection d) {
        return new HttpEvents() {
            @Override
            public void onRequest(HttpRequestHead head) {
                d.httpRequest(head);
                if ("CONNECT".equals(head.method())) {
                    d.connectRequest(head);
                }
            }

            @Override
            public void onResponse(HttpResponseHead head) {
                d.httpResponse(head);
            }

            @Override
            public void onConnectAnswered(int connectStatus) {
                d.connectAnswered(connectStatus);
            }

            @Override
            public void onMalformed() {
                d.malformed("http");
            }
        };
    }
}
