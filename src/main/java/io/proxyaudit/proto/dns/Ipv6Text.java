package io.proxyaudit.proto.dns;

/**
 * IPv6 address text in the RFC 5952 canonical form: lower-case hex without leading zeros (§4.1, §4.3),
 * the longest run of two or more zero groups as "::", the first one on a tie (§4.2), and IPv4-mapped
 * addresses as ::ffff:a.b.c.d (§5).
 */
public final class Ipv6Text {
    private Ipv6Text() {}

    public static String format(byte[] b, int off) {
        return format(b, off, true);
    }

    /**
     * The WHATWG URL serializer's form (URL Standard, "IPv6 serializer"): as RFC 5952 but an IPv4-mapped address in
     * hex too ({@code ::ffff:a01:203}), as Node's {@code new URL} writes a host.
     */
    public static String formatUrl(byte[] b, int off) {
        return format(b, off, false);
    }

    private static String format(byte[] b, int off, boolean dottedMapped) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[off + 2 * i] & 0xff) << 8) | (b[off + 2 * i + 1] & 0xff);
        }
        if (dottedMapped && g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
            return "::ffff:" + (b[off + 12] & 0xff) + "." + (b[off + 13] & 0xff) + "." + (b[off + 14] & 0xff)
                    + "." + (b[off + 15] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
