package io.proxyaudit.proto.tls;

/** GREASE values (RFC 8701 §2): 0x0A0A, 0x1A1A, ... 0xFAFA — both bytes equal, low nibbles 0xA. */
public final class Grease {
    private Grease() {}

    public static boolean isGrease(int value) {
        return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff);
    }
}
