package io.proxyaudit.proto.tls;

import java.util.List;

/**
 * The facts we keep from a TLS ClientHello (RFC 8446 §4.1.2). Lists keep wire order and include
 * GREASE values (RFC 8701) exactly as sent; {@link #ja4()} is FoxIO's JA4 (GREASE removed there).
 *
 * @param legacyVersion     ClientHello.legacy_version, e.g. 0x0303
 * @param sni               first host_name of server_name (RFC 6066 §3), or null
 * @param alpn              protocol names of application_layer_protocol_negotiation (RFC 7301)
 * @param supportedVersions supported_versions extension values (RFC 8446 §4.2.1)
 * @param cipherSuites      cipher suite values
 * @param extensions        extension type values in wire order
 * @param signatureAlgorithms signature_algorithms values in wire order
 * @param ja4               JA4 fingerprint, e.g. {@code t13d1516h2_8daaf6152771_e5627efa2ab1}
 * @param flags             parse problems that did not stop parsing (e.g. {@code bad-extension-16})
 * @param truncated         the capture's snap length cut the hello: the lists hold what lay before the cut (only
 *                          whole extensions), {@code ja4} is null (it needs every extension)
 */
public record ClientHello(
        int legacyVersion,
        String sni,
        List<String> alpn,
        List<Integer> supportedVersions,
        List<Integer> cipherSuites,
        List<Integer> extensions,
        List<Integer> signatureAlgorithms,
        String ja4,
        List<String> flags,
        boolean truncated) {

    /** A hello captured whole. */
    public ClientHello(int legacyVersion, String sni, List<String> alpn, List<Integer> supportedVersions,
            List<Integer> cipherSuites, List<Integer> extensions, List<Integer> signatureAlgorithms, String ja4,
            List<String> flags) {
        this(legacyVersion, sni, alpn, supportedVersions, cipherSuites, extensions, signatureAlgorithms, ja4, flags,
                false);
    }

    /** encrypted_client_hello (draft-ietf-tls-esni §5, code point 0xfe0d). */
    public static final int EXT_ENCRYPTED_CLIENT_HELLO = 0xfe0d;

    /**
     * True when the hello carries encrypted_client_hello: with ECH the SNI is the outer, public name and the
     * real one is encrypted; a client without an ECH configuration sends a GREASE extension that looks the same
     * (draft-ietf-tls-esni §6.2), and then the SNI is the real name. The wire cannot tell the two apart.
     */
    public boolean offersEch() {
        return extensions != null && extensions.contains(EXT_ENCRYPTED_CLIENT_HELLO);
    }
}
