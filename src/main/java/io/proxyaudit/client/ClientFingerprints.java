package io.proxyaudit.client;

import java.util.Map;

/**
 * Which HTTP client sent a ClientHello, from the cipher and extension parts of its JA4 (the parts after the
 * first {@code _}; the first part changes with SNI and ALPN). Only fingerprints seen in the lab's real captures
 * (samples/, Debian 12) are listed; anything else is unknown and the audit falls back to the endpoint role.
 * Used to tell cmd/go's {@code ?go-get=1} requests from git's clone on the same VCS host over TLS, where no
 * User-Agent is visible.
 */
final class ClientFingerprints {
    private static final Map<String, Client> FAMILIES = Map.of(
            // Go 1.19.8 crypto/tls default client (cmd/go's module, sumdb and go-get requests)
            "9dc949149365_97f8aa674fd9", Client.GO_HTTP,
            // libcurl 7.88.1 with OpenSSL 3.0 as git 2.39.5 uses it (smart HTTP)
            "723694b0fccc_288f874c93d6", Client.GIT_HTTP);

    private ClientFingerprints() {}

    /** {@link Client#GO_HTTP}, {@link Client#GIT_HTTP}, or null when the fingerprint is not known. */
    static Client family(String ja4) {
        if (ja4 == null) {
            return null;
        }
        int us = ja4.indexOf('_');
        return us < 0 ? null : FAMILIES.get(ja4.substring(us + 1));
    }
}
