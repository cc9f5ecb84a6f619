package io.proxyaudit.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP literal parsing without any name resolution (a string that is not a literal is never looked up).
 * IPv4 results are 4 bytes, IPv6 16 bytes; an IPv4-mapped IPv6 literal becomes its IPv4 form, as Go's
 * {@code net.IP.Equal} treats them alike.
 */
public final class IpLiteral {
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiteral() {}

    /** The address bytes, or null when {@code s} is not an IP literal (brackets not accepted). */
    public static byte[] parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return parseV4(s);
        }
        if (V6.matcher(s).matches()) {
            try {
                // a string with ':' is parsed as an IPv6 literal, never resolved
                return InetAddress.getByName(s).getAddress();
            } catch (UnknownHostException | IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * Dotted-decimal IPv4 with exactly four parts of one to three digits, no leading zero, each at most 255 (the
     * audit parses every flow's address: no regular expression here).
     */
    private static byte[] parseV4(String s) {
        int n = s.length();
        if (n < 7 || n > 15) {
            return null;
        }
        byte[] b = new byte[4];
        int i = 0;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= n || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
            int start = i;
            int v = 0;
            while (i < n && i - start < 4 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || (digits > 1 && s.charAt(start) == '0') || v > 255) {
                return null;
            }
            b[part] = (byte) v;
        }
        return i == n ? b : null;
    }

    /** Loopback as Go's IP.IsLoopback: 127.0.0.0/8 and ::1. */
    public static boolean isLoopback(byte[] ip) {
        if (ip.length == 4) {
            return ip[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[15] == 1;
    }

    /** True when {@code ip} lies in {@code net/bits} (same family only). */
    public static boolean inPrefix(byte[] ip, byte[] net, int bits) {
        if (ip.length != net.length || bits < 0 || bits > ip.length * 8) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (ip[i] != net[i]) {
                return false;
            }
        }
        int rem = bits % 8;
        if (rem == 0) {
            return true;
        }
        int mask = (0xff << (8 - rem)) & 0xff;
        return (ip[full] & mask) == (net[full] & mask);
    }

    public static boolean equal(byte[] a, byte[] b) {
        return java.util.Arrays.equals(a, b);
    }
}
