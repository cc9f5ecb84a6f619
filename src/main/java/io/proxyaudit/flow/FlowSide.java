package io.proxyaudit.flow;

import io.proxyaudit.analyzer.AppEvents;
import io.proxyaudit.decode.DecodedPacket;
import io.proxyaudit.proto.dns.DnsMessage;
import io.proxyaudit.proto.http.HttpRequestHead;
import io.proxyaudit.proto.http.HttpResponseHead;
import io.proxyaudit.proto.quic.QuicHandshake;
import io.proxyaudit.proto.socks.SocksRequest;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.proto.tls.ServerHello;

/**
 * One side of a flow as the analyzers report on it: keeps what the flow record needs in the flow's
 * {@link AppState}, decides the client side from what was sent, counts, and passes DNS messages on.
 * A UDP flow's datagram is reported through one reused instance ({@link #at}).
 */
class FlowSide implements AppEvents {
    final FlowContext ctx;
    Flow flow;
    int side;
    /** Time stamp of the datagram being reported (a DNS message carries its own packet's time). */
    long nanos;

    FlowSide(FlowContext ctx) {
        this.ctx = ctx;
    }

    /** Points this (reused) instance at one datagram of {@code flow} sent by {@code side}. */
    FlowSide at(Flow flow, int side, long nanos) {
        this.flow = flow;
        this.side = side;
        this.nanos = nanos;
        return this;
    }

    /** Capture time of the message being reported. */
    long now() {
        return nanos;
    }

    boolean tunnelledNow() {
        return false;
    }

    private AppState app() {
        if (flow.app == null) {
            flow.app = new AppState();
        }
        return flow.app;
    }

    @Override
    public boolean hasPort(int port) {
        return flow.portA == port || flow.portB == port;
    }

    @Override
    public void markClient() {
        flow.decideClient(side, Flow.FROM_APP);
    }

    @Override
    public void clientHello(ClientHello hello) {
        boolean tunnelled = tunnelledNow();
        ctx.observer.onClientHello(now(), flow.id, hello, tunnelled);
        if (hello.truncated()) {
            ctx.counters.tlsHellosCut++;
        }
        AppState a = app();
        if (tunnelled) {
            if (a.tunnelHello == null) {
                a.tunnelHello = hello;
            }
        } else if (a.clientHello == null) {
            a.clientHello = hello;
        }
        flow.decideClient(side, Flow.FROM_APP);
    }

    @Override
    public void quic(QuicHandshake handshake) {
        app().quic = handshake;
    }

    @Override
    public void socksRequest(SocksRequest request) {
        AppState a = app();
        if (a.socksRequest == null) {
            a.socksRequest = request;
        }
    }

    @Override
    public void socksReply(String status, boolean granted) {
        app().socksStatus = status;
    }

    @Override
    public void helloRetry() {
        app().flags |= AppState.FLAG_HELLO_RETRY;
    }

    @Override
    public void serverHello(ServerHello hello) {
        if (tunnelledNow()) {
            app().tunnelServerHello = hello;
        } else {
            app().serverHello = hello;
        }
        flow.decideClient(Flow.other(side), Flow.FROM_APP);
    }

    @Override
    public void httpRequest(HttpRequestHead head) {
        AppState a = app();
        if (head.truncated()) {
            ctx.counters.httpHeadsCut++;
        }
        if (a.http.size() < ctx.options.maxHttpPerFlow()) {
            a.http.add(new AppState.Exchange(head, ctx.clock));
        } else {
            a.httpDropped++;
            ctx.counters.httpDropped++;
        }
    }

    @Override
    public void httpResponse(HttpResponseHead head) {
        AppState a = app();
        int index = a.responses++;
        if (index < a.http.size()) {
            a.http.get(index).status = head.status();
        }
    }

    @Override
    public void connectRequest(HttpRequestHead head) {
        AppState a = app();
        if (a.connectRequest == null) {
            a.connectRequest = head;
        }
    }

    @Override
    public void connectAnswered(int status) {
        app().connectStatus = status;
    }

    @Override
    public void dnsMessage(DnsMessage message) {
        int n = flow.addressLength();
        byte[] src = side == Flow.SIDE_A ? flow.addrA : flow.addrB;
        byte[] dst = side == Flow.SIDE_A ? flow.addrB : flow.addrA;
        String transport = flow.protocol == DecodedPacket.PROTO_TCP ? "tcp" : "udp";
        ctx.dnsMessage(now(), transport, IpText.format(src, n), flow.portOf(side), IpText.format(dst, n),
                flow.portOf(Flow.other(side)), message);
    }

    @Override
    public void malformed(String protocol) {
        int flag = 0;
        switch (protocol) {
            case "tls" -> {
                ctx.counters.tlsMalformed++;
                flag = AppState.FLAG_TLS_MALFORMED;
            }
            case "http" -> {
                ctx.counters.httpMalformed++;
                flag = AppState.FLAG_HTTP_MALFORMED;
            }
            case "dns" -> {
                ctx.counters.dnsMalformed++;
                flag = AppState.FLAG_DNS_MALFORMED;
            }
            case "quic" -> ctx.counters.quicUndecryptable++;
            default -> note(protocol + "-malformed");
        }
        if (flag != 0 && flow.protocol == DecodedPacket.PROTO_TCP) {
            app().flags |= flag; // a UDP flow's record has no parser flags: each datagram stands alone
        }
    }

    @Override
    public void note(String flag) {
        app().note(flag);
    }
}
