package io.proxyaudit.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One TCP connection of the synthetic capture as a small state machine: three-way handshake, a script
 * of application messages (each a fixed head such as a ClientHello or an HTTP request, followed by
 * generated bulk bytes), delayed ACKs every second segment, then FIN/FIN/ACK (or RST). Each
 * {@link #step} writes one to three packets. Bulk segments are occasionally retransmitted or sent out of
 * order; segments carrying a message head never are, so every head reaches a passive reader intact.
 */
final class TcpConversation {
    /** What follows a message head. */
    static final int BULK_NONE = 0;
    /** TLS 1.3 application_data records (RFC 8446 §5.2) of 16401 bytes, the last one shorter. */
    static final int BULK_TLS = 1;
    /** Opaque bytes (an HTTP body). */
    static final int BULK_RAW = 2;

    /** Record period in the bulk stream: 5-byte header + 16384 + content type + 16-byte AEAD tag. */
    static final int TLS_RECORD = 5 + 16401;

    enum Kind { NORMAL, SYN_ONLY, REJECTED }

    static final class Message {
        final boolean fromClient;
        final byte[] head;
        long bulkLength;
        final int bulkKind;

        Message(boolean fromClient, byte[] head, long bulkLength, int bulkKind) {
            this.fromClient = fromClient;
            this.head = head;
            this.bulkKind = bulkKind;
            // keep the last TLS record at least one byte long
            long rem = bulkLength % TLS_RECORD;
            this.bulkLength = bulkKind == BULK_TLS && rem > 0 && rem <= 5 ? bulkLength + 6 : bulkLength;
        }

        long total() {
            return head.length + bulkLength;
        }
    }

    private static final int PH_SYN = 0, PH_SYNACK = 1, PH_ACK = 2, PH_DATA = 3, PH_FIN1 = 4, PH_FIN2 = 5,
            PH_LASTACK = 6, PH_DONE = 7;

    final byte[] clientAddr;
    final byte[] serverAddr;
    final int clientPort;
    final int serverPort;
    final Kind kind;
    private final List<Message> messages = new ArrayList<>();
    private final boolean serverCloses;
    private final boolean resetClose;
    private final int synRetransmits;

    private int phase = PH_SYN;
    private int synsSent;
    private final long clientIsn;
    private final long serverIsn;
    private long clientSent;
    private long serverSent;
    private int msgIndex;
    private long msgOffset;
    private int unacked;
    private int tsClock;

    // one deferred segment (out-of-order or retransmission)
    private Message pending;
    private long pendingMsgOffset;
    private long pendingStreamOffset;
    private int pendingLength;
    private int pendingDelay;
    /** The pending segment is a hole (overtaken), not a copy: the receiver acknowledges only up to it. */
    private boolean pendingIsHole;

    TcpConversation(SyntheticCapture gen, Kind kind, byte[] clientAddr, int clientPort, byte[] serverAddr,
                    int serverPort) {
        this.kind = kind;
        this.clientAddr = clientAddr;
        this.serverAddr = serverAddr;
        this.clientPort = clientPort;
        this.serverPort = serverPort;
        this.clientIsn = gen.rnd.nextLong(1L << 32);
        this.serverIsn = gen.rnd.nextLong(1L << 32);
        this.serverCloses = gen.rnd.nextInt(4) == 0;
        this.resetClose = gen.rnd.nextInt(25) == 0;
        this.synRetransmits = kind == Kind.SYN_ONLY ? 2 : (gen.rnd.nextInt(50) == 0 ? 1 : 0);
        this.tsClock = gen.rnd.nextInt(1 << 30);
    }

    TcpConversation add(boolean fromClient, byte[] head, long bulkLength, int bulkKind) {
        messages.add(new Message(fromClient, head, bulkLength, bulkKind));
        return this;
    }

    boolean done() {
        return phase == PH_DONE;
    }

    /** Stops generating bulk: the current message ends where it is (its head stays complete), later ones lose their bulk. */
    void truncate() {
        for (int i = msgIndex; i < messages.size(); i++) {
            Message m = messages.get(i);
            long keep = i == msgIndex ? Math.max(0, msgOffset - m.head.length) : 0;
            m.bulkLength = Math.min(m.bulkLength, keep);
        }
    }

    /** Writes the next packet(s) of this connection. */
    void step(SyntheticCapture gen) throws IOException {
        tsClock += 1 + gen.rnd.nextInt(3);
        switch (phase) {
            case PH_SYN -> {
                segment(gen, true, Frames.SYN, clientIsn, 0, null, 0, 0);
                synsSent++;
                if (synsSent > synRetransmits) {
                    phase = kind == Kind.SYN_ONLY ? PH_DONE : PH_SYNACK;
                }
            }
            case PH_SYNACK -> {
                if (kind == Kind.REJECTED) {
                    segment(gen, false, Frames.RST | Frames.ACK, 0, clientIsn + 1, null, 0, 0);
                    phase = PH_DONE;
                } else {
                    segment(gen, false, Frames.SYN | Frames.ACK, serverIsn, clientIsn + 1, null, 0, 0);
                    phase = PH_ACK;
                }
            }
            case PH_ACK -> {
                pureAck(gen, true);
                phase = PH_DATA;
            }
            case PH_DATA -> data(gen);
            case PH_FIN1 -> {
                boolean c = !serverCloses;
                if (resetClose) {
                    segment(gen, c, Frames.RST | Frames.ACK, seq(c), seq(!c), null, 0, 0);
                    phase = PH_DONE;
                } else {
                    segment(gen, c, Frames.FIN | Frames.ACK, seq(c), seq(!c), null, 0, 0);
                    phase = PH_FIN2;
                }
            }
            case PH_FIN2 -> {
                boolean c = serverCloses;
                segment(gen, c, Frames.FIN | Frames.ACK, seq(c), seq(!c) + 1, null, 0, 0);
                phase = PH_LASTACK;
            }
            case PH_LASTACK -> {
                boolean c = !serverCloses;
                segment(gen, c, Frames.ACK, seq(c) + 1, seq(!c) + 1, null, 0, 0);
                phase = PH_DONE;
            }
            default -> throw new IllegalStateException("step after done");
        }
    }

    private void data(SyntheticCapture gen) throws IOException {
        if (pending != null && pendingDelay-- <= 0) {
            Message m = pending;
            pending = null;
            emitData(gen, m, pendingMsgOffset, pendingStreamOffset, pendingLength, false);
            return;
        }
        while (msgIndex < messages.size() && msgOffset >= messages.get(msgIndex).total()) {
            Message done = messages.get(msgIndex);
            msgIndex++;
            msgOffset = 0;
            if (unacked > 0) {
                pureAck(gen, !done.fromClient);
                unacked = 0;
                return;
            }
        }
        if (msgIndex >= messages.size()) {
            if (pending != null) {
                Message m = pending;
                pending = null;
                emitData(gen, m, pendingMsgOffset, pendingStreamOffset, pendingLength, false);
                return;
            }
            phase = PH_FIN1;
            step(gen);
            return;
        }
        Message m = messages.get(msgIndex);
        long total = m.total();
        int len = (int) Math.min(Frames.MSS, total - msgOffset);
        long streamOffset = m.fromClient ? clientSent : serverSent;
        boolean inBulk = msgOffset >= m.head.length;
        boolean notLast = msgOffset + len < total;
        if (inBulk && notLast && pending == null) {
            int r = gen.rnd.nextInt(1000);
            if (r < 2) {
                // out of order: the next segment overtakes this one
                int len2 = (int) Math.min(Frames.MSS, total - msgOffset - len);
                pending = m;
                pendingMsgOffset = msgOffset;
                pendingStreamOffset = streamOffset;
                pendingLength = len;
                pendingDelay = 0;
                pendingIsHole = true;
                gen.counters.outOfOrder++;
                advance(m, len);
                emitData(gen, m, msgOffset, streamOffset + len, len2, true);
                advance(m, len2);
                return;
            } else if (r < 5) {
                // retransmission of this segment after the next one
                pending = m;
                pendingMsgOffset = msgOffset;
                pendingStreamOffset = streamOffset;
                pendingLength = len;
                pendingDelay = 1;
                pendingIsHole = false;
                gen.counters.retransmissions++;
            }
        }
        emitData(gen, m, msgOffset, streamOffset, len, true);
        advance(m, len);
    }

    private void advance(Message m, int len) {
        msgOffset += len;
        if (m.fromClient) {
            clientSent += len;
        } else {
            serverSent += len;
        }
    }

    private void emitData(SyntheticCapture gen, Message m, long mOff, long streamOffset, int len, boolean countAck)
            throws IOException {
        boolean c = m.fromClient;
        int flags = Frames.ACK | (mOff + len == m.total() ? Frames.PSH : 0);
        long seq = (c ? clientIsn : serverIsn) + 1 + streamOffset;
        segment(gen, c, flags, seq, ackFor(!c), m, mOff, len);
        if (countAck && ++unacked >= 2) {
            pureAck(gen, !c);
            unacked = 0;
        }
    }

    private void pureAck(SyntheticCapture gen, boolean fromClient) throws IOException {
        segment(gen, fromClient, Frames.ACK, seq(fromClient), ackFor(!fromClient), null, 0, 0);
    }

    /** What the receiver of direction {@code client} can acknowledge: everything, or up to a hole. */
    private long ackFor(boolean client) {
        if (pending != null && pendingIsHole && pending.fromClient == client) {
            return (client ? clientIsn : serverIsn) + 1 + pendingStreamOffset;
        }
        return seq(client);
    }

    /** Next sequence number of a direction (everything sent so far acknowledged). */
    private long seq(boolean client) {
        return client ? clientIsn + 1 + clientSent : serverIsn + 1 + serverSent;
    }

    private void segment(SyntheticCapture gen, boolean fromClient, int flags, long seq, long ack, Message m,
                         long mOff, int len) throws IOException {
        CaptureFileWriter w = gen.writer;
        byte[] b = w.buffer();
        int start = w.beginFrame(gen.tick());
        boolean v6 = clientAddr.length == 16;
        int p = start + Frames.ethernet(b, start, fromClient, v6);
        int tcpLen = ((flags & Frames.SYN) != 0 ? Frames.TCP_SYN_HEADER : Frames.TCP_HEADER);
        p += Frames.ip(b, p, fromClient ? clientAddr : serverAddr, fromClient ? serverAddr : clientAddr, 6,
                tcpLen + len, gen.nextIpId(), fromClient ? 64 : 52);
        p += Frames.tcp(b, p, fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort,
                seq & 0xffffffffL, ack & 0xffffffffL, flags, fromClient ? 502 : 501, tsClock,
                tsClock - 7);
        if (len > 0) {
            fill(gen, b, p, m, mOff, len);
            p += len;
        }
        w.endFrame(p - start);
    }

    /** Writes {@code len} bytes of message {@code m} starting at {@code mOff}. */
    private static void fill(SyntheticCapture gen, byte[] b, int p, Message m, long mOff, int len) {
        int fromHead = 0;
        if (mOff < m.head.length) {
            fromHead = (int) Math.min(len, m.head.length - mOff);
            System.arraycopy(m.head, (int) mOff, b, p, fromHead);
        }
        int rest = len - fromHead;
        if (rest == 0) {
            return;
        }
        long bulkOff = mOff + fromHead - m.head.length;
        int q = p + fromHead;
        System.arraycopy(gen.noise, (int) (bulkOff & SyntheticCapture.NOISE_MASK), b, q, rest);
        if (m.bulkKind == BULK_TLS) {
            long end = bulkOff + rest;
            for (long rs = bulkOff - bulkOff % TLS_RECORD; rs < end; rs += TLS_RECORD) {
                long recLen = Math.min(TLS_RECORD, m.bulkLength - rs) - 5;
                for (int k = 0; k < 5; k++) {
                    long x = rs + k;
                    if (x >= bulkOff && x < end) {
                        b[q + (int) (x - bulkOff)] = switch (k) {
                            case 0 -> 0x17;
                            case 1, 2 -> 0x03;
                            case 3 -> (byte) (recLen >>> 8);
                            default -> (byte) recLen;
                        };
                    }
                }
            }
        }
    }
}
