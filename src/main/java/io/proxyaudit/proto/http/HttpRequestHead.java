package io.proxyaudit.proto.http;

import java.util.List;

/**
 * An HTTP/1.x request head (RFC 9112 §3). {@code target} as on the request line (origin form,
 * absolute URI to a proxy, or CONNECT authority). {@code proxyAuthorization} keeps only the scheme
 * (e.g. {@code Basic}); the credentials are never stored. Header values are bounded in length.
 */
public record HttpRequestHead(
        String method,
        String target,
        String version,
        String host,
        String userAgent,
        String proxyAuthorization,
        int headLength,
        List<String> flags) {}
