package io.proxyaudit.flow;

import io.proxyaudit.proto.dns.Ipv6Text;

/** IP addresses as text: dotted quad, IPv6 in RFC 5952 form (one formatter for the whole tool: {@link Ipv6Text}). */
final class IpText {
    private IpText() {}

    static String format(byte[] a, int length) {
        if (length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        return Ipv6Text.format(a, 0);
    }

    /** Parses a dotted quad or IPv6 text into 4 or 16 bytes; null when it is neither. */
    static byte[] parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            String[] p = s.split("\\.", -1);
            if (p.length != 4) {
                return null;
            }
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = parseInt(p[i], 10, 3);
                if (v < 0 || v > 255) {
                    return null;
                }
                b[i] = (byte) v;
            }
            return b;
        }
        byte[] b = new byte[16];
        String head = s;
        String tail = "";
        int dc = s.indexOf("::");
        if (dc >= 0) {
            head = s.substring(0, dc);
            tail = s.substring(dc + 2);
            if (tail.contains("::")) {
                return null;
            }
        }
        int[] hg = groups(head);
        int[] tg = groups(tail);
        if (hg == null || tg == null || hg.length + tg.length > 8 || (dc < 0 && hg.length != 8)) {
            return null;
        }
        for (int i = 0; i < hg.length; i++) {
            b[2 * i] = (byte) (hg[i] >> 8);
            b[2 * i + 1] = (byte) hg[i];
        }
        for (int i = 0; i < tg.length; i++) {
            int k = 8 - tg.length + i;
            b[2 * k] = (byte) (tg[i] >> 8);
            b[2 * k + 1] = (byte) tg[i];
        }
        return b;
    }

    /** Canonical text of an address given as text (so DNS answers and packets use the same key). */
    static String canonical(String s) {
        byte[] b = parse(s);
        return b == null ? s : format(b, b.length);
    }

    private static int[] groups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] p = s.split(":", -1);
        int[] g = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            g[i] = parseInt(p[i], 16, 4);
            if (g[i] < 0) {
                return null;
            }
        }
        return g;
    }

    private static int parseInt(String s, int radix, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            v = v * radix + d;
        }
        return v;
    }
}
