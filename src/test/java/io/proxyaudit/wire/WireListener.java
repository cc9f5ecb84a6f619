package io.proxyaudit.wire;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fake proxies and origins on every address of the namespace: one wildcard listener per port of
 * {@link WireHosts#PORTS}, so the local address a connection arrives at says which host the program chose. Each
 * connection is answered just enough to see the route and then closed, so a case ends fast: an HTTP request line
 * (a {@code CONNECT host:port} or an absolute-URI request at a proxy, {@code GET /path} at an origin) gets a 403;
 * a TLS ClientHello is closed at once; a SOCKS5 greeting gets "no authentication", then its CONNECT request is
 * read and refused; a SOCKS4 request is read and refused. Runs on the caller's thread ({@link #poll}).
 *
 * <p>With {@code dns}, a DNS server on {@link #DNS_ADDRESS} port 53 (UDP) records every query ({@code DNS name type})
 * and answers NXDOMAIN: a program that resolves a name itself shows it there.
 */
final class WireListener implements AutoCloseable {
    private static final byte[] FORBIDDEN = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final Selector selector;
    private final List<ServerSocketChannel> servers = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    /** The namespace's resolver address when the listener serves DNS (the probe's resolv.conf names it). */
    static final String DNS_ADDRESS = "127.0.0.53";

    WireListener() throws IOException {
        this(false);
    }

    WireListener(boolean dns) throws IOException {
        selector = Selector.open();
        if (dns) {
            DatagramChannel d = DatagramChannel.open();
            d.bind(new InetSocketAddress(DNS_ADDRESS, 53));
            d.configureBlocking(false);
            d.register(selector, SelectionKey.OP_READ);
        }
        for (int port : WireHosts.PORTS) {
            ServerSocketChannel s = ServerSocketChannel.open();
            s.bind(new InetSocketAddress(port), 64);
            s.configureBlocking(false);
            s.register(selector, SelectionKey.OP_ACCEPT);
            servers.add(s);
        }
    }

    /** One accepted connection: where it arrived and what the client said so far. */
    private static final class Conn {
        final String local;
        final ByteBuffer in = ByteBuffer.allocate(4096);
        boolean socksGreeted;

        Conn(String local) {
            this.local = local;
        }
    }

    /** Serves connections for up to {@code millis} (0: only what is ready now). */
    void poll(long millis) throws IOException {
        int n = millis == 0 ? selector.selectNow() : selector.select(millis);
        if (n == 0) {
            return;
        }
        var it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            if (!k.isValid()) {
                continue;
            }
            if (k.channel() instanceof DatagramChannel d) {
                dns(d);
            } else if (k.isAcceptable()) {
                SocketChannel c = ((ServerSocketChannel) k.channel()).accept();
                if (c == null) {
                    continue;
                }
                c.configureBlocking(false);
                InetSocketAddress local = (InetSocketAddress) c.getLocalAddress();
                String addr = local.getAddress().getHostAddress();
                int zone = addr.indexOf('%');
                c.register(selector, SelectionKey.OP_READ, new Conn((zone >= 0 ? addr.substring(0, zone) : addr) + " " + local.getPort()));
            } else if (k.isReadable()) {
                read(k);
            }
        }
    }

    /** Serves until nothing is pending and no connection is open: called after the program exited. */
    void drain() throws IOException {
        for (int i = 0; i < 200; i++) {
            poll(0);
            boolean open = selector.keys().stream().anyMatch(k -> k.attachment() instanceof Conn);
            if (!open && selector.selectNow() == 0) {
                return;
            }
            poll(5);
        }
    }

    /** The events since the last call, in arrival order: {@code address port what}. */
    List<String> take() {
        List<String> out = List.copyOf(events);
        events.clear();
        return out;
    }

    private void read(SelectionKey k) throws IOException {
        SocketChannel c = (SocketChannel) k.channel();
        Conn conn = (Conn) k.attachment();
        int r;
        try {
            r = c.read(conn.in);
        } catch (IOException e) {
            r = -1;
        }
        ByteBuffer b = conn.in;
        String what = null;
        if (b.position() > 0) {
            byte first = b.get(0);
            if (first == 0x16) {
                what = "TLS";
            } else if (first == 0x05) {
                what = socks5(c, conn);
            } else if (first == 0x04) {
                what = socks4(b);
                if (what != null) {
                    write(c, new byte[] {0, 0x5b, 0, 0, 0, 0, 0, 0});
                }
            } else {
                int eol = indexOf(b, (byte) '\n');
                if (eol >= 0) {
                    what = new String(b.array(), 0, eol, StandardCharsets.ISO_8859_1).strip();
                    write(c, FORBIDDEN);
                }
            }
        }
        if (what == null && (r < 0 || !b.hasRemaining())) {
            what = b.position() == 0 ? "EOF" : "INCOMPLETE " + hex(b);
        }
        if (what != null) {
            events.add(conn.local + " " + what.replace('\t', ' '));
            k.cancel();
            c.close();
        }
    }

    /** One DNS query (RFC 1035 section 4.1): recorded by its first question, answered NXDOMAIN. */
    private void dns(DatagramChannel d) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1500);
        var from = d.receive(b);
        if (from == null || b.position() < 12) {
            return;
        }
        byte[] q = java.util.Arrays.copyOf(b.array(), b.position());
        StringBuilder name = new StringBuilder();
        int i = 12;
        while (i < q.length && q[i] != 0 && (q[i] & 0xc0) == 0 && i + 1 + q[i] <= q.length) {
            name.append(name.length() == 0 ? "" : ".").append(new String(q, i + 1, q[i], StandardCharsets.ISO_8859_1));
            i += 1 + q[i];
        }
        int type = i + 2 < q.length ? ((q[i + 1] & 0xff) << 8) | (q[i + 2] & 0xff) : -1;
        events.add(DNS_ADDRESS + " 53 DNS " + name + " " + (type == 1 ? "A" : type == 28 ? "AAAA" : Integer.toString(type)));
        int end = Math.min(q.length, i + 5);
        byte[] reply = java.util.Arrays.copyOf(q, end);
        reply[2] = (byte) (0x80 | (q[2] & 0x79)); // QR, the query's opcode and RD
        reply[3] = (byte) 0x83;                   // RA, NXDOMAIN
        reply[6] = reply[7] = reply[8] = reply[9] = reply[10] = reply[11] = 0; // no answer, authority, additional
        d.send(ByteBuffer.wrap(reply), from);
    }

    /** RFC 1928: greeting (answered with method 0), then the request; null until the request is complete. */
    private static String socks5(SocketChannel c, Conn conn) throws IOException {
        ByteBuffer b = conn.in;
        int len = b.position();
        byte[] a = b.array();
        if (!conn.socksGreeted) {
            if (len < 2 || len < 2 + (a[1] & 0xff)) {
                return null;
            }
            int greeting = 2 + (a[1] & 0xff);
            write(c, new byte[] {5, 0});
            conn.socksGreeted = true;
            System.arraycopy(a, greeting, a, 0, len - greeting);
            b.position(len - greeting);
            return null;
        }
        if (len < 5) {
            return null;
        }
        int atyp = a[3];
        int need = atyp == 1 ? 10 : atyp == 4 ? 22 : atyp == 3 ? 7 + (a[4] & 0xff) : -1;
        if (need < 0) {
            return "SOCKS5 ?atyp" + atyp;
        }
        if (len < need) {
            return null;
        }
        String host;
        if (atyp == 3) {
            host = new String(a, 5, a[4] & 0xff, StandardCharsets.ISO_8859_1);
        } else {
            byte[] ip = java.util.Arrays.copyOfRange(a, 4, atyp == 1 ? 8 : 20);
            host = java.net.InetAddress.getByAddress(ip).getHostAddress();
        }
        int port = ((a[need - 2] & 0xff) << 8) | (a[need - 1] & 0xff);
        write(c, new byte[] {5, 2, 0, 1, 0, 0, 0, 0, 0, 0});
        return "SOCKS5 " + host + " " + port;
    }

    /** SOCKS4 / 4a request: null until complete. */
    private static String socks4(ByteBuffer b) throws IOException {
        byte[] a = b.array();
        int len = b.position();
        if (len < 9) {
            return null;
        }
        int userEnd = -1;
        for (int i = 8; i < len; i++) {
            if (a[i] == 0) {
                userEnd = i;
                break;
            }
        }
        if (userEnd < 0) {
            return null;
        }
        int port = ((a[2] & 0xff) << 8) | (a[3] & 0xff);
        boolean v4a = a[4] == 0 && a[5] == 0 && a[6] == 0 && a[7] != 0;
        if (!v4a) {
            return "SOCKS4 " + (a[4] & 0xff) + "." + (a[5] & 0xff) + "." + (a[6] & 0xff) + "." + (a[7] & 0xff) + " " + port;
        }
        for (int i = userEnd + 1; i < len; i++) {
            if (a[i] == 0) {
                return "SOCKS4A " + new String(a, userEnd + 1, i - userEnd - 1, StandardCharsets.ISO_8859_1) + " " + port;
            }
        }
        return null;
    }

    private static void write(SocketChannel c, byte[] bytes) {
        try {
            c.write(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            // the client is gone: what it sent is already recorded
        }
    }

    private static int indexOf(ByteBuffer b, byte v) {
        for (int i = 0; i < b.position(); i++) {
            if (b.get(i) == v) {
                return i;
            }
        }
        return -1;
    }

    private static String hex(ByteBuffer b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.position(), 16); i++) {
            sb.append(String.format("%02x", b.get(i)));
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        for (SelectionKey k : selector.keys()) {
            k.channel().close();
        }
        selector.close();
    }
}
