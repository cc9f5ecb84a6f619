package io.proxyaudit.proto.quic;

/**
 * What a QUIC connection's first packets showed, for the flow record's {@code quic} object.
 *
 * @param version              "1", "2" or "draft-29"
 * @param initialPackets       client Initial packets read until the ClientHello was complete (or the flow ended)
 * @param undecryptablePackets client Initial packets no key opened
 * @param retry                the server sent a Retry (RFC 9000 §17.2.5)
 * @param versionNegotiation   the server sent a Version Negotiation packet (§17.2.1)
 * @param helloComplete        the ClientHello was reassembled in full
 */
public record QuicHandshake(String version, int initialPackets, int undecryptablePackets, boolean retry,
        boolean versionNegotiation, boolean helloComplete) {}
