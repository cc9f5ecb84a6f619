package io.proxyaudit.flow;

import io.proxyaudit.proto.http.HttpRequestHead;
import io.proxyaudit.proto.quic.QuicHandshake;
import io.proxyaudit.proto.socks.SocksRequest;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.proto.tls.ServerHello;
import java.util.ArrayList;
import java.util.List;

/** What the analyzers reported about one flow and the flow record keeps (created on the first report). */
final class AppState {
    static final int FLAG_TLS_MALFORMED = 1;
    static final int FLAG_HTTP_MALFORMED = 2;
    static final int FLAG_DNS_MALFORMED = 4;
    static final int FLAG_HELLO_RETRY = 8;
    static final int FLAG_NOT_PARSED = 16;
    /** Notes kept per flow at most. */
    static final int MAX_NOTES = 8;

    /** One request and, once seen, its response status. */
    static final class Exchange {
        final HttpRequestHead request;
        final long nanos;
        int status;

        Exchange(HttpRequestHead request, long nanos) {
            this.request = request;
            this.nanos = nanos;
        }

        HttpExchange toRecord() {
            HttpRequestHead h = request;
            return new HttpExchange(h.method(), h.host(), h.target(), h.userAgent(), status, h.proxyAuthorization(), nanos,
                    h.flags(), h.truncated());
        }
    }

    ClientHello clientHello;
    /** A QUIC flow's handshake, as last reported. */
    QuicHandshake quic;
    ServerHello serverHello;
    ClientHello tunnelHello;
    ServerHello tunnelServerHello;
    final List<Exchange> http = new ArrayList<>(1);
    int httpDropped;
    /** Final responses seen: the next one answers request number {@code responses}. */
    int responses;
    HttpRequestHead connectRequest;
    SocksRequest socksRequest;
    String socksStatus;
    int connectStatus;
    int flags;
    List<String> notes = List.of();

    void note(String flag) {
        if (notes.size() < MAX_NOTES && !notes.contains(flag)) {
            if (notes.isEmpty()) {
                notes = new ArrayList<>(2);
            }
            notes.add(flag);
        }
    }

    List<HttpExchange> exchanges() {
        if (http.isEmpty()) {
            return List.of();
        }
        List<HttpExchange> out = new ArrayList<>(http.size());
        for (Exchange e : http) {
            out.add(e.toRecord());
        }
        return List.copyOf(out);
    }
}
