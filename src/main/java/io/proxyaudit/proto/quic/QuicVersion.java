package io.proxyaudit.proto.quic;

import java.util.HexFormat;

/**
 * The QUIC versions whose Initial packets can be read without keys from the handshake: each has its own
 * initial salt and key labels (RFC 9001 §5.2, RFC 9369 §3.3) and, for v2, its own long-header type codes
 * (RFC 9369 §3.2).
 */
public enum QuicVersion {
    V1(0x00000001, "38762cf7f55934b34d179ae6a4c80cadccbb7f0a", "quic ", 0),
    V2(0x6b3343cf, "0dede3def700a6db819381be6e269dcbf9bd2ed9", "quicv2 ", 1),
    /** draft-29 to draft-32 share one salt (draft-ietf-quic-tls-29 §5.2); still sent by 2020-2021 clients. */
    DRAFT_29(0xff00001d, "afbfec289993d24c9e9786f19c6111e04390a899", "quic ", 0);

    private final int wire;
    private final byte[] salt;
    private final String labelPrefix;
    private final int initialType;

    QuicVersion(int wire, String salt, String labelPrefix, int initialType) {
        this.wire = wire;
        this.salt = HexFormat.of().parseHex(salt);
        this.labelPrefix = labelPrefix;
        this.initialType = initialType;
    }

    /** The version a long header names, or null when its Initial packets are not readable here. */
    public static QuicVersion of(int wire) {
        if (wire == V1.wire) {
            return V1;
        }
        if (wire == V2.wire) {
            return V2;
        }
        if (wire >= 0xff00001d && wire <= 0xff000020) {
            return DRAFT_29;
        }
        return null;
    }

    /** The version field as sent, e.g. {@code 0x00000001}. */
    public int wire() {
        return wire;
    }

    /** Short name for outputs: "1", "2", "draft-29". */
    public String label() {
        return switch (this) {
            case V1 -> "1";
            case V2 -> "2";
            case DRAFT_29 -> "draft-29";
        };
    }

    byte[] salt() {
        return salt.clone();
    }

    /** "quic key", "quicv2 hp", ...: the HKDF label for key, iv or hp. */
    String label(String what) {
        return labelPrefix + what;
    }

    /** The two type bits of a long header that mean Initial. */
    int initialType() {
        return initialType;
    }

    /** The two type bits that mean Retry (v1: 3, v2: 0). */
    int retryType() {
        return this == V2 ? 0 : 3;
    }
}
