package io.proxyaudit.proto.tls;

/** What {@link ClientHelloFramer} and {@link ServerHelloFramer} found. */
public interface TlsEvents {
    default void onClientHello(ClientHello hello) {}

    /** A second ClientHello followed the first: the server sent a HelloRetryRequest (RFC 8446 §4.1.4). */
    default void onHelloRetry() {}

    default void onServerHello(ServerHello hello) {}

    /** The handshake record or message does not fit its length fields. */
    default void onMalformed() {}
}
