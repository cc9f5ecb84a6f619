package io.proxyaudit.flow;

import io.proxyaudit.decode.DecodedPacket;
import io.proxyaudit.proto.Authority;
import io.proxyaudit.proto.http.HttpRequestHead;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the immutable {@link FlowRecord} of an ended flow: client and server from the decided side,
 * counts per direction, the TCP state word, what the analyzers reported, names learnt for the server,
 * the flow's {@link FlowHost host}, and the flags.
 */
final class FlowRecordBuilder {
    /** For a flow no analyzer reported on; only read. */
    private static final AppState NOTHING_REPORTED = new AppState();

    private final NameMap names;

    FlowRecordBuilder(NameMap names) {
        this.names = names;
    }

    FlowRecord build(Flow f, String reason) {
        int client = f.clientSide;
        List<String> flags = new ArrayList<>(4);
        if (client == Flow.SIDE_UNKNOWN) {
            client = f.clientSideByPorts();
            if (f.protocol == DecodedPacket.PROTO_TCP) {
                flags.add("client-from-ports");
            }
        }
        boolean aIsClient = client == Flow.SIDE_A;
        int server = Flow.other(client);
        int n = f.addressLength();
        String clientIp = IpText.format(aIsClient ? f.addrA : f.addrB, n);
        String serverIp = IpText.format(aIsClient ? f.addrB : f.addrA, n);
        List<String> serverNames = names.namesBefore(serverIp, f.startNanos);
        boolean tcp = f.protocol == DecodedPacket.PROTO_TCP;
        String state = tcp ? tcpState(f, client, reason) : "udp";
        if ("evicted".equals(reason)) {
            flags.add("evicted");
        }
        if (tcp) {
            streamFlags(f, client, state, flags);
        }
        AppState app = f.app == null ? NOTHING_REPORTED : f.app;
        appFlags(app, flags);
        List<HttpExchange> http = app.exchanges();
        ConnectInfo connect = connect(app);
        SocksInfo socks = app.socksRequest == null ? null : new SocksInfo(app.socksRequest, app.socksStatus);
        String host = FlowHost.choose(app.tunnelHello, socks, connect, http, app.clientHello, serverNames, serverIp)
                .host();
        return new FlowRecord(f.id, tcp ? "tcp" : "udp", f.startNanos, f.lastNanos, clientIp, f.portOf(client), serverIp,
                f.portOf(server), aIsClient ? f.packetsA : f.packetsB, aIsClient ? f.packetsB : f.packetsA,
                aIsClient ? f.bytesA : f.bytesB, aIsClient ? f.bytesB : f.bytesA, state,
                aIsClient ? f.synCountA : f.synCountB, app.clientHello, app.serverHello, app.tunnelHello,
                app.tunnelServerHello, http, app.httpDropped, connect, serverNames, host, List.copyOf(flags), f.truncated,
                app.quic, socks, process(f, aIsClient));
    }

    /** The client side's process comment, else the server side's (ptcpdump names the local socket's owner on both). */
    private static ProcessInfo process(Flow f, boolean aIsClient) {
        ProcessInfo client = aIsClient ? f.processA : f.processB;
        return client != null ? client : aIsClient ? f.processB : f.processA;
    }

    /** syn-only, rejected, closed, timeout or open. */
    private static String tcpState(Flow f, int client, String reason) {
        boolean clientSyn = client == Flow.SIDE_A ? f.synFromA : f.synFromB;
        if (clientSyn && !f.synAckSeen && !f.dataSeen) {
            return f.rst && f.rstSide == Flow.other(client) ? "rejected" : "syn-only";
        }
        if (f.closed()) {
            return "closed";
        }
        return "evicted".equals(reason) ? "timeout" : reason;
    }

    private static void streamFlags(Flow f, int client, String state, List<String> flags) {
        boolean clientSyn = client == Flow.SIDE_A ? f.synFromA : f.synFromB;
        if (!clientSyn && !f.synAckSeen && !"syn-only".equals(state)) {
            flags.add("midstream");
        }
        if (f.streamA.hadGap() || f.streamB.hadGap()) {
            flags.add("gap");
        }
        if (f.streamA.wasCut() || f.streamB.wasCut()) {
            flags.add("head-truncated");
        }
    }

    private static void appFlags(AppState app, List<String> flags) {
        if ((app.flags & AppState.FLAG_TLS_MALFORMED) != 0) {
            flags.add("tls-malformed");
        }
        if ((app.flags & AppState.FLAG_HTTP_MALFORMED) != 0) {
            flags.add("http-malformed");
        }
        if ((app.flags & AppState.FLAG_DNS_MALFORMED) != 0) {
            flags.add("dns-malformed");
        }
        if ((app.flags & AppState.FLAG_HELLO_RETRY) != 0) {
            flags.add("hello-retry");
        }
        if ((app.flags & AppState.FLAG_NOT_PARSED) != 0) {
            flags.add("parser-error");
        }
        flags.addAll(app.notes);
    }

    private static ConnectInfo connect(AppState app) {
        HttpRequestHead c = app.connectRequest;
        if (c == null) {
            return null;
        }
        String target = c.target();
        if (c.flags().contains("target-cut")) { // the snap length cut the authority: neither host nor port is known
            return new ConnectInfo(target, null, -1, app.connectStatus, c.proxyAuthorization());
        }
        String host = FlowHost.authorityHost(target);
        int port = target == null ? -1 : Authority.ofAuthority(target).port();
        return new ConnectInfo(target, host, port, app.connectStatus, c.proxyAuthorization());
    }
}
