package io.proxyaudit.policy;

import java.util.Arrays;

/**
 * Go's IP literal rules, as net/http's NO_PROXY matching sees them (golang/go src/net/netip/netip.go
 * {@code ParseAddr}, {@code parseIPv4Fields}, {@code parseIPv6}; src/net/ip.go {@code ParseIP}, {@code ParseCIDR},
 * {@code IP.Equal}, {@code IPNet.Contains}). An address is held as Go's 16-byte {@code net.IP}: IPv4 as
 * {@code ::ffff:a.b.c.d}, so an IPv4 host and its IPv4-mapped IPv6 form are the same address, as in Go.
 */
public final class GoIp {
    private static final byte[] V4_IN_V6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private GoIp() {}

    /**
     * {@code netip.ParseAddr} (zones allowed: {@code fe80::1%eth0}) when {@code zoneAllowed}, else
     * {@code net.ParseIP} (no zone). IPv4 fields have no leading zeros. Returns the 16-byte form, or null.
     */
    public static byte[] parse(String s, boolean zoneAllowed) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                byte[] v4 = parseV4(s, 0, s.length());
                return v4 == null ? null : mapped(v4);
            }
            if (c == ':') {
                return parseV6(s, zoneAllowed);
            }
            if (c == '%') {
                return null;
            }
        }
        return null;
    }

    /** net.IP.IsLoopback: 127.0.0.0/8 (also IPv4-mapped) and ::1. */
    public static boolean isLoopback(byte[] ip) {
        if (isV4(ip)) {
            return ip[12] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[15] == 1;
    }

    /** True for an IPv4 (or IPv4-mapped) address: {@code IP.To4() != nil}. */
    public static boolean isV4(byte[] ip) {
        return Arrays.equals(ip, 0, 12, V4_IN_V6, 0, 12);
    }

    /** A NO_PROXY CIDR as net.ParseCIDR makes it: the masked network and the mask, each 4 or 16 bytes. */
    public record Cidr(byte[] network, byte[] mask) {
        /**
         * net.ParseCIDR: an IPv4 or IPv6 address (no zone), '/', decimal bits up to 32 or 128; null when Go rejects it.
         * The network is {@code ip.Mask(mask)}: an IPv4 CIDR keeps 4 bytes, an IPv6 one 16 (an IPv4-mapped
         * {@code ::ffff:10.0.0.0/104} stays IPv6 here and matches IPv4 hosts in {@link #contains}).
         */
        public static Cidr parse(String s) {
            int slash = s.indexOf('/');
            if (slash < 0) {
                return null;
            }
            String addr = s.substring(0, slash);
            String bits = s.substring(slash + 1);
            byte[] v4 = parseV4(addr, 0, addr.length());
            byte[] ip = v4 != null ? v4 : parseV6(addr, false);
            if (ip == null || bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int n = Integer.parseInt(bits);
            if (n > ip.length * 8) {
                return null;
            }
            byte[] mask = new byte[ip.length];
            for (int i = 0; i < n; i++) {
                mask[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
            byte[] net = new byte[ip.length];
            for (int i = 0; i < ip.length; i++) {
                net[i] = (byte) (ip[i] & mask[i]);
            }
            return new Cidr(net, mask);
        }

        /** IPNet.Contains: network and host both reduced to 4 bytes when they are IPv4 (networkNumberAndMask). */
        public boolean contains(byte[] host16) {
            byte[] nn = network;
            byte[] m = mask;
            if (nn.length == 16 && isV4(nn)) {
                nn = Arrays.copyOfRange(nn, 12, 16);
                m = Arrays.copyOfRange(m, 12, 16);
            }
            byte[] ip = isV4(host16) ? Arrays.copyOfRange(host16, 12, 16) : host16;
            if (ip.length != nn.length) {
                return false;
            }
            for (int i = 0; i < ip.length; i++) {
                if ((nn[i] & m[i]) != (ip[i] & m[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private static byte[] mapped(byte[] v4) {
        byte[] out = Arrays.copyOf(V4_IN_V6, 16);
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    /** netip parseIPv4Fields: four decimal fields 0-255, no leading zeros, no empty field. */
    private static byte[] parseV4(String s, int off, int end) {
        byte[] f = new byte[4];
        int val = 0;
        int pos = 0;
        int digits = 0;
        for (int i = off; i < end; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 1 && val == 0) {
                    return null;
                }
                val = val * 10 + (c - '0');
                digits++;
                if (val > 255) {
                    return null;
                }
            } else if (c == '.') {
                if (i == off || i == end - 1 || s.charAt(i - 1) == '.' || pos == 3) {
                    return null;
                }
                f[pos++] = (byte) val;
                val = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        if (pos < 3) {
            return null;
        }
        f[3] = (byte) val;
        return f;
    }

    /** netip parseIPv6: groups of up to 4 hex digits, one {@code ::}, an embedded IPv4 tail, an optional non-empty zone. */
    private static byte[] parseV6(String in, boolean zoneAllowed) {
        String s = in;
        int pct = s.indexOf('%');
        if (pct >= 0) {
            if (!zoneAllowed || pct == s.length() - 1) {
                return null;
            }
            s = s.substring(0, pct);
        }
        byte[] ip = new byte[16];
        int ellipsis = -1;
        int p = 0;
        if (s.startsWith("::")) {
            ellipsis = 0;
            p = 2;
            if (p == s.length()) {
                return ip;
            }
        }
        int i = 0;
        while (i < 16) {
            int off = p;
            int acc = 0;
            while (off < s.length() && Character.digit(s.charAt(off), 16) >= 0 && s.charAt(off) < 0x80) {
                acc = (acc << 4) + Character.digit(s.charAt(off), 16);
                off++;
                if (off - p > 4) {
                    return null;
                }
            }
            if (off == p) {
                return null;
            }
            if (off < s.length() && s.charAt(off) == '.') {
                if ((ellipsis < 0 && i != 12) || i + 4 > 16) {
                    return null;
                }
                byte[] v4 = parseV4(s, p, s.length());
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, ip, i, 4);
                i += 4;
                p = s.length();
                break;
            }
            ip[i] = (byte) (acc >> 8);
            ip[i + 1] = (byte) acc;
            i += 2;
            p = off;
            if (p == s.length()) {
                break;
            }
            if (s.charAt(p) != ':' || p + 1 == s.length()) {
                return null;
            }
            p++;
            if (s.charAt(p) == ':') {
                if (ellipsis >= 0) {
                    return null;
                }
                ellipsis = i;
                p++;
                if (p == s.length()) {
                    break;
                }
            }
        }
        if (p != s.length()) {
            return null;
        }
        if (i < 16) {
            if (ellipsis < 0) {
                return null;
            }
            int n = 16 - i;
            for (int j = i - 1; j >= ellipsis; j--) {
                ip[j + n] = ip[j];
            }
            Arrays.fill(ip, ellipsis, ellipsis + n, (byte) 0);
        } else if (ellipsis >= 0) {
            return null;
        }
        return ip;
    }
}
