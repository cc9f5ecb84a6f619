package io.proxyaudit.capture;

/**
 * A problem found in a capture, with the byte offset where it was found (-1 when not tied to a place).
 * {@code kind} is a stable machine-readable code (e.g. {@code truncated-record}, {@code bad-record-length}).
 */
public record CaptureWarning(String file, long offset, String kind, String message) {
    /** One line for humans: {@code file: offset N: message}. */
    public String toLine() {
        return offset >= 0 ? file + ": byte offset " + offset + ": " + message : file + ": " + message;
    }
}
