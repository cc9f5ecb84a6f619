package io.proxyaudit.proto;

/**
 * Result of a pure parser over a byte view that may hold an incomplete stream head.
 *
 * @param status   what happened
 * @param value    the parsed value when {@code status == OK}, else null
 * @param consumed bytes of the input the value took (e.g. one HTTP head, the TLS records of one handshake message)
 * @param problem  for MALFORMED: a short, specific reason ("record length 16777215 over 16384+2048")
 */
public record ParseResult<T>(Status status, T value, int consumed, String problem) {
    public enum Status {
        /** A complete value was parsed. */
        OK,
        /** The bytes so far are a valid prefix; more are needed. */
        NEED_MORE,
        /** The bytes are not this protocol. */
        NOT_THIS_PROTOCOL,
        /** The bytes look like this protocol but are broken. */
        MALFORMED
    }

    public static <T> ParseResult<T> ok(T value, int consumed) {
        return new ParseResult<>(Status.OK, value, consumed, null);
    }

    public static <T> ParseResult<T> needMore() {
        return new ParseResult<>(Status.NEED_MORE, null, 0, null);
    }

    public static <T> ParseResult<T> notThisProtocol() {
        return new ParseResult<>(Status.NOT_THIS_PROTOCOL, null, 0, null);
    }

    public static <T> ParseResult<T> malformed(String problem) {
        return new ParseResult<>(Status.MALFORMED, null, 0, problem);
    }
}
