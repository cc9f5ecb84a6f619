package io.proxyaudit.policy;

/**
 * What a destination is to a build, from the endpoint catalogue (README: "Endpoint catalogue"): Go's roles, one
 * role per package ecosystem (its client is {@code client.ClientDetector}'s guess when nothing better is seen),
 * proxies, DNS.
 */
public enum Role {
    MODULE_PROXY("module-proxy"),
    CHECKSUM_DB("checksum-db"),
    GO_GET("go-get"),
    VCS("vcs"),
    TOOLCHAIN("toolchain"),
    /** PyPI: the index and its files (pip). */
    PYTHON_INDEX("python-index"),
    /** The npm registry (npm, and Node programs that fetch packages). */
    NPM_REGISTRY("npm-registry"),
    /** Maven Central and Sonatype's repositories (Maven, Gradle, any JVM build). */
    MAVEN_REPOSITORY("maven-repository"),
    /** Gradle's plugin portal and distribution downloads (Gradle, its wrapper). */
    GRADLE("gradle"),
    /** crates.io: its API, sparse index and crate files (cargo). */
    CRATES_REGISTRY("crates-registry"),
    /** Container image registries and their token services (image pulls by the Docker daemon). */
    CONTAINER_REGISTRY("container-registry"),
    /** GitHub's archive, raw-file and release downloads (not git: any program that downloads from GitHub). */
    VCS_DOWNLOAD("vcs-download"),
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
