package io.proxyaudit.analyzer.tls;

import io.proxyaudit.analyzer.TcpAnalyzer;
import io.proxyaudit.analyzer.TcpDirection;
import io.proxyaudit.proto.StreamFramer;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.proto.tls.ClientHelloFramer;
import io.proxyaudit.proto.tls.ServerHello;
import io.proxyaudit.proto.tls.ServerHelloFramer;
import io.proxyaudit.proto.tls.TlsEvents;

/** TLS: a handshake record (RFC 8446 §5.1) holding a ClientHello or a ServerHello, on any port. */
public final class TlsAnalyzer implements TcpAnalyzer {
    private static final int CONTENT_HANDSHAKE = 0x16;
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_HELLO = 2;
    /** Record header (5) and the handshake message type. */
    private static final int PROBE_BYTES = 6;

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public int probe(TcpDirection d, byte[] buf, int off, int len) {
        if ((buf[off] & 0xff) != CONTENT_HANDSHAKE) {
            return NO;
        }
        if (len < PROBE_BYTES) {
            return NEED_MORE;
        }
        int type = buf[off + 5] & 0xff;
        return type == CLIENT_HELLO || type == SERVER_HELLO ? MATCH : NO;
    }

    @Override
    public StreamFramer open(TcpDirection d, byte[] buf, int off, int len) {
        TlsEvents events = new TlsEvents() {
            @Override
            public void onClientHello(ClientHello hello) {
                d.clientHello(hello);
            }

            @Override
            public void onHelloRetry() {
                d.helloRetry();
            }

            @Override
            public void onServerHello(ServerHello hello) {
                d.serverHello(hello);
            }

            @Override
            public void onMalformed() {
                d.malformed("tls");
            }
        };
        return (buf[off + 5] & 0xff) == CLIENT_HELLO ? new ClientHelloFramer(events) : new ServerHelloFramer(events);
    }
}
