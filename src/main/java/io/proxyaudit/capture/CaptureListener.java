package io.proxyaudit.capture;

/** Side information a reader finds while it streams packets. Default methods ignore it. */
public interface CaptureListener {
    /** A pcapng name resolution block entry: an IPv4 (4 bytes) or IPv6 (16 bytes) address and a name. */
    default void onNameResolution(byte[] address, String name) {}

    /** Damage or an oddity in the file; reading goes on. */
    default void onWarning(CaptureWarning warning) {}

    CaptureListener NONE = new CaptureListener() {};
}
