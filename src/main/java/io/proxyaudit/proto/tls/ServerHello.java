package io.proxyaudit.proto.tls;

/**
 * From a ServerHello: the negotiated version (supported_versions when present, else legacy_version)
 * and the selected ALPN protocol (or null).
 */
public record ServerHello(int version, int cipherSuite, String alpn) {}
