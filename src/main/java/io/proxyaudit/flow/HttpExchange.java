package io.proxyaudit.flow;

import java.util.List;

/**
 * One HTTP/1.x request on a connection with its response status (0 when no response was seen).
 * {@code proxyAuthScheme} is the scheme of a Proxy-Authorization header (e.g. Basic), never the credentials.
 * {@code flags} are the request head parser's notes ({@code te-and-cl}, {@code userinfo-redacted} ...,
 * see {@code proto.http.HttpHeadParser}); empty when the head was clean. {@code truncated}: the capture's snap length
 * cut the request head, so only its request line and the complete header lines before the cut are known.
 */
public record HttpExchange(String method, String host, String target, String userAgent, int status, String proxyAuthScheme,
                           long requestNanos, List<String> flags, boolean truncated) {

    /** A request whose head was captured whole. */
    public HttpExchange(String method, String host, String target, String userAgent, int status, String proxyAuthScheme,
                        long requestNanos, List<String> flags) {
        this(method, host, target, userAgent, status, proxyAuthScheme, requestNanos, flags, false);
    }

    /** A request whose head raised no flag. */
    public HttpExchange(String method, String host, String target, String userAgent, int status, String proxyAuthScheme,
                        long requestNanos) {
        this(method, host, target, userAgent, status, proxyAuthScheme, requestNanos, List.of());
    }
}
