package io.proxyaudit.flow;

/**
 * One HTTP/1.x request on a connection with its response status (0 when no response was seen).
 * {@code proxyAuthScheme} is the scheme of a Proxy-Authorization header (e.g. Basic), never the credentials.
 */
public record HttpExchange(String method, String host, String target, String userAgent, int status, String proxyAuthScheme, long requestNanos) {}
