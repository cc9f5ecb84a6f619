package io.proxyaudit.proto.http;

/** What {@link HttpRequestFramer} and {@link HttpResponseFramer} found, in stream order. */
public interface HttpEvents {
    /** A request head; its body (if any) is skipped by the framer. */
    default void onRequest(HttpRequestHead head) {}

    /** A final response head (interim 1xx responses, RFC 9110 §15.2, are stepped over). */
    default void onResponse(HttpResponseHead head) {}

    /** The answer to a CONNECT: the connection's CONNECT status so far (a 2xx, once seen, is kept). */
    default void onConnectAnswered(int connectStatus) {}

    /** A head or a chunked body that is not HTTP/1.x syntax. */
    default void onMalformed() {}
}
