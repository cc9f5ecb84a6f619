package io.proxyaudit.proto.socks;

/** Reply codes as words for the outputs. */
final class SocksStatus {
    private static final String[] SOCKS5 = {"succeeded", "general-failure", "connection-not-allowed",
        "network-unreachable", "host-unreachable", "connection-refused", "ttl-expired", "command-not-supported",
        "address-type-not-supported"};

    private SocksStatus() {}

    /** RFC 1928 §6 REP. */
    static String socks5(int rep) {
        return rep < SOCKS5.length ? SOCKS5[rep] : String.format("0x%02x", rep);
    }

    /** SOCKS4 CD: 90 granted, 91 rejected or failed, 92 no identd, 93 identd did not confirm the user id. */
    static String socks4(int cd) {
        return switch (cd) {
            case 90 -> "granted";
            case 91 -> "rejected";
            case 92 -> "no-identd";
            case 93 -> "identd-mismatch";
            default -> String.format("0x%02x", cd);
        };
    }
}
