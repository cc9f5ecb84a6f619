package io.proxyaudit.proto.socks;

import java.nio.charset.StandardCharsets;

/**
 * The client's side of SOCKS 4, 4a (the 4a extension note by Ying-Da Lee) and 5 (RFC 1928): the SOCKS5
 * greeting, the username/password sub-negotiation (RFC 1929, whose credentials are stepped over, never
 * kept), and the request; after the request the stream is a tunnel ({@link #HANDOFF}).
 */
public final class SocksClientFramer extends SocksFramer {
    private static final int MAX_NAME = 255;
    private static final int MAX_USERID = 512;

    private boolean greeted;

    public SocksClientFramer(SocksConnection connection, SocksEvents events) {
        super(connection, events);
    }

    /** True when {@code buf} may start a SOCKS 4 or 5 client stream (-1: cannot tell yet, 0: no, 1: yes). */
    public static int sniff(byte[] buf, int off, int len) {
        int v = buf[off] & 0xff;
        if (v == 5) {
            if (len < 2) {
                return -1;
            }
            int n = buf[off + 1] & 0xff;
            if (n == 0 || n > 16) {
                return 0; // real clients offer one to a few methods
            }
            if (len < 2 + n) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                int m = buf[off + 2 + i] & 0xff;
                if (m > 0x09 && m < 0x80) {
                    return 0; // IANA has assigned 0x00-0x09; 0x80-0xfe are private
                }
            }
            return len == 2 + n || (buf[off + 2 + n] & 0xff) == 5 || (buf[off + 2 + n] & 0xff) == 1 ? 1 : 0;
        }
        if (v == 4) {
            if (len < 9) {
                return -1;
            }
            int cmd = buf[off + 1] & 0xff;
            return cmd == 1 || cmd == 2 ? 1 : 0;
        }
        return 0;
    }

    /** One message; returns the bytes it took, 0 when more are needed. */
    @Override
    int step(byte[] buf, int off, int len) {
        int v = buf[off] & 0xff;
        if (!greeted && v == 4) {
            return socks4(buf, off, len);
        }
        if (!greeted) {
            return greeting(buf, off, len);
        }
        if (v == 1 && connection.offeredUserPassword) {
            return userPassword(buf, off, len);
        }
        if (v == 5) {
            return request5(buf, off, len);
        }
        malformed();
        return 0;
    }

    private int greeting(byte[] buf, int off, int len) {
        if (len < 2 || len < 2 + (buf[off + 1] & 0xff)) {
            return 0;
        }
        int n = buf[off + 1] & 0xff;
        connection.version = 5;
        for (int i = 0; i < n; i++) {
            if ((buf[off + 2 + i] & 0xff) == 2) {
                connection.offeredUserPassword = true;
            }
        }
        greeted = true;
        return 2 + n;
    }

    /** RFC 1929 §2: VER=1, ULEN, UNAME, PLEN, PASSWD; only the fact that they were sent is kept. */
    private int userPassword(byte[] buf, int off, int len) {
        if (len < 2) {
            return 0;
        }
        int ulen = buf[off + 1] & 0xff;
        if (len < 3 + ulen) {
            return 0;
        }
        int plen = buf[off + 2 + ulen] & 0xff;
        if (len < 3 + ulen + plen) {
            return 0;
        }
        connection.credentialsSent = true;
        return 3 + ulen + plen;
    }

    /** RFC 1928 §4: VER CMD RSV ATYP DST.ADDR DST.PORT. */
    private int request5(byte[] buf, int off, int len) {
        if (len < 5) {
            return 0;
        }
        int atyp = buf[off + 3] & 0xff;
        int addrLen;
        switch (atyp) {
            case 1 -> addrLen = 4;
            case 4 -> addrLen = 16;
            case 3 -> addrLen = 1 + (buf[off + 4] & 0xff);
            default -> {
                malformed();
                return 0;
            }
        }
        int total = 4 + addrLen + 2;
        if (len < total) {
            return 0;
        }
        String host = switch (atyp) {
            case 1 -> ipv4(buf, off + 4);
            case 4 -> ipv6(buf, off + 4);
            default -> name(buf, off + 5, addrLen - 1);
        };
        int port = ((buf[off + 4 + addrLen] & 0xff) << 8) | (buf[off + 5 + addrLen] & 0xff);
        String auth = connection.chosenMethod >= 0 ? SocksConnection.methodName(connection.chosenMethod)
                : connection.credentialsSent ? "username-password" : "none";
        events.onRequest(new SocksRequest("5", command(buf[off + 1] & 0xff), host, atyp == 3, port, auth,
                connection.credentialsSent));
        state = HANDOFF;
        return total;
    }

    /** SOCKS4: VN=4 CD DSTPORT DSTIP USERID NUL; 4a: DSTIP 0.0.0.x (x != 0) and the name after the user id. */
    private int socks4(byte[] buf, int off, int len) {
        connection.version = 4;
        int user = off + 8;
        int userEnd = indexOfNul(buf, user, Math.min(off + len, user + MAX_USERID + 1));
        if (userEnd < 0) {
            if (len > 8 + MAX_USERID) {
                malformed();
            }
            return 0;
        }
        boolean credentials = userEnd > user;
        int port = ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
        boolean socks4a = buf[off + 4] == 0 && buf[off + 5] == 0 && buf[off + 6] == 0 && buf[off + 7] != 0;
        int end = userEnd + 1;
        String host;
        if (socks4a) {
            int nameEnd = indexOfNul(buf, end, Math.min(off + len, end + MAX_NAME + 1));
            if (nameEnd < 0) {
                if (off + len - end > MAX_NAME) {
                    malformed();
                }
                return 0;
            }
            host = name(buf, end, nameEnd - end);
            end = nameEnd + 1;
        } else {
            host = ipv4(buf, off + 4);
        }
        greeted = true;
        connection.credentialsSent = credentials;
        events.onRequest(new SocksRequest(socks4a ? "4a" : "4", command(buf[off + 1] & 0xff), host, socks4a, port,
                credentials ? "userid" : "none", credentials));
        state = HANDOFF;
        return end - off;
    }

    private void malformed() {
        events.onMalformed();
        state = DONE;
    }

    private static String command(int cd) {
        return switch (cd) {
            case 1 -> "connect";
            case 2 -> "bind";
            case 3 -> "udp-associate";
            default -> String.format("0x%02x", cd);
        };
    }

    private static int indexOfNul(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String ipv4(byte[] b, int o) {
        return (b[o] & 0xff) + "." + (b[o + 1] & 0xff) + "." + (b[o + 2] & 0xff) + "." + (b[o + 3] & 0xff);
    }

    private static String ipv6(byte[] b, int o) {
        try {
            return java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, o, o + 16)).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes are always an address
        }
    }

    /** A target name as sent; bytes outside printable ASCII become '?' (the name is attacker-controlled). */
    private static String name(byte[] b, int o, int n) {
        byte[] c = java.util.Arrays.copyOfRange(b, o, o + n);
        for (int i = 0; i < c.length; i++) {
            if (c[i] < 0x21 || c[i] > 0x7e) {
                c[i] = '?';
            }
        }
        return new String(c, StandardCharsets.US_ASCII);
    }
}
