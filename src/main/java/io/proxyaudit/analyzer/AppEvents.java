package io.proxyaudit.analyzer;


import io.proxyaudit.proto.dns.DnsMessage;
import io.proxyaudit.proto.http.HttpRequestHead;
import io.proxyaudit.proto.http.HttpResponseHead;
import io.proxyaudit.proto.quic.QuicHandshake;
import io.proxyaudit.proto.socks.SocksRequest;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.proto.tls.ServerHello;

/**
 * What an analyzer reports about the side of a flow whose bytes it parses (the model is Zeek's analyzer
 * events). The flow stage keeps what goes into the flow record (first hello, bounded HTTP list, CONNECT),
 * counts, and passes DNS messages on to its DNS matching.
 */
public interface AppEvents {
    /** True when either end of the flow uses {@code port}. */
    boolean hasPort(int port);

    /** This side is the client (it sent a request line). A ClientHello says so by itself. */
    void markClient();

    /** A ClientHello sent by this side (inside a CONNECT tunnel when the direction is tunnelled). */
    void clientHello(ClientHello hello);

    /** This side sent a second ClientHello after a HelloRetryRequest (RFC 8446 §4.1.4). */
    void helloRetry();

    /** A ServerHello sent by this side. */
    void serverHello(ServerHello hello);

    void httpRequest(HttpRequestHead head);

    /** A final response; it answers the oldest request without one. */
    void httpResponse(HttpResponseHead head);

    /** An HTTP CONNECT request (RFC 9110 §9.3.6); the flow keeps the first. */
    void connectRequest(HttpRequestHead head);

    /** The connection's CONNECT status after an answer to a CONNECT. */
    void connectAnswered(int status);

    /** The state of a QUIC connection's handshake after one of its datagrams (the flow keeps the latest). */
    void quic(QuicHandshake handshake);

    /** A SOCKS request (the connection's first is kept). */
    void socksRequest(SocksRequest request);

    /** The SOCKS proxy's answer to the request. */
    void socksReply(String status, boolean granted);

    /** A DNS message sent by this side. */
    void dnsMessage(DnsMessage message);

    /** Bytes of {@code protocol} ("tls", "http", "dns", ...) that do not parse; counted, and flagged on a TCP flow. */
    void malformed(String protocol);

    /** A note for the flow record's flags (a short fixed word, never text from the capture). */
    void note(String flag);
}
