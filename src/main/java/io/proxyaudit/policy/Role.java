package io.proxyaudit.policy;

/** What a destination is to a Go build, from the endpoint catalogue (README: "Endpoint catalogue"). */
public enum Role {
    MODULE_PROXY("module-proxy"),
    CHECKSUM_DB("checksum-db"),
    GO_GET("go-get"),
    VCS("vcs"),
    TOOLCHAIN("toolchain"),
    PROXY("proxy"),
    DNS("dns"),
    /** DNS over TLS (RFC 7858, port 853): lookups the capture cannot read. */
    DNS_OVER_TLS("dns-over-tls"),
    /** DNS over HTTPS (RFC 8484) to a catalogued public resolver: lookups the capture cannot read. */
    DNS_OVER_HTTPS("dns-over-https"),
    OTHER("other");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    /** The name used in every output format. */
    public String wire() {
        return wire;
    }

    /** DNS over TLS or HTTPS: names were resolved there, out of the capture's sight. */
    public boolean isEncryptedDns() {
        return this == DNS_OVER_TLS || this == DNS_OVER_HTTPS;
    }

    /** Roles whose bypass counts as a Go finding for {@code --fail-on go}. */
    public boolean isGoRelated() {
        return this == MODULE_PROXY || this == CHECKSUM_DB || this == GO_GET || this == VCS || this == TOOLCHAIN;
    }
}
