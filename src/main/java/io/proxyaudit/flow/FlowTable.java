package io.proxyaudit.flow;

import io.proxyaudit.decode.DecodedPacket;
import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.dns.DnsMessage;
import io.proxyaudit.proto.dns.DnsParser;
import io.proxyaudit.proto.http.HttpHeadParser;
import io.proxyaudit.proto.http.HttpRequestHead;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns decoded TCP/UDP packets into flows. One flow per connection: a SYN with a new ISN on a known
 * 5-tuple, or a SYN after FIN/RST, starts a new flow. Lookup is a hash table with intrusive chains keyed on
 * the 5-tuple in either direction (symmetric hash); an established flow costs no allocation per packet.
 * Flows end on RST or both FINs (after a short linger for stray packets), by idle timeout (capture time),
 * by eviction when {@link FlowOptions#maxLiveFlows()} is reached (least recently active first), or at
 * {@link #finish()}. Finished flows and DNS lookups go to the {@link FlowSink}.
 */
public final class FlowTable {
    private static final int DNS_PORT = 53;

    private final FlowOptions options;
    private final FlowSink sink;
    private final FlowCounters counters = new FlowCounters();
    private final NameMap names;
    private final DnsTracker dns;
    private ParseObserver observer = new ParseObserver() {};

    private Flow[] buckets = new Flow[1024];
    private int size;
    private long nextId = 1;
    private long clock = Long.MIN_VALUE;
    /** The current packet's addresses as lookup keys (Flow.keyHi/keyLo), and the side find() matched. */
    private long keySrcHi;
    private long keySrcLo;
    private long keyDstHi;
    private long keyDstLo;
    private int foundSide;

    /** Live flows, least recently active first. */
    private Flow liveHead;
    private Flow liveTail;
    /** Closed flows lingering to absorb stray packets, least recently active first. */
    private Flow closedHead;
    private Flow closedTail;

    public FlowTable(FlowOptions options, FlowSink sink) {
        this.options = options;
        this.sink = sink;
        this.names = new NameMap(options.maxNames(), counters);
        this.dns = new DnsTracker(options, counters, names, sink);
    }

    public FlowCounters counters() {
        return counters;
    }

    public FlowOptions options() {
        return options;
    }

    /** Capture time of the latest packet (the table's clock). */
    public long clockNanos() {
        return clock;
    }

    /** Optional observer of every parsed message (tests, statistics). */
    public void setParseObserver(ParseObserver observer) {
        this.observer = observer == null ? new ParseObserver() {} : observer;
    }

    ParseObserver observer() {
        return observer;
    }

    /** A pcapng name resolution entry: known from the start of the capture. */
    public void onNameResolution(byte[] address, String name) {
        if (address != null && (address.length == 4 || address.length == 16)) {
            names.add(IpText.format(address, address.length), name, Long.MIN_VALUE);
        }
    }

    /** Number of live flows (including closed ones still lingering). */
    public int liveFlows() {
        return size;
    }

    /** One decoded packet; only TCP and UDP are looked at. */
    public void onPacket(DecodedPacket p) {
        if (p.timestampNanos != Long.MIN_VALUE && p.timestampNanos > clock) {
            clock = p.timestampNanos;
        }
        expire();
        if (p.isTcp() || p.isUdp()) {
            keySrcHi = Flow.keyHi(p.srcAddr, p.ipVersion);
            keySrcLo = Flow.keyLo(p.srcAddr, p.ipVersion);
            keyDstHi = Flow.keyHi(p.dstAddr, p.ipVersion);
            keyDstLo = Flow.keyLo(p.dstAddr, p.ipVersion);
            if (p.isTcp()) {
                tcp(p);
            } else {
                udp(p);
            }
        }
    }

    /** End of the capture: every live flow ends ({@code open}), unanswered DNS queries are emitted. */
    public void finish() {
        while (closedHead != null) {
            end(closedHead, "closed");
        }
        while (liveHead != null) {
            end(liveHead, "open");
        }
        dns.finish();
    }

    // ---------------------------------------------------------------- TCP

    private void tcp(DecodedPacket p) {
        int h = hash(p);
        Flow f = find(p, h);
        int side = f == null ? 0 : foundSide;
        int fl = p.tcpFlags;
        boolean syn = (fl & DecodedPacket.TCP_SYN) != 0;
        boolean ack = (fl & DecodedPacket.TCP_ACK) != 0;
        if (f != null && syn && !ack && startsNewConnection(f, side, p.seq)) {
            counters.portReuse++;
            end(f, f.closed() ? "closed" : f.lastNanos + options.idleTimeoutNanos() < clock ? "timeout" : "closed");
            f = null;
        }
        if (f == null) {
            f = create(p, h);
            f.streamA = new StreamReassembler(options.streamHeadBytes(), options.maxOutOfOrderRanges(), counters);
            f.streamB = new StreamReassembler(options.streamHeadBytes(), options.maxOutOfOrderRanges(), counters);
            f.app = new TcpApp(f, this);
            f.streamA.setConsumer(f.app.fromA);
            f.streamB.setConsumer(f.app.fromB);
            counters.tcpFlows++;
            side = Flow.SIDE_A;
        }
        touch(f);
        boolean fromA = side == Flow.SIDE_A;
        int payloadBytes = p.payloadWireLength > 0 ? p.payloadWireLength : p.payloadLength;
        if (fromA) {
            f.packetsA++;
            f.bytesA += payloadBytes;
        } else {
            f.packetsB++;
            f.bytesB += payloadBytes;
        }
        StreamReassembler own = fromA ? f.streamA : f.streamB;
        StreamReassembler peer = fromA ? f.streamB : f.streamA;
        long dataSeq = p.seq;
        if (syn) {
            own.setInitialSequence(p.seq);
            dataSeq = (p.seq + 1) & 0xFFFFFFFFL; // data on a SYN (TCP Fast Open) starts after the SYN
            if (!ack) {
                f.decideClient(side, Flow.FROM_SYN);
                if (fromA) {
                    if (!f.synFromA) {
                        f.isnA = p.seq;
                    }
                    f.synFromA = true;
                    f.synCountA++;
                } else {
                    if (!f.synFromB) {
                        f.isnB = p.seq;
                    }
                    f.synFromB = true;
                    f.synCountB++;
                }
            } else {
                f.synAckSeen = true;
                f.synAckSide = side;
                f.synAckAck = p.ack;
                f.decideClient(Flow.other(side), Flow.FROM_SYN);
            }
        }
        if (p.payloadLength > 0) {
            f.dataSeen = true;
            own.onSegment(dataSeq, p.payload, p.payloadOffset, p.payloadLength);
        }
        if (ack) {
            peer.onPeerAck(p.ack);
        }
        if ((fl & DecodedPacket.TCP_FIN) != 0) {
            if (fromA) {
                f.finA = true;
            } else {
                f.finB = true;
            }
        }
        if ((fl & DecodedPacket.TCP_RST) != 0 && !f.rst) {
            f.rst = true;
            f.rstSide = side;
        }
        if (f.closed() && !f.lingering) {
            moveToClosed(f);
        }
    }

    /** A SYN on a known tuple: a retransmission (same ISN) or a new connection reusing the ports. */
    private static boolean startsNewConnection(Flow f, int side, long seq) {
        if (f.closed()) {
            return true;
        }
        boolean sentSyn = side == Flow.SIDE_A ? f.synFromA : f.synFromB;
        long isn = side == Flow.SIDE_A ? f.isnA : f.isnB;
        if (sentSyn) {
            return isn != seq;
        }
        if (f.synAckSeen && f.synAckSide != side && f.synAckAck == ((seq + 1) & 0xFFFFFFFFL)) {
            return false; // the capture has the SYN-ACK before the SYN it answers: same connection
        }
        // a flow picked up mid-stream (or from the other side) and now a fresh SYN
        return f.dataSeen || f.synAckSeen || (side == Flow.SIDE_A ? f.synFromB : f.synFromA);
    }

    // ---------------------------------------------------------------- UDP

    private void udp(DecodedPacket p) {
        int h = hash(p);
        Flow f = find(p, h);
        int side;
        if (f == null) {
            f = create(p, h);
            counters.udpFlows++;
            side = Flow.SIDE_A;
            // DNS server by port; else the first sender is the client unless it sends from a well-known port to a high one
            if (p.dstPort == DNS_PORT || (p.srcPort != DNS_PORT && !(p.srcPort < 1024 && p.dstPort >= 1024))) {
                f.decideClient(Flow.SIDE_A, Flow.FROM_PORTS);
            } else {
                f.decideClient(Flow.SIDE_B, Flow.FROM_PORTS);
            }
        } else {
            side = foundSide;
        }
        touch(f);
        int payloadBytes = p.payloadWireLength > 0 ? p.payloadWireLength : p.payloadLength;
        if (side == Flow.SIDE_A) {
            f.packetsA++;
            f.bytesA += payloadBytes;
        } else {
            f.packetsB++;
            f.bytesB += payloadBytes;
        }
        if (p.payloadLength > 0 && p.srcPort != DNS_PORT && p.dstPort != DNS_PORT
                && TcpApp.requestLine(p.payload, p.payloadOffset, p.payloadLength) > 0) {
            datagramHttp(f, p);
        }
        if ((p.srcPort == DNS_PORT || p.dstPort == DNS_PORT) && p.payloadLength > 0) {
            ParseResult<DnsMessage> r;
            try {
                r = DnsParser.parse(p.payload, p.payloadOffset, p.payloadLength);
            } catch (RuntimeException e) {
                counters.parserErrors++;
                return;
            }
            if (r.status() == ParseResult.Status.OK && r.value() != null) {
                int n = p.addressLength();
                dnsMessage(p.timestampNanos, "udp", IpText.format(p.srcAddr, n), p.srcPort, IpText.format(p.dstAddr, n),
                        p.dstPort, r.value());
            } else {
                counters.dnsMalformed++;
            }
        }
    }

    /** An HTTP request in one UDP datagram (SSDP's M-SEARCH/NOTIFY, RFC 9112 syntax over UDP). */
    private void datagramHttp(Flow f, DecodedPacket p) {
        ParseResult<HttpRequestHead> r;
        try {
            r = HttpHeadParser.parseRequest(p.payload, p.payloadOffset, p.payloadLength);
        } catch (RuntimeException e) {
            counters.parserErrors++;
            return;
        }
        if (r.status() != ParseResult.Status.OK || r.value() == null) {
            counters.httpMalformed++;
            return;
        }
        if (f.datagramHttp == null) {
            f.datagramHttp = new ArrayList<>(2);
        }
        if (f.datagramHttp.size() < options.maxHttpPerFlow()) {
            HttpRequestHead h = r.value();
            f.datagramHttp.add(new HttpExchange(h.method(), h.host(), h.target(), h.userAgent(), 0, h.proxyAuthorization(), clock));
        } else {
            f.datagramHttpDropped++;
            counters.httpDropped++;
        }
    }

    /** A DNS message framed on a TCP connection, sent by {@code side}. */
    void onTcpDns(Flow f, int side, DnsMessage m) {
        int n = f.addressLength();
        byte[] src = side == Flow.SIDE_A ? f.addrA : f.addrB;
        byte[] dst = side == Flow.SIDE_A ? f.addrB : f.addrA;
        dnsMessage(clock, "tcp", IpText.format(src, n), f.portOf(side), IpText.format(dst, n), f.portOf(Flow.other(side)), m);
    }

    private void dnsMessage(long nanos, String transport, String src, int sport, String dst, int dport, DnsMessage m) {
        observer.onDnsMessage(nanos, transport, src, sport, dst, dport, m);
        dns.onMessage(nanos, transport, src, sport, dst, dport, m);
    }

    // ---------------------------------------------------------------- table

    private int hash(DecodedPacket p) {
        // symmetric: the same value for both directions
        int a = endpointHash(keySrcHi, keySrcLo, p.srcPort);
        int b = endpointHash(keyDstHi, keyDstLo, p.dstPort);
        int h = (a + b) ^ (a * b) ^ p.ipProtocol;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    private static int endpointHash(long hi, long lo, int port) {
        long x = hi * 0x9E3779B97F4A7C15L ^ lo ^ (long) port << 40;
        x *= 0xBF58476D1CE4E5B9L;
        x ^= x >>> 31;
        return (int) (x ^ x >>> 32);
    }

    private Flow find(DecodedPacket p, int h) {
        for (Flow f = buckets[h & (buckets.length - 1)]; f != null; f = f.bucketNext) {
            if (f.hash == h) {
                int side = f.sideOf(p, keySrcHi, keySrcLo, keyDstHi, keyDstLo);
                if (side != 0) {
                    foundSide = side;
                    return f;
                }
            }
        }
        return null;
    }

    private Flow create(DecodedPacket p, int h) {
        if (size >= options.maxLiveFlows()) {
            Flow victim = closedHead != null ? closedHead : liveHead;
            if (victim != null) {
                if (!victim.lingering) {
                    counters.flowsEvicted++;
                }
                end(victim, victim.lingering ? "closed" : "evicted");
            }
        }
        if (size >= buckets.length * 3 / 4) {
            grow();
        }
        long nanos = p.timestampNanos != Long.MIN_VALUE ? p.timestampNanos : clock;
        Flow f = new Flow(nextId++, p, h, nanos);
        int i = h & (buckets.length - 1);
        f.bucketNext = buckets[i];
        buckets[i] = f;
        size++;
        appendLive(f);
        return f;
    }

    private void grow() {
        Flow[] old = buckets;
        Flow[] nb = new Flow[old.length * 2];
        for (Flow head : old) {
            Flow f = head;
            while (f != null) {
                Flow next = f.bucketNext;
                int i = f.hash & (nb.length - 1);
                f.bucketNext = nb[i];
                nb[i] = f;
                f = next;
            }
        }
        buckets = nb;
    }

    private void removeFromBuckets(Flow f) {
        int i = f.hash & (buckets.length - 1);
        Flow prev = null;
        for (Flow x = buckets[i]; x != null; prev = x, x = x.bucketNext) {
            if (x == f) {
                if (prev == null) {
                    buckets[i] = x.bucketNext;
                } else {
                    prev.bucketNext = x.bucketNext;
                }
                size--;
                return;
            }
        }
    }

    /** A packet for {@code f}: update its time and move it to the end of its activity list. */
    private void touch(Flow f) {
        if (clock != Long.MIN_VALUE && clock > f.lastNanos) {
            f.lastNanos = clock;
        }
        if (f == (f.lingering ? closedTail : liveTail)) {
            return; // already the most recently active (a burst of one flow's packets)
        }
        unlink(f);
        if (f.lingering) {
            appendClosed(f);
        } else {
            appendLive(f);
        }
    }

    private void moveToClosed(Flow f) {
        unlink(f);
        f.lingering = true;
        appendClosed(f);
    }

    private void expire() {
        if (clock == Long.MIN_VALUE) {
            return;
        }
        while (closedHead != null && closedHead.lastNanos + options.closedLingerNanos() < clock) {
            end(closedHead, "closed");
        }
        while (liveHead != null && liveHead.lastNanos + options.idleTimeoutNanos() < clock) {
            counters.flowsIdleTimeout++;
            end(liveHead, "timeout");
        }
    }

    private void appendLive(Flow f) {
        f.listPrev = liveTail;
        f.listNext = null;
        if (liveTail != null) {
            liveTail.listNext = f;
        } else {
            liveHead = f;
        }
        liveTail = f;
    }

    private void appendClosed(Flow f) {
        f.listPrev = closedTail;
        f.listNext = null;
        if (closedTail != null) {
            closedTail.listNext = f;
        } else {
            closedHead = f;
        }
        closedTail = f;
    }

    private void unlink(Flow f) {
        if (f.listPrev != null) {
            f.listPrev.listNext = f.listNext;
        } else if (liveHead == f) {
            liveHead = f.listNext;
        } else if (closedHead == f) {
            closedHead = f.listNext;
        }
        if (f.listNext != null) {
            f.listNext.listPrev = f.listPrev;
        } else if (liveTail == f) {
            liveTail = f.listPrev;
        } else if (closedTail == f) {
            closedTail = f.listPrev;
        }
        f.listPrev = null;
        f.listNext = null;
    }

    // ---------------------------------------------------------------- emit

    private void end(Flow f, String reason) {
        unlink(f);
        removeFromBuckets(f);
        if (f.streamA != null) {
            try {
                f.streamA.flush();
                f.streamB.flush();
            } catch (RuntimeException e) {
                counters.parserErrors++;
            }
        }
        sink.onFlow(toRecord(f, reason));
    }

    private FlowRecord toRecord(Flow f, String reason) {
        int client = f.clientSide;
        List<String> flags = new ArrayList<>(4);
        if (client == Flow.SIDE_UNKNOWN) {
            client = f.clientSideByPorts();
            if (f.protocol == DecodedPacket.PROTO_TCP) {
                flags.add("client-from-ports");
            }
        }
        int server = Flow.other(client);
        int n = f.addressLength();
        String clientIp = IpText.format(client == Flow.SIDE_A ? f.addrA : f.addrB, n);
        String serverIp = IpText.format(client == Flow.SIDE_A ? f.addrB : f.addrA, n);
        boolean aIsClient = client == Flow.SIDE_A;
        long pc = aIsClient ? f.packetsA : f.packetsB;
        long ps = aIsClient ? f.packetsB : f.packetsA;
        long bc = aIsClient ? f.bytesA : f.bytesB;
        long bs = aIsClient ? f.bytesB : f.bytesA;
        List<String> serverNames = names.namesBefore(serverIp, f.startNanos);

        if (f.protocol != DecodedPacket.PROTO_TCP) {
            String host = serverNames.isEmpty() ? serverIp : serverNames.get(0);
            if ("evicted".equals(reason)) {
                flags.add("evicted");
            }
            List<HttpExchange> http = f.datagramHttp == null ? List.of() : List.copyOf(f.datagramHttp);
            return new FlowRecord(f.id, "udp", f.startNanos, f.lastNanos, clientIp, f.portOf(client), serverIp,
                    f.portOf(server), pc, ps, bc, bs, "udp", 0, null, null, null, null, http, f.datagramHttpDropped, null,
                    serverNames, host, List.copyOf(flags));
        }

        boolean clientSyn = client == Flow.SIDE_A ? f.synFromA : f.synFromB;
        int synCount = client == Flow.SIDE_A ? f.synCountA : f.synCountB;
        String state;
        if (clientSyn && !f.synAckSeen && !f.dataSeen) {
            state = f.rst && f.rstSide == server ? "rejected" : "syn-only";
        } else if (f.closed()) {
            state = "closed";
        } else if ("evicted".equals(reason)) {
            state = "timeout";
        } else {
            state = reason;
        }
        if ("evicted".equals(reason)) {
            flags.add("evicted");
        }
        if (!clientSyn && !f.synAckSeen && !"syn-only".equals(state)) {
            flags.add("midstream");
        }
        StreamReassembler cs = client == Flow.SIDE_A ? f.streamA : f.streamB;
        StreamReassembler ss = client == Flow.SIDE_A ? f.streamB : f.streamA;
        if (cs.hadGap() || ss.hadGap()) {
            flags.add("gap");
        }
        if (cs.wasCut() || ss.wasCut()) {
            flags.add("head-truncated");
        }
        TcpApp app = f.app;
        if ((app.flags & TcpApp.FLAG_TLS_MALFORMED) != 0) {
            flags.add("tls-malformed");
        }
        if ((app.flags & TcpApp.FLAG_HTTP_MALFORMED) != 0) {
            flags.add("http-malformed");
        }
        if ((app.flags & TcpApp.FLAG_DNS_MALFORMED) != 0) {
            flags.add("dns-malformed");
        }
        if ((app.flags & TcpApp.FLAG_HELLO_RETRY) != 0) {
            flags.add("hello-retry");
        }
        if ((app.flags & TcpApp.FLAG_NOT_PARSED) != 0) {
            flags.add("parser-error");
        }
        List<HttpExchange> http = new ArrayList<>(app.http.size());
        for (TcpApp.Exchange e : app.http) {
            http.add(e.toRecord());
        }
        ConnectInfo connect = null;
        if (app.connectRequest != null) {
            HttpRequestHead c = app.connectRequest;
            String target = c.target();
            connect = new ConnectInfo(target, authorityHost(target), authorityPort(target), app.connectStatus,
                    c.proxyAuthorization());
        }
        String host = bestHost(app, connect, http, serverNames, serverIp);
        return new FlowRecord(f.id, "tcp", f.startNanos, f.lastNanos, clientIp, f.portOf(client), serverIp,
                f.portOf(server), pc, ps, bc, bs, state, synCount, app.clientHello, app.serverHello, app.tunnelHello,
                app.tunnelServerHello, List.copyOf(http), app.httpDropped, connect, serverNames, host, List.copyOf(flags));
    }

    /** Tunnelled SNI, CONNECT target host, HTTP Host, SNI, DNS name, else the server IP. */
    private static String bestHost(TcpApp app, ConnectInfo connect, List<HttpExchange> http, List<String> serverNames,
                                   String serverIp) {
        if (app.tunnelHello != null && notEmpty(app.tunnelHello.sni())) {
            return app.tunnelHello.sni();
        }
        if (connect != null && notEmpty(connect.targetHost())) {
            return connect.targetHost();
        }
        if (!http.isEmpty()) {
            HttpExchange first = http.get(0);
            String h = notEmpty(first.host()) ? authorityHost(first.host()) : absoluteUriHost(first.target());
            if (notEmpty(h)) {
                return h;
            }
        }
        if (app.clientHello != null && notEmpty(app.clientHello.sni())) {
            return app.clientHello.sni();
        }
        if (!serverNames.isEmpty()) {
            return serverNames.get(0);
        }
        return serverIp;
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    /** Host of {@code host[:port]} or {@code [v6]:port}, lower case. */
    static String authorityHost(String authority) {
        if (authority == null || authority.isEmpty()) {
            return null;
        }
        String a = authority.trim();
        int at = a.lastIndexOf('@');
        if (at >= 0) {
            a = a.substring(at + 1); // never keep userinfo
        }
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            return close > 0 ? a.substring(1, close).toLowerCase(Locale.ROOT) : null;
        }
        int colon = a.indexOf(':');
        if (colon >= 0 && a.indexOf(':', colon + 1) < 0) {
            a = a.substring(0, colon);
        }
        return a.isEmpty() ? null : a.toLowerCase(Locale.ROOT);
    }

    /** Port of {@code host:port}; -1 when absent or not a number. */
    static int authorityPort(String authority) {
        if (authority == null) {
            return -1;
        }
        int colon = authority.lastIndexOf(':');
        int close = authority.lastIndexOf(']');
        if (colon < 0 || colon < close) {
            return -1;
        }
        try {
            int p = Integer.parseInt(authority.substring(colon + 1).trim());
            return p >= 0 && p <= 65535 ? p : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Host of an absolute URI request target ({@code http://host:port/path}, RFC 9112 §3.2.2), else null. */
    static String absoluteUriHost(String target) {
        if (target == null) {
            return null;
        }
        int scheme = target.indexOf("://");
        if (scheme <= 0) {
            return null;
        }
        int start = scheme + 3;
        int end = start;
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        return authorityHost(target.substring(start, end));
    }
}
