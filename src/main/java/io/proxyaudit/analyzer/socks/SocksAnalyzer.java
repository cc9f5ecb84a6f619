package io.proxyaudit.analyzer.socks;

import io.proxyaudit.analyzer.TcpAnalyzer;
import io.proxyaudit.analyzer.TcpDirection;
import io.proxyaudit.proto.StreamFramer;
import io.proxyaudit.proto.socks.SocksClientFramer;
import io.proxyaudit.proto.socks.SocksConnection;
import io.proxyaudit.proto.socks.SocksEvents;
import io.proxyaudit.proto.socks.SocksRequest;
import io.proxyaudit.proto.socks.SocksServerFramer;

/**
 * SOCKS 4, 4a and 5 on any port: a direction that starts with a SOCKS greeting or request is the client's;
 * the other direction of that connection is then the proxy's. After a granted request both directions are
 * a tunnel, probed again like a CONNECT tunnel (TLS inside gives the flow's {@code tunnel_tls}).
 */
public final class SocksAnalyzer implements TcpAnalyzer {
    @Override
    public String name() {
        return "socks";
    }

    @Override
    public int probe(TcpDirection d, byte[] buf, int off, int len) {
        if (d.tunnelled()) {
            return NO;
        }
        SocksConnection c = (SocksConnection) d.shared(this);
        if (c != null && c.started()) {
            return MATCH;
        }
        int m = SocksClientFramer.sniff(buf, off, len);
        return m < 0 ? NEED_MORE : m > 0 ? MATCH : NO;
    }

    @Override
    public StreamFramer open(TcpDirection d, byte[] buf, int off, int len) {
        SocksConnection c = (SocksConnection) d.shared(this);
        if (c != null && c.started()) {
            return new SocksServerFramer(c, events(d));
        }
        c = new SocksConnection();
        d.share(this, c);
        d.markClient();
        return new SocksClientFramer(c, events(d));
    }

    private static SocksEvents events(TcpDirection d) {
        return new SocksEvents() {
            @Override
            public void onRequest(SocksRequest request) {
                d.socksRequest(request);
            }

            @Override
            public void onReply(String status, boolean granted) {
                d.socksReply(status, granted);
            }

            @Override
            public void onMalformed() {
                d.malformed("socks");
            }
        };
    }
}
