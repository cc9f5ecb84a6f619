package io.proxyaudit.proto;

/**
 * Turns attacker-controlled bytes (SNI, ALPN, DNS labels, HTTP header values) into bounded, printable
 * text: printable ASCII is kept, any other byte becomes {@code \xHH}, and the result is cut at
 * {@code maxChars}.
 */
public final class BoundedText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private BoundedText() {}

    public static String printable(byte[] b, int off, int len, int maxChars) {
        StringBuilder sb = new StringBuilder(Math.min(len, maxChars));
        appendPrintable(sb, b, off, len, maxChars);
        return sb.toString();
    }

    /** Appends as {@link #printable}; returns false when it had to stop at {@code maxChars}. */
    public static boolean appendPrintable(StringBuilder sb, byte[] b, int off, int len, int maxChars) {
        for (int i = 0; i < len; i++) {
            int c = b[off + i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                if (sb.length() + 1 > maxChars) {
                    return false;
                }
                sb.append((char) c);
            } else {
                if (sb.length() + 4 > maxChars) {
                    return false;
                }
                sb.append('\\').append('x').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return true;
    }

    /** True when every byte is printable ASCII (0x20..0x7e). */
    public static boolean isPrintableAscii(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            int c = b[off + i] & 0xff;
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
