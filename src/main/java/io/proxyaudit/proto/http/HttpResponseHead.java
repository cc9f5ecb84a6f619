package io.proxyaudit.proto.http;

/** An HTTP/1.x status line and the head length in bytes (RFC 9112 §4). */
public record HttpResponseHead(String version, int status, String reason, long contentLength, boolean chunked, int headLength) {}
