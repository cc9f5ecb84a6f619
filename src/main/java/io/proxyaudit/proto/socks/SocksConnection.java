package io.proxyaudit.proto.socks;

/** What the two directions of one SOCKS connection share: the version and the SOCKS5 methods. */
public final class SocksConnection {
    int version;
    /** The client's SOCKS5 greeting offered username/password (RFC 1929). */
    boolean offeredUserPassword;
    int chosenMethod = -1;
    boolean credentialsSent;

    /** True when the client's first bytes were SOCKS (so the server's answer is parsed as SOCKS too). */
    public boolean started() {
        return version != 0;
    }

    static String methodName(int m) {
        return switch (m) {
            case 0x00 -> "none";
            case 0x01 -> "gssapi";
            case 0x02 -> "username-password";
            case 0xff -> "no-acceptable-method";
            default -> String.format("0x%02x", m);
        };
    }
}
