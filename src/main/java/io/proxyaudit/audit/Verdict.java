package io.proxyaudit.audit;

/** The audit's answer for one flow or DNS lookup. */
public enum Verdict {
    /** Went through the proxy. */
    PROXIED("proxied"),
    /** Direct, and the configuration exempts it (NO_PROXY entry, loopback, ...). */
    DIRECT_EXEMPT("direct-exempt"),
    /** Direct although a proxy was configured: the finding users look for. */
    DIRECT_BYPASS("direct-bypass"),
    /** Direct and no proxy is configured at all. */
    DIRECT_UNPROXIED("direct-unproxied"),
    /**
     * Traffic no HTTP proxy could have carried (broadcast, multicast, link-local, DHCP, NTP, mDNS, UDP other than DNS
     * and QUIC, TCP that is no fetch): never a bypass, never a fix. Added with NDJSON schema_version 2.
     */
    NOT_PROXYABLE("not-proxyable"),
    /**
     * Direct although a proxy applied, to a destination the {@code --allow} file lets go direct ({@link Allowlist}):
     * counted and shown, never a finding, never a failure. Added with NDJSON schema_version 4.
     */
    DIRECT_ALLOWED("direct-allowed");

    private final String wire;

    Verdict(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
