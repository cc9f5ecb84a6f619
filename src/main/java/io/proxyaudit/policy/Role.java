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
    OTHER("other");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    /** The name used in every output format. */
    public String wire() {
        return wire;
    }

    /** Roles whose bypass counts as a Go finding for {@code --fail-on go}. */
    public boolean isGoRelated() {
        return this == MODULE_PROXY || this == CHECKSUM_DB || this == GO_GET || this == VCS || this == TOOLCHAIN;
    }
}
