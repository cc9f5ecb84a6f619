package io.proxyaudit.proto.http;

import java.util.List;

/**
 * An HTTP/1.x request head (RFC 9112 §3). {@code target} as on the request line (origin form,
 * absolute URI to a proxy, or CONNECT authority). {@code proxyAuthorization} keeps only the scheme
 * (e.g. {@code Basic}); the credentials are never stored. Header values are bounded in length.
 * {@code contentLength} is -1 when absent; {@code chunked} when the final transfer coding is chunked
 * (RFC 9112 §6.3): together they say where the next request on the connection starts. {@code truncated}: the
 * capture's snap length cut the head; only the request line and the complete header lines before the cut are known.
 */
public record HttpRequestHead(
        String method,
        String target,
        String version,
        String host,
        String userAgent,
        String proxyAuthorization,
        int headLength,
        List<String> flags,
        long contentLength,
        boolean chunked,
        boolean truncated) {

    /** A head captured whole. */
    public HttpRequestHead(String method, String target, String version, String host, String userAgent,
            String proxyAuthorization, int headLength, List<String> flags, long contentLength, boolean chunked) {
        this(method, target, version, host, userAgent, proxyAuthorization, headLength, flags, contentLength, chunked,
                false);
    }

    /** Head without body framing information (no Content-Length, not chunked). */
    public HttpRequestHead(String method, String target, String version, String host, String userAgent,
            String proxyAuthorization, int headLength, List<String> flags) {
        this(method, target, version, host, userAgent, proxyAuthorization, headLength, flags, -1, false);
    }
}
