/**
 * Protocol parsers: pure functions over a byte view ({@code byte[]}, offset, length) of one direction's
 * reassembled stream head or one UDP payload. They never throw on hostile input and never do I/O; they
 * answer with a {@link io.proxyaudit.proto.ParseResult} (OK, NEED_MORE, NOT_THIS_PROTOCOL, MALFORMED with
 * a one-line reason), and problems that did not stop parsing are kept as flags on the value.
 *
 * <p>Entry points:
 * <ul>
 * <li>{@link io.proxyaudit.proto.tls.TlsParser#parseClientHello} / {@code parseClientHellos} (the second
 * one after a HelloRetryRequest) / {@code parseServerHello}: TLS over TCP, record fragments joined by
 * {@link io.proxyaudit.proto.tls.TlsHandshakeReader}; JA4 by {@link io.proxyaudit.proto.tls.Ja4}.</li>
 * <li>{@link io.proxyaudit.proto.dns.DnsParser#parse} for one UDP payload;
 * {@link io.proxyaudit.proto.dns.DnsTcpFramer} for length-prefixed messages on a TCP stream.</li>
 * <li>{@link io.proxyaudit.proto.http.HttpHeadParser} for one request or response head;
 * {@link io.proxyaudit.proto.http.HttpMessageWalker#requests} walks keep-alive / pipelined requests, and
 * {@code responseExtent} says where a response ends (and when a CONNECT tunnel starts). After a CONNECT
 * head, the tunnel's ClientHello is parsed with {@code TlsParser} at the offset the head ends.</li>
 * </ul>
 * Attacker-controlled text (SNI, ALPN, DNS labels, header values) goes through
 * {@link io.proxyaudit.proto.BoundedText}: printable ASCII, other bytes as {@code \xHH}, bounded length.
 * Proxy-Authorization keeps only its scheme and userinfo in targets becomes {@code ***}, at parse time.
 */
package io.proxyaudit.proto;
