package io.proxyaudit.flow;

import io.proxyaudit.analyzer.TcpAnalyzer;
import io.proxyaudit.analyzer.UdpAnalyzer;
import io.proxyaudit.decode.DecodedPacket;
import java.util.Arrays;

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
    /** The addresses as numbers (IPv4 in the low 32 bits of lo, hi 0): the lookup compares these, not bytes. */
    final long aHi;
    final long aLo;
    final long bHi;
    final long bLo;
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
    /** Some payload of the flow was cut by the capture's snap length. */
    boolean truncated;
    StreamReassembler streamA;
    StreamReassembler streamB;
    /** Per-connection state of TCP analyzers: owner, state, owner, state... (null until one shares some). */
    private Object[] analyzerState;

    // UDP
    /** The analyzer the flow's datagrams go to, once one accepted a datagram. */
    UdpAnalyzer udpAnalyzer;

    /** What the analyzers reported (null until the first report). */
    AppState app;

    /** The process each side's first process comment named (pcapng, ptcpdump), or null. */
    ProcessInfo processA;
    ProcessInfo processB;
    /** Packets with options but no process read, per side: looking stops at {@link FlowContext#MAX_COMMENT_TRIES}. */
    byte commentTriesA;
    byte commentTriesB;

    Flow(long id, DecodedPacket p, int hash, long nanos) {
        this.id = id;
        this.protocol = p.ipProtocol;
        this.ipVersion = p.ipVersion;
        int n = p.addressLength();
        System.arraycopy(p.srcAddr, 0, addrA, 0, n);
        System.arraycopy(p.dstAddr, 0, addrB, 0, n);
        this.portA = p.srcPort;
        this.portB = p.dstPort;
        this.aHi = keyHi(addrA, ipVersion);
        this.aLo = keyLo(addrA, ipVersion);
        this.bHi = keyHi(addrB, ipVersion);
        this.bLo = keyLo(addrB, ipVersion);
        this.hash = hash;
        this.startNanos = nanos;
        this.lastNanos = nanos;
    }

    int addressLength() {
        return ipVersion == 6 ? 16 : 4;
    }

    /**
     * {@link #SIDE_A} when the packet was sent by A, {@link #SIDE_B} when by B, 0 when it is not this flow;
     * {@code sHi..dLo} are the packet's addresses as {@link #keyHi}/{@link #keyLo} give them.
     */
    int sideOf(DecodedPacket p, long sHi, long sLo, long dHi, long dLo) {
        if (p.ipProtocol != protocol || p.ipVersion != ipVersion) {
            return 0;
        }
        if (p.srcPort == portA && p.dstPort == portB && sLo == aLo && dLo == bLo && sHi == aHi && dHi == bHi) {
            return SIDE_A;
        }
        if (p.srcPort == portB && p.dstPort == portA && sLo == bLo && dLo == aLo && sHi == bHi && dHi == aHi) {
            return SIDE_B;
        }
        return 0;
    }

    /** First 8 bytes of an IPv6 address; 0 for IPv4. */
    static long keyHi(byte[] a, int ipVersion) {
        return ipVersion == 6 ? be64(a, 0) : 0;
    }

    /** Last 8 bytes of an IPv6 address; the 4 bytes of an IPv4 one. */
    static long keyLo(byte[] a, int ipVersion) {
        if (ipVersion == 6) {
            return be64(a, 8);
        }
        return (a[0] & 0xffL) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
    }

    private static long be64(byte[] a, int off) {
        long v = 0;
        for (int i = off; i < off + 8; i++) {
            v = v << 8 | (a[i] & 0xff);
        }
        return v;
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

    Object sharedState(Object owner) {
        if (analyzerState != null) {
            for (int i = 0; i < analyzerState.length; i += 2) {
                if (analyzerState[i] == owner) {
                    return analyzerState[i + 1];
                }
            }
        }
        return null;
    }

    void shareState(Object owner, Object state) {
        if (analyzerState == null) {
            analyzerState = new Object[] {owner, state};
            return;
        }
        for (int i = 0; i < analyzerState.length; i += 2) {
            if (analyzerState[i] == owner) {
                analyzerState[i + 1] = state;
                return;
            }
        }
        analyzerState = Arrays.copyOf(analyzerState, analyzerState.length + 2);
        analyzerState[analyzerState.length - 2] = owner;
        analyzerState[analyzerState.length - 1] = state;
    }
}
