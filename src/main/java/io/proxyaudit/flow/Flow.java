package io.proxyaudit.flow;

import io.proxyaudit.decode.DecodedPacket;

/**
 * Mutable state of one live connection or UDP conversation inside the {@link FlowTable}. Endpoint A is the
 * source of the first packet seen; which side is the client is decided later (SYN, application data, ports).
 * Intrusive links (hash chain, activity list) keep the table free of per-packet allocation.
 */
final class Flow {
    static final int SIDE_UNKNOWN = 0;
    static final int SIDE_A = 1;
    static final int SIDE_B = 2;

    /** How the client side was decided. */
    static final int FROM_NONE = 0;
    static final int FROM_PORTS = 1;
    static final int FROM_APP = 2;
    static final int FROM_SYN = 3;

    final long id;
    final int protocol;
    final int ipVersion;
    final byte[] addrA = new byte[16];
    final byte[] addrB = new byte[16];
    final int portA;
    final int portB;
    final int hash;

    Flow bucketNext;
    Flow listPrev;
    Flow listNext;
    /** True while on the table's closed (lingering) list instead of the live list. */
    boolean lingering;

    final long startNanos;
    long lastNanos;
    long packetsA;
    long packetsB;
    long bytesA;
    long bytesB;

    int clientSide = SIDE_UNKNOWN;
    int clientFrom = FROM_NONE;

    // TCP
    boolean synFromA;
    boolean synFromB;
    long isnA;
    long isnB;
    int synCountA;
    int synCountB;
    boolean synAckSeen;
    int synAckSide;
    /** Acknowledgement number of the SYN-ACK: the client's ISN + 1. */
    long synAckAck;
    boolean finA;
    boolean finB;
    boolean rst;
    int rstSide;
    boolean dataSeen;
    StreamReassembler streamA;
    StreamReassembler streamB;
    TcpApp app;

    // UDP: HTTP requests carried in datagrams (SSDP and other HTTPU), bounded
    java.util.List<HttpExchange> datagramHttp;
    int datagramHttpDropped;

    Flow(long id, DecodedPacket p, int hash, long nanos) {
        this.id = id;
        this.protocol = p.ipProtocol;
        this.ipVersion = p.ipVersion;
        int n = p.addressLength();
        System.arraycopy(p.srcAddr, 0, addrA, 0, n);
        System.arraycopy(p.dstAddr, 0, addrB, 0, n);
        this.portA = p.srcPort;
        this.portB = p.dstPort;
        this.hash = hash;
        this.startNanos = nanos;
        this.lastNanos = nanos;
    }

    int addressLength() {
        return ipVersion == 6 ? 16 : 4;
    }

    /** {@link #SIDE_A} when the packet was sent by A, {@link #SIDE_B} when by B, 0 when it is not this flow. */
    int sideOf(DecodedPacket p) {
        if (p.ipProtocol != protocol || p.ipVersion != ipVersion) {
            return 0;
        }
        int n = addressLength();
        if (p.srcPort == portA && p.dstPort == portB && same(p.srcAddr, addrA, n) && same(p.dstAddr, addrB, n)) {
            return SIDE_A;
        }
        if (p.srcPort == portB && p.dstPort == portA && same(p.srcAddr, addrB, n) && same(p.dstAddr, addrA, n)) {
            return SIDE_B;
        }
        return 0;
    }

    private static boolean same(byte[] x, byte[] y, int n) {
        for (int i = 0; i < n; i++) {
            if (x[i] != y[i]) {
                return false;
            }
        }
        return true;
    }

    boolean closed() {
        return rst || (finA && finB);
    }

    void decideClient(int side, int from) {
        if (from > clientFrom) {
            clientSide = side;
            clientFrom = from;
        }
    }

    /** Port rule when nothing better is known: the lower port is the server (well-known below ephemeral). */
    int clientSideByPorts() {
        if (portA == portB) {
            return SIDE_A;
        }
        return portA > portB ? SIDE_A : SIDE_B;
    }

    int portOf(int side) {
        return side == SIDE_A ? portA : portB;
    }

    static int other(int side) {
        return side == SIDE_A ? SIDE_B : SIDE_A;
    }
}
