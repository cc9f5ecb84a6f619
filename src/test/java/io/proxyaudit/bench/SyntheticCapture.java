package io.proxyaudit.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic capture of a busy CI runner, for benchmarks (issue 8): thousands of TCP
 * connections, mostly TLS with realistic ClientHellos (about a fifth with a hybrid post-quantum key
 * share, so they span two segments), heavy-tailed bulk downloads that dominate the bytes, retransmitted
 * and out-of-order bulk segments, CONNECT tunnels through a proxy, plain HTTP through the proxy
 * (absolute URI) and direct (origin form), DNS over UDP and TCP, IPv4 and IPv6, and ICMP/ARP/UDP noise.
 * The same seed and size give the same bytes.
 *
 * <pre>
 * java -cp target/test-classes io.proxyaudit.bench.SyntheticCapture --size 1g --format pcap --seed 1 \
 *      --out /tmp/ci-1g.pcap --truth /tmp/ci-1g.truth
 * </pre>
 *
 * With {@code --quic-share 0.02 --socks-share 0.02} about 2% of the new activities are QUIC connections and 2% SOCKS5
 * tunnels ({@link #mix}); without them the bytes are those of the original generator.
 *
 * The truth file lists every ClientHello's SNI, sorted (C locale), one per line, as
 * {@code tshark -Y 'tls.handshake.type==1' -T fields -e tls.handshake.extensions_server_name} prints
 * them (tunnelled hellos included: tshark follows a CONNECT that got a 2xx answer); lines starting
 * with {@code #} before it carry counts (packets, flows, dns queries, ...).
 */
public final class SyntheticCapture {
    static final int NOISE_SIZE = 1 << 16;
    static final int NOISE_MASK = NOISE_SIZE - 1;
    /** Proxy as configured on the runner (HTTPS_PROXY=http://proxy.ci.internal:3128). */
    static final byte[] PROXY = {10, 20, 0, 10};
    static final int PROXY_PORT = 3128;
    static final String PROXY_NAME = "proxy.ci.internal";
    /** A SOCKS5 proxy on the runner's network (ALL_PROXY=socks5h://10.20.0.11:1080), used with {@code --socks-share}. */
    static final byte[] SOCKS_PROXY = {10, 20, 0, 11};
    static final int SOCKS_PORT = 1080;
    static final byte[] RESOLVER = {(byte) 168, 63, (byte) 129, 16};
    static final byte[] RESOLVER6 = v6(0x20014860, 0x48600000, 0, 0x8888);
    static final long START_MICROS = 1_795_000_000_000_000L;

    private static final String[] POPULAR = {
        "proxy.golang.org", "sum.golang.org", "storage.googleapis.com", "github.com", "codeload.github.com",
        "objects.githubusercontent.com", "api.github.com", "registry.npmjs.org", "pypi.org",
        "files.pythonhosted.org", "repo.maven.apache.org", "repo1.maven.org", "dl.google.com", "golang.org",
        "go.dev", "gopkg.in", "ghcr.io", "pkg-containers.githubusercontent.com", "index.docker.io",
        "production.cloudflare.docker.com", "gitlab.com", "bitbucket.org", "cdn.jsdelivr.net", "crates.io",
        "static.crates.io", "index.crates.io", "results-receiver.actions.githubusercontent.com",
        "pipelines.actions.githubusercontent.com", "productionresultssa0.blob.core.windows.net",
        "go.opentelemetry.io", "google.golang.org", "k8s.io", "sigs.k8s.io", "honnef.co", "mvdan.cc",
        "golang.org.mirror.ci.internal", "artifacts.ci.internal"};
    private static final String[] HTTP_HOSTS = {
        "deb.debian.org", "security.debian.org", "azure.archive.ubuntu.com", "archive.ubuntu.com",
        "ppa.launchpadcontent.net", "ocsp.digicert.com", "crl3.digicert.com", "packages.ci.internal"};

    final SplittableRandom rnd;
    final CaptureFileWriter writer;
    final byte[] noise = new byte[NOISE_SIZE + 2048];
    final Counters counters = new Counters();
    private final List<String> snis = new ArrayList<>();
    private long clock = START_MICROS;
    /** Share of new activities that are QUIC connections / SOCKS5 tunnels; 0 keeps the original byte stream. */
    private double quicShare;
    private double socksShare;
    private int ipId;
    private int dnsId;

    private final byte[][] clients4 = {{10, 1, 0, 4}, {(byte) 172, 17, 0, 2}, {(byte) 172, 17, 0, 3},
        {(byte) 172, 17, 0, 4}, {(byte) 172, 17, 0, 5}, {(byte) 172, 18, 0, 2}};
    private final byte[][] clients6 = {v6(0x20010db8, 0x00010000, 0, 4), v6(0x20010db8, 0x00010000, 0, 5),
        v6(0x20010db8, 0x00010001, 0, 2)};
    private final int[] nextPort4 = new int[clients4.length];
    private final int[] nextPort6 = new int[clients6.length];

    /** What was written (besides the SNIs). */
    static final class Counters {
        long tcpConnections;
        long udpFlows;
        long dnsQueries;
        long clientHellos;
        long tunnelledClientHellos;
        long largeClientHellos;
        long connectRequests;
        long httpRequests;
        long synOnly;
        long rejected;
        long retransmissions;
        long outOfOrder;
        long icmp;
        long arp;
        long quicConnections;
        long quicInitials;
        long socksConnections;
    }

    SyntheticCapture(long seed, CaptureFileWriter writer) {
        this.rnd = new SplittableRandom(seed);
        this.writer = writer;
        for (int i = 0; i < NOISE_SIZE; i++) {
            int v = rnd.nextInt(256);
            // no 0x16 (TLS handshake content type) anywhere in bulk data: a dissector that loses record
            // sync can then never mistake bulk bytes for a ClientHello
            noise[i] = (byte) (v == 0x16 ? 0x17 : v);
        }
        System.arraycopy(noise, 0, noise, NOISE_SIZE, 2048);
        for (int i = 0; i < nextPort4.length; i++) {
            nextPort4[i] = 32768 + rnd.nextInt(20000);
        }
        for (int i = 0; i < nextPort6.length; i++) {
            nextPort6[i] = 32768 + rnd.nextInt(20000);
        }
    }

    /**
     * QUIC and SOCKS in the mix: {@code quic} of the new activities are QUIC connections (real client Initial
     * packets, RFC 9001 §5, sealed as a client does; a post-quantum hello spans two), {@code socks} SOCKS5 tunnels
     * carrying TLS (RFC 1928; half send the name, as socks5h://, half an address the client looked up, as socks5://).
     * Off by default (and no random draw is spent on it), so the existing benchmark file stays byte for byte the same.
     */
    SyntheticCapture mix(double quic, double socks) {
        this.quicShare = quic;
        this.socksShare = socks;
        return this;
    }

    long tick() {
        clock += 1 + rnd.nextInt(120);
        return clock;
    }

    int nextIpId() {
        return ipId = (ipId + 1) & 0xffff;
    }

    /** Generates until the file reaches {@code targetBytes}, then lets every open connection finish. */
    void run(long targetBytes, int maxActive) throws IOException {
        List<TcpConversation> active = new ArrayList<>();
        boolean draining = false;
        while (true) {
            if (!draining && writer.size() >= targetBytes) {
                draining = true;
                for (TcpConversation c : active) {
                    c.truncate();
                }
            }
            if (draining && active.isEmpty()) {
                break;
            }
            if (!draining) {
                if (rnd.nextInt(400) == 0) {
                    noisePackets();
                }
                if (active.size() < 4 || (active.size() < maxActive && rnd.nextInt(40) == 0)) {
                    TcpConversation c = newActivity();
                    if (c != null) {
                        active.add(c);
                    }
                    continue;
                }
            }
            int i = rnd.nextInt(active.size());
            TcpConversation c = active.get(i);
            c.step(this);
            if (c.done()) {
                active.set(i, active.get(active.size() - 1));
                active.remove(active.size() - 1);
            }
        }
    }

    /** Starts one activity: DNS lookups are written at once, a TCP connection is returned to be stepped. */
    private TcpConversation newActivity() throws IOException {
        if (quicShare > 0 || socksShare > 0) {
            double u = rnd.nextDouble();
            if (u < quicShare) {
                quic(pickHost(), rnd.nextInt(4) == 0);
                return null;
            }
            if (u < quicShare + socksShare) {
                return socks(pickHost());
            }
        }
        int r = rnd.nextInt(100);
        boolean v6 = rnd.nextInt(4) == 0;
        if (r < 52) {
            String host = pickHost();
            lookup(host, v6);
            return tls(host, v6, false);
        } else if (r < 72) {
            if (rnd.nextInt(10) == 0) {
                lookup(PROXY_NAME, false);
            }
            return tls(pickHost(), false, true);
        } else if (r < 80) {
            return http(HTTP_HOSTS[rnd.nextInt(HTTP_HOSTS.length)], false, true);
        } else if (r < 86) {
            String host = HTTP_HOSTS[rnd.nextInt(HTTP_HOSTS.length)];
            lookup(host, v6);
            return http(host, v6, false);
        } else if (r < 90) {
            // blocked direct attempt: SYN retransmitted, never answered
            String host = pickHost();
            lookup(host, v6);
            counters.synOnly++;
            return connection(TcpConversation.Kind.SYN_ONLY, v6, serverAddress(host, v6), 443);
        } else if (r < 92) {
            String host = pickHost();
            counters.rejected++;
            return connection(TcpConversation.Kind.REJECTED, v6, serverAddress(host, v6), 443);
        } else if (r < 95) {
            return dnsOverTcp(pickHost(), v6);
        } else {
            lookup(pickHost(), v6);
            return null;
        }
    }

    private String pickHost() {
        // popular hosts dominate (roughly Zipf), a long tail of Go vanity import hosts
        if (rnd.nextInt(5) == 0) {
            return "mod" + rnd.nextInt(400) + ".vanity-" + rnd.nextInt(40) + ".dev";
        }
        int n = POPULAR.length;
        double u = rnd.nextDouble();
        return POPULAR[(int) Math.min(n - 1, Math.floor(n * u * u))];
    }

    private TcpConversation connection(TcpConversation.Kind kind, boolean v6, byte[] server, int port) {
        counters.tcpConnections++;
        int k;
        byte[] client;
        int p;
        if (v6) {
            k = rnd.nextInt(clients6.length);
            client = clients6[k];
            p = nextPort6[k];
            nextPort6[k] = p >= 60999 ? 32768 : p + 1;
        } else {
            k = rnd.nextInt(clients4.length);
            client = clients4[k];
            p = nextPort4[k];
            nextPort4[k] = p >= 60999 ? 32768 : p + 1;
        }
        return new TcpConversation(this, kind, client, p, server, port);
    }

    private int udpPort(boolean v6, int k) {
        int[] ports = v6 ? nextPort6 : nextPort4;
        int p = ports[k];
        ports[k] = p >= 60999 ? 32768 : p + 1;
        return p;
    }

    /** TLS connection, direct to port 443 or through a CONNECT tunnel of the proxy. */
    private TcpConversation tls(String host, boolean v6, boolean viaProxy) {
        TcpConversation c = viaProxy
                ? connection(TcpConversation.Kind.NORMAL, false, PROXY, PROXY_PORT)
                : connection(TcpConversation.Kind.NORMAL, v6, serverAddress(host, v6), 443);
        if (viaProxy) {
            counters.connectRequests++;
            StringBuilder req = new StringBuilder("CONNECT ").append(host).append(":443 HTTP/1.1\r\nHost: ")
                    .append(host).append(":443\r\nUser-Agent: Go-http-client/1.1\r\n");
            if (rnd.nextInt(30) == 0) {
                req.append("Proxy-Authorization: Basic Y2k6c2VjcmV0LXRva2Vu\r\n");
            }
            req.append("\r\n");
            c.add(true, ascii(req.toString()), 0, TcpConversation.BULK_NONE);
            if (rnd.nextInt(20) == 0) {
                c.add(false, ascii("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 22\r\n"
                        + "Connection: close\r\n\r\nblocked by ACL policy\n"), 0, TcpConversation.BULK_NONE);
                return c;
            }
            c.add(false, ascii("HTTP/1.1 200 Connection established\r\n\r\n"), 0, TcpConversation.BULK_NONE);
        }
        return tlsSession(c, host, viaProxy);
    }

    /** The TLS handshake and transfers on {@code c} (directly, or inside a tunnel when {@code tunnelled}). */
    private TcpConversation tlsSession(TcpConversation c, String host, boolean tunnelled) {
        int kindRoll = rnd.nextInt(10);
        TlsWire.Client client = kindRoll < 2 ? TlsWire.Client.GO_PQ : kindRoll < 7 ? TlsWire.Client.GO
                : TlsWire.Client.CURL;
        List<String> alpn = switch (rnd.nextInt(10)) {
            case 0 -> List.of();
            case 1, 2 -> List.of("http/1.1");
            default -> List.of("h2", "http/1.1");
        };
        boolean pq = client == TlsWire.Client.GO_PQ;
        c.add(true, TlsWire.clientHello(rnd, client, host, alpn), 0, TcpConversation.BULK_NONE);
        snis.add(host);
        counters.clientHellos++;
        if (tunnelled) {
            counters.tunnelledClientHellos++;
        }
        if (pq) {
            counters.largeClientHellos++;
        }
        // server flight: ServerHello, CCS, encrypted extensions + certificates + finished as app data
        c.add(false, TlsWire.serverHelloAndCcs(rnd, pq), 2500 + rnd.nextInt(2500), TcpConversation.BULK_TLS);
        c.add(true, TlsWire.changeCipherSpec(), 120 + rnd.nextInt(600), TcpConversation.BULK_TLS);
        c.add(false, new byte[0], downloadSize(), TcpConversation.BULK_TLS);
        if (rnd.nextInt(30) == 0) {
            c.add(true, new byte[0], heavyTail(50_000, 200_000_000L), TcpConversation.BULK_TLS); // cache upload
            c.add(false, new byte[0], 60 + rnd.nextInt(400), TcpConversation.BULK_TLS);
        }
        for (int extra = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 0; extra > 0; extra--) {
            c.add(true, new byte[0], 80 + rnd.nextInt(500), TcpConversation.BULK_TLS);
            c.add(false, new byte[0], downloadSize(), TcpConversation.BULK_TLS);
        }
        return c;
    }

    /**
     * A SOCKS5 tunnel (RFC 1928 §3-6, no authentication) carrying a TLS connection: the target as a name (the proxy
     * resolves it, socks5h://) or as an address the client looked up first (socks5://).
     */
    private TcpConversation socks(String host) throws IOException {
        boolean byName = rnd.nextBoolean();
        if (!byName) {
            lookup(host, false);
        }
        TcpConversation c = connection(TcpConversation.Kind.NORMAL, false, SOCKS_PROXY, SOCKS_PORT);
        counters.socksConnections++;
        c.add(true, new byte[] {5, 1, 0}, 0, TcpConversation.BULK_NONE);
        c.add(false, new byte[] {5, 0}, 0, TcpConversation.BULK_NONE);
        WireBuilder req = new WireBuilder().u8(5).u8(1).u8(0);
        if (byName) {
            req.u8(3).u8(host.length()).ascii(host);
        } else {
            req.u8(1).bytes(serverAddress(host, false));
        }
        c.add(true, req.u16(443).toArray(), 0, TcpConversation.BULK_NONE);
        c.add(false, new WireBuilder().u8(5).u8(0).u8(0).u8(1).bytes(SOCKS_PROXY).u16(40000 + rnd.nextInt(20000))
                .toArray(), 0, TcpConversation.BULK_NONE);
        return tlsSession(c, host, true);
    }

    /**
     * A QUIC connection (RFC 9000) to {@code host}:443, written at once: the client's Initial packets carrying the
     * ClientHello (ALPN h3) in CRYPTO frames, padded to 1200 bytes (§14.1), sealed with the Initial keys of a random
     * Destination Connection ID (RFC 9001 §5.2); then short-header packets both ways standing for the rest.
     */
    private void quic(String host, boolean v6) throws IOException {
        lookup(host, v6);
        int k = rnd.nextInt(v6 ? clients6.length : clients4.length);
        byte[] client = v6 ? clients6[k] : clients4[k];
        byte[] server = serverAddress(host, v6);
        int port = udpPort(v6, k);
        counters.udpFlows++;
        counters.quicConnections++;
        byte[] dcid = new byte[8];
        for (int i = 0; i < dcid.length; i++) {
            dcid[i] = (byte) rnd.nextInt(256);
        }
        TlsWire.Client kind = rnd.nextInt(4) == 0 ? TlsWire.Client.GO_PQ : TlsWire.Client.CURL;
        byte[] record = TlsWire.clientHello(rnd, kind, host, List.of("h3"));
        byte[] hello = java.util.Arrays.copyOfRange(record, 5, record.length); // CRYPTO carries no TLS record header
        try {
            io.proxyaudit.proto.quic.InitialSealer sealer = new io.proxyaudit.proto.quic.InitialSealer(
                    io.proxyaudit.proto.quic.QuicVersion.of(1), dcid);
            int pn = 0;
            for (int off = 0; off < hello.length; off += 1100) {
                byte[] crypto = io.proxyaudit.proto.quic.InitialSealer.crypto(off, hello, off, Math.min(hello.length, off + 1100));
                byte[] frames = java.util.Arrays.copyOf(crypto, 1164); // PADDING frames (0x00) up to a 1200-byte datagram
                udp(client, port, server, 443, sealer.seal(pn++, frames), true);
                counters.quicInitials++;
            }
        } catch (Exception e) {
            throw new IllegalStateException("QUIC Initial sealing failed", e);
        }
        snis.add(host);
        counters.clientHellos++;
        for (int i = 2 + rnd.nextInt(12); i > 0; i--) {
            boolean out = rnd.nextInt(4) == 0;
            byte[] payload = new byte[out ? 40 + rnd.nextInt(40) : 1200];
            System.arraycopy(noise, rnd.nextInt(NOISE_SIZE), payload, 0, Math.min(payload.length, 2048));
            payload[0] = (byte) (0x40 | (payload[0] & 0x3f)); // short header (RFC 9000 §17.3)
            udp(out ? client : server, out ? port : 443, out ? server : client, out ? 443 : port, payload, out);
        }
    }

    /** Plain HTTP GET: absolute URI to the proxy, or origin form directly to port 80 (RFC 9112 §3.2). */
    private TcpConversation http(String host, boolean v6, boolean viaProxy) {
        TcpConversation c = viaProxy
                ? connection(TcpConversation.Kind.NORMAL, false, PROXY, PROXY_PORT)
                : connection(TcpConversation.Kind.NORMAL, v6, serverAddress(host, v6), 80);
        int requests = 1 + (rnd.nextInt(3) == 0 ? rnd.nextInt(4) : 0);
        for (int i = 0; i < requests; i++) {
            String path = "/debian/pool/main/p" + rnd.nextInt(1000) + "/pkg" + rnd.nextInt(100000) + ".deb";
            String target = viaProxy ? "http://" + host + path : path;
            c.add(true, ascii("GET " + target + " HTTP/1.1\r\nHost: " + host
                    + "\r\nUser-Agent: Debian APT-HTTP/1.3 (2.6.1)\r\nAccept: */*\r\n\r\n"), 0,
                    TcpConversation.BULK_NONE);
            counters.httpRequests++;
            long body = Math.min(5_000_000L, heavyTail(2_000, 5_000_000L));
            c.add(false, ascii("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.debian.binary-package\r\n"
                    + "Content-Length: " + body + "\r\n\r\n"), body, TcpConversation.BULK_RAW);
        }
        return c;
    }

    private TcpConversation dnsOverTcp(String host, boolean v6) {
        TcpConversation c = connection(TcpConversation.Kind.NORMAL, false, RESOLVER, 53);
        int type = v6 ? DnsWire.TYPE_AAAA : DnsWire.TYPE_A;
        int id = nextDnsId();
        c.add(true, DnsWire.tcpFramed(DnsWire.query(id, host, type)), 0, TcpConversation.BULK_NONE);
        c.add(false, DnsWire.tcpFramed(DnsWire.response(id, host, type,
                new byte[][] {serverAddress(host, v6)}, 300)), 0, TcpConversation.BULK_NONE);
        counters.dnsQueries++;
        return c;
    }

    /** A stub-resolver lookup over UDP: A and AAAA from one socket, both answered (written at once). */
    private void lookup(String host, boolean v6) throws IOException {
        if (rnd.nextInt(2) == 0 && !host.equals(PROXY_NAME)) {
            return; // cached
        }
        boolean over6 = v6 && rnd.nextBoolean();
        int k = rnd.nextInt(over6 ? clients6.length : clients4.length);
        byte[] client = over6 ? clients6[k] : clients4[k];
        byte[] resolver = over6 ? RESOLVER6 : RESOLVER;
        int port = udpPort(over6, k);
        counters.udpFlows++;
        int[] types = rnd.nextInt(3) == 0 ? new int[] {DnsWire.TYPE_A} : new int[] {DnsWire.TYPE_A, DnsWire.TYPE_AAAA};
        int[] ids = new int[types.length];
        for (int i = 0; i < types.length; i++) {
            ids[i] = nextDnsId();
            udp(client, port, resolver, 53, DnsWire.query(ids[i], host, types[i]), true);
            counters.dnsQueries++;
        }
        for (int i = 0; i < types.length; i++) {
            boolean aaaa = types[i] == DnsWire.TYPE_AAAA;
            byte[][] answers = host.equals(PROXY_NAME)
                    ? (aaaa ? new byte[0][] : new byte[][] {PROXY})
                    : new byte[][] {serverAddress(host, aaaa), serverAddress(host + "#2", aaaa)};
            udp(resolver, 53, client, port, DnsWire.response(ids[i], host, types[i], answers, 60 + rnd.nextInt(3000)),
                    false);
        }
    }

    private int nextDnsId() {
        return dnsId = (dnsId + 1) & 0xffff;
    }

    private void noisePackets() throws IOException {
        int r = rnd.nextInt(3);
        if (r == 0) {
            counters.arp++;
            arp(true);
            arp(false);
        } else if (r == 1) {
            counters.icmp += 2;
            icmpEcho(true);
            icmpEcho(false);
        } else {
            int k = rnd.nextInt(clients4.length);
            int port = udpPort(false, k);
            byte[] peer = {(byte) 198, 51, 100, (byte) (1 + rnd.nextInt(250))};
            int peerPort = 20000 + rnd.nextInt(10000);
            counters.udpFlows++;
            for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
                byte[] payload = new byte[20 + rnd.nextInt(280)];
                System.arraycopy(noise, rnd.nextInt(NOISE_SIZE), payload, 0, payload.length);
                boolean out = rnd.nextBoolean();
                udp(out ? clients4[k] : peer, out ? port : peerPort, out ? peer : clients4[k], out ? peerPort : port,
                        payload, out);
            }
        }
    }

    private void udp(byte[] src, int sport, byte[] dst, int dport, byte[] payload, boolean outbound)
            throws IOException {
        byte[] b = writer.buffer();
        int start = writer.beginFrame(tick());
        int p = start + Frames.ethernet(b, start, outbound, src.length == 16);
        p += Frames.ip(b, p, src, dst, 17, Frames.UDP_HEADER + payload.length, nextIpId(), outbound ? 64 : 57);
        System.arraycopy(payload, 0, b, p + Frames.UDP_HEADER, payload.length);
        p += Frames.udp(b, p, src, dst, sport, dport, payload.length);
        writer.endFrame(p + payload.length - start);
    }

    /** ICMP echo request/reply (RFC 792) between the runner and 8.8.8.8, with the ICMP checksum. */
    private void icmpEcho(boolean request) throws IOException {
        byte[] b = writer.buffer();
        int start = writer.beginFrame(tick());
        byte[] runner = clients4[0];
        byte[] peer = {8, 8, 8, 8};
        int p = start + Frames.ethernet(b, start, request, false);
        p += Frames.ip(b, p, request ? runner : peer, request ? peer : runner, 1, 64, nextIpId(), 64);
        int icmp = p;
        b[p] = (byte) (request ? 8 : 0);
        b[p + 1] = 0;
        Frames.putBe16(b, p + 2, 0);
        Frames.putBe16(b, p + 4, 0x1234);
        Frames.putBe16(b, p + 6, (int) (counters.icmp & 0xffff));
        for (int i = 8; i < 64; i++) {
            b[p + i] = (byte) i;
        }
        int sum = 0;
        for (int i = 0; i < 64; i += 2) {
            sum += ((b[icmp + i] & 0xff) << 8) | (b[icmp + i + 1] & 0xff);
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        Frames.putBe16(b, icmp + 2, ~sum & 0xffff);
        writer.endFrame(p + 64 - start);
    }

    /** ARP request for the gateway and its reply (RFC 826). */
    private void arp(boolean request) throws IOException {
        byte[] b = writer.buffer();
        int start = writer.beginFrame(tick());
        byte[] runner = clients4[0];
        byte[] gw = {10, 1, 0, 1};
        if (request) {
            for (int i = 0; i < 6; i++) {
                b[start + i] = (byte) 0xff;
            }
            System.arraycopy(Frames.HOST_MAC, 0, b, start + 6, 6);
        } else {
            System.arraycopy(Frames.HOST_MAC, 0, b, start, 6);
            System.arraycopy(Frames.GATEWAY_MAC, 0, b, start + 6, 6);
        }
        b[start + 12] = 0x08;
        b[start + 13] = 0x06;
        int p = start + 14;
        Frames.putBe16(b, p, 1);
        Frames.putBe16(b, p + 2, 0x0800);
        b[p + 4] = 6;
        b[p + 5] = 4;
        Frames.putBe16(b, p + 6, request ? 1 : 2);
        System.arraycopy(request ? Frames.HOST_MAC : Frames.GATEWAY_MAC, 0, b, p + 8, 6);
        System.arraycopy(request ? runner : gw, 0, b, p + 14, 4);
        if (request) {
            for (int i = 0; i < 6; i++) {
                b[p + 18 + i] = 0;
            }
        } else {
            System.arraycopy(Frames.HOST_MAC, 0, b, p + 18, 6);
        }
        System.arraycopy(request ? gw : runner, 0, b, p + 24, 4);
        writer.endFrame(14 + 28);
    }

    /** Response sizes: mostly small API/metadata answers, 30% from a Pareto tail that dominates the bytes. */
    private long downloadSize() {
        if (rnd.nextInt(10) < 7) {
            return (long) Math.exp(8.5 + 1.3 * gaussian());
        }
        return heavyTail(100_000, 400_000_000L);
    }

    /** Pareto(alpha 1.1) from {@code min}, capped. */
    private long heavyTail(long min, long cap) {
        double u = 1.0 - rnd.nextDouble();
        return (long) Math.min(cap, min / Math.pow(u, 1 / 1.1));
    }

    private double gaussian() {
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Stable address for a host name (no DNS needed to reproduce it). */
    static byte[] serverAddress(String host, boolean v6) {
        int h = host.hashCode() * 0x9E3779B1;
        int[] firstOctets = {13, 20, 34, 35, 104, 140, 142, 151, 185, 199};
        if (!v6) {
            return new byte[] {(byte) firstOctets[(h >>> 28) % firstOctets.length], (byte) (h >>> 16),
                (byte) (h >>> 8), (byte) (1 + ((h & 0xff) % 250))};
        }
        return v6(0x26064700 + ((h >>> 28) & 0xf), h >>> 8, 0, (h & 0xff) + 1);
    }

    private static byte[] v6(int a, int b, int c, int d) {
        byte[] r = new byte[16];
        Frames.putBe32(r, 0, a);
        Frames.putBe32(r, 4, b);
        Frames.putBe32(r, 8, c);
        Frames.putBe32(r, 12, d);
        return r;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Sorted SNI list with count lines (prefixed {@code #}) before it. */
    void writeTruth(Path truth, String format, long seed, long target) throws IOException {
        List<String> sorted = new ArrayList<>(snis);
        sorted.sort(null);
        try (BufferedWriter w = Files.newBufferedWriter(truth, StandardCharsets.US_ASCII)) {
            Counters k = counters;
            w.write("# proxyaudit synthetic capture truth: seed=" + seed + " size=" + target + " format=" + format + "\n");
            w.write("# bytes=" + writer.size() + "\n");
            w.write("# packets=" + writer.packets() + "\n");
            w.write("# flows=" + (k.tcpConnections + k.udpFlows) + "\n");
            w.write("# tcp_connections=" + k.tcpConnections + "\n");
            w.write("# udp_flows=" + k.udpFlows + "\n");
            w.write("# dns_queries=" + k.dnsQueries + "\n");
            w.write("# client_hellos=" + k.clientHellos + "\n");
            w.write("# client_hellos_tunnelled=" + k.tunnelledClientHellos + "\n");
            w.write("# client_hellos_two_segments=" + k.largeClientHellos + "\n");
            w.write("# connect_requests=" + k.connectRequests + "\n");
            w.write("# http_requests=" + k.httpRequests + "\n");
            w.write("# syn_only=" + k.synOnly + "\n");
            w.write("# rejected=" + k.rejected + "\n");
            w.write("# retransmissions=" + k.retransmissions + "\n");
            w.write("# out_of_order=" + k.outOfOrder + "\n");
            w.write("# icmp=" + k.icmp + "\n");
            w.write("# arp_exchanges=" + k.arp + "\n");
            if (quicShare > 0 || socksShare > 0) {
                w.write("# quic_connections=" + k.quicConnections + "\n");
                w.write("# quic_initials=" + k.quicInitials + "\n");
                w.write("# socks_connections=" + k.socksConnections + "\n");
            }
            for (String s : sorted) {
                w.write(s);
                w.write('\n');
            }
        }
    }

    static long parseSize(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        char last = t.charAt(t.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            mult = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        return (long) (Double.parseDouble(t) * mult);
    }

    /** Generates one capture; returns the generator (for its counters). */
    static SyntheticCapture generate(long size, CaptureFileWriter.Format format, long seed, Path out, Path truth)
            throws IOException {
        return generate(size, format, seed, out, truth, 0, 0);
    }

    /** As above, with shares of QUIC connections and SOCKS tunnels ({@link #mix}). */
    static SyntheticCapture generate(long size, CaptureFileWriter.Format format, long seed, Path out, Path truth,
            double quic, double socks) throws IOException {
        try (OutputStream os = Files.newOutputStream(out);
             CaptureFileWriter w = new CaptureFileWriter(os, format, 8 << 20)) {
            SyntheticCapture g = new SyntheticCapture(seed, w).mix(quic, socks);
            g.run(size, 32);
            w.flush();
            if (truth != null) {
                g.writeTruth(truth, format.name().toLowerCase(Locale.ROOT), seed, size);
            }
            return g;
        }
    }

    /** An in-memory capture (for JMH benchmarks): pcap, or pcapng when {@code pcapng}. */
    public static byte[] generateBytes(long size, boolean pcapng, long seed) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8,
                size + (16 << 20)));
        try (CaptureFileWriter w = new CaptureFileWriter(bytes, pcapng ? CaptureFileWriter.Format.PCAPNG
                : CaptureFileWriter.Format.PCAP, 1 << 20)) {
            new SyntheticCapture(seed, w).run(size, 32);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static final String USAGE = "usage: SyntheticCapture --size 1g --format pcap|pcapng --seed N --out FILE"
            + " [--truth FILE] [--quic-share 0.02] [--socks-share 0.02]";

    public static void main(String[] args) throws IOException {
        long size = 100L << 20;
        String format = "pcap";
        long seed = 1;
        Path out = null;
        Path truth = null;
        double quic = 0;
        double socks = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--size" -> { size = parseSize(v); i++; }
                case "--format" -> { format = v; i++; }
                case "--seed" -> { seed = Long.parseLong(v); i++; }
                case "--out" -> { out = Path.of(v); i++; }
                case "--truth" -> { truth = Path.of(v); i++; }
                case "--quic-share" -> { quic = Double.parseDouble(v); i++; }
                case "--socks-share" -> { socks = Double.parseDouble(v); i++; }
                default -> {
                    System.err.println(USAGE);
                    System.exit(2);
                }
            }
        }
        if (out == null || !(format.equals("pcap") || format.equals("pcapng")) || quic < 0 || socks < 0 || quic + socks > 1) {
            System.err.println(USAGE);
            System.exit(2);
        }
        long t0 = System.nanoTime();
        SyntheticCapture g = generate(size, format.equals("pcap") ? CaptureFileWriter.Format.PCAP
                : CaptureFileWriter.Format.PCAPNG, seed, out, truth, quic, socks);
        double secs = (System.nanoTime() - t0) / 1e9;
        long bytes = g.writer.size();
        System.err.printf(Locale.ROOT, "wrote %s: %d bytes, %d packets, %d client hellos in %.2f s (%.0f MB/s)%n",
                out, bytes, g.writer.packets(), g.counters.clientHellos, secs, bytes / secs / 1e6);
    }
}
