package io.proxyaudit.proto.quic;

/**
 * The client's Initial packets of one QUIC connection, read until its ClientHello is complete (RFC 9001 §5.2,
 * §5.4; RFC 9000 §17.2.2, §19.6). Keys come from the Destination Connection ID of the client's first Initial
 * and stay those when the client moves to the server's connection ID mid-handshake; after a Retry (§17.2.5)
 * the client's next Initial names a new DCID and the keys are derived anew from it. Only what is needed to
 * finish the ClientHello is decrypted; packets that do not open are counted, never thrown.
 */
public final class ClientInitials {
    private final LongHeader header = new LongHeader();
    private final CryptoStream crypto = new CryptoStream();
    private QuicVersion version;
    private InitialKeys firstKeys;
    private InitialKeys retryKeys;
    private long largestPn = -1;
    private byte[] clientHello;
    private int initials;
    private int undecryptable;
    private boolean retry;
    private boolean versionNegotiation;

    /** True when a datagram starts with a long-header packet of a version whose Initials can be read. */
    public static boolean looksLikeInitial(byte[] buf, int off, int len) {
        if (len < 7 || (buf[off] & 0x80) == 0) {
            return false;
        }
        int wire = ((buf[off + 1] & 0xff) << 24) | ((buf[off + 2] & 0xff) << 16) | ((buf[off + 3] & 0xff) << 8)
                | (buf[off + 4] & 0xff);
        QuicVersion v = QuicVersion.of(wire);
        return v != null && ((buf[off] >> 4) & 3) == v.initialType();
    }

    /** One datagram the client sent. Returns true the first time the ClientHello becomes complete. */
    public boolean fromClient(byte[] buf, int off, int len) {
        if (clientHello != null || crypto.oversized()) {
            return false;
        }
        int limit = off + len;
        for (int p = off; header.next(buf, p, limit); p = header.end) {
            if (header.kind == LongHeader.Kind.INITIAL) {
                initials++;
                read(buf);
                if (clientHello != null) {
                    return true;
                }
            } else if (header.kind != LongHeader.Kind.ZERO_RTT_OR_HANDSHAKE) {
                break; // a short-header packet fills the rest of the datagram (§12.2); anything else ends it too
            }
        }
        return false;
    }

    /** One datagram the server sent: only Retry and Version Negotiation matter before the ClientHello. */
    public void fromServer(byte[] buf, int off, int len) {
        if (!header.next(buf, off, off + len)) {
            return;
        }
        if (header.kind == LongHeader.Kind.RETRY) {
            retry = true;
            retryKeys = null;
        } else if (header.kind == LongHeader.Kind.VERSION_NEGOTIATION) {
            versionNegotiation = true;
        }
    }

    /** The complete ClientHello handshake message (type, length, body), or null. */
    public byte[] clientHello() {
        return clientHello;
    }

    public QuicVersion version() {
        return version;
    }

    /** Client Initial packets seen (until the ClientHello was complete). */
    public int initials() {
        return initials;
    }

    /** Client Initial packets no key opened (damaged, forged, or keyed by a DCID not in the capture). */
    public int undecryptable() {
        return undecryptable;
    }

    public boolean retry() {
        return retry;
    }

    public boolean versionNegotiation() {
        return versionNegotiation;
    }

    /** True when the ClientHello ran past the reassembly bound and was given up. */
    public boolean oversized() {
        return crypto.oversized();
    }

    private void read(byte[] buf) {
        if (firstKeys == null) {
            version = header.version;
            firstKeys = InitialKeys.client(version, java.util.Arrays.copyOfRange(buf, header.dcidOff,
                    header.dcidOff + header.dcidLen));
        }
        byte[] plain = open(buf, firstKeys);
        if (plain == null && !firstKeys.derivedFrom(buf, header.dcidOff, header.dcidLen)) {
            if (retryKeys == null || !retryKeys.derivedFrom(buf, header.dcidOff, header.dcidLen)) {
                retryKeys = InitialKeys.client(header.version, java.util.Arrays.copyOfRange(buf, header.dcidOff,
                        header.dcidOff + header.dcidLen));
            }
            plain = open(buf, retryKeys);
        }
        if (plain == null) {
            undecryptable++;
            return;
        }
        InitialFrames.crypto(plain, crypto);
        clientHello = crypto.firstMessage();
    }

    /** Removes header protection (RFC 9001 §5.4.1) and opens the payload; null when these keys do not fit. */
    private byte[] open(byte[] buf, InitialKeys keys) {
        int sample = header.pnOff + 4;
        if (sample + 16 > header.end) {
            return null;
        }
        byte[] mask = keys.mask(buf, sample);
        int first = (buf[header.start] ^ (mask[0] & 0x0f)) & 0xff;
        int pnLen = (first & 3) + 1;
        byte[] aad = java.util.Arrays.copyOfRange(buf, header.start, header.pnOff + pnLen);
        aad[0] = (byte) first;
        long truncated = 0;
        for (int i = 0; i < pnLen; i++) {
            aad[header.pnOff - header.start + i] ^= mask[1 + i];
            truncated = (truncated << 8) | (aad[header.pnOff - header.start + i] & 0xff);
        }
        long pn = PacketNumbers.decode(largestPn, truncated, pnLen * 8);
        int ct = header.pnOff + pnLen;
        byte[] plain = keys.open(pn, aad, buf, ct, header.end - ct);
        if (plain != null) {
            largestPn = Math.max(largestPn, pn);
        }
        return plain;
    }
}
