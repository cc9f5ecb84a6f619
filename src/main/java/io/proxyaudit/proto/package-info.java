/**
 * Protocol parsers and framers: pure code over a byte view ({@code byte[]}, offset, length) of one
 * direction's reassembled stream head or one UDP payload. They never throw on hostile input and never do
 * I/O; problems that did not stop parsing are kept as flags on the value.
 *
 * <p>Two levels, one piece of code each:
 * <ul>
 * <li>Message parsers answer with a {@link io.proxyaudit.proto.ParseResult} (OK, NEED_MORE,
 * NOT_THIS_PROTOCOL, MALFORMED with a one-line reason):
 * {@link io.proxyaudit.proto.tls.TlsParser} (ClientHello / ServerHello, records joined by
 * {@link io.proxyaudit.proto.tls.TlsHandshakeReader}, JA4 by {@link io.proxyaudit.proto.tls.Ja4}),
 * {@link io.proxyaudit.proto.dns.DnsParser#parse} (one DNS message),
 * {@link io.proxyaudit.proto.http.HttpHeadParser} (one request or response head).</li>
 * <li>Stream framers ({@link io.proxyaudit.proto.StreamFramer}) are the only framing code: resumable, fed
 * the unconsumed bytes of a direction plus the new ones, they find message boundaries, skip bodies and
 * report each message to their listener. {@link io.proxyaudit.proto.tls.ClientHelloFramer} (the hello and,
 * after a HelloRetryRequest, the second one), {@link io.proxyaudit.proto.tls.ServerHelloFramer},
 * {@link io.proxyaudit.proto.http.HttpRequestFramer} and {@link io.proxyaudit.proto.http.HttpResponseFramer}
 * (keep-alive, pipelining, chunked bodies, CONNECT hand-off; the two directions share an
 * {@link io.proxyaudit.proto.http.HttpConnection}), {@link io.proxyaudit.proto.dns.DnsTcpFramer}
 * (length-prefixed DNS over TCP). The flow stage runs them through the analyzers in
 * {@code io.proxyaudit.analyzer}; the tests and fuzz targets run the same framers on byte arrays.</li>
 * </ul>
 * {@link io.proxyaudit.proto.http.HttpRequestLine} is the one rule for "these bytes start an HTTP request";
 * {@link io.proxyaudit.proto.Authority} the one parser of {@code host[:port]} authorities.
 * Attacker-controlled text (SNI, ALPN, DNS labels, header values) goes through
 * {@link io.proxyaudit.proto.BoundedText}: printable ASCII, other bytes as {@code \xHH}, bounded length.
 * Proxy-Authorization keeps only its scheme and userinfo in targets becomes {@code ***}, at parse time.
 */
package io.proxyaudit.proto;
