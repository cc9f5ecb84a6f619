package io.proxyaudit.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * libcurl's NO_PROXY check ({@code lib/noproxy.c Curl_check_noproxy}, later {@code lib/proxy.c}; semantics
 * doc §3.1): host name only, no ports; the whole value {@code *} bypasses everything; elements separated by
 * commas and blanks; leading and trailing dots ignored (so {@code .example.com} also matches example.com);
 * tail match on a label boundary, case-insensitive; IPv4 hosts compared as IP or CIDR since 7.86.0 (string
 * compare before), IPv6 hosts only since 8.18.0 (a name before, see {@link #evaluate}). Since 8.9.0 a
 * blank-only separation ends parsing (only the first element counts).
 */
public final class CurlNoProxy {
    /** Same shape as {@link GoNoProxy.Result}. */
    public record Result(boolean matched, ReasonCode code, String element) {
        static final Result NONE = new Result(false, null, null);
    }

    private CurlNoProxy() {}

    public static Result evaluate(String noProxy, String host, Version curl) {
        if (noProxy == null || noProxy.isEmpty()) {
            return Result.NONE;
        }
        if (noProxy.equals("*")) {
            return new Result(true, ReasonCode.CURL_NOPROXY_STAR_WHOLE, "*");
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        // libcurl hands the check the URL's host without brackets (lib/url.c parseurlandfillconn), so before curl
        // 8.18.0 (commit ff2aaed9ba "noproxy: fix ipv6 handling") an IPv6 host is compared as a name: fd00::5 matches
        // "fd00::5" but not "fd00::/16" or "[fd00::5]", and ::ffff:10.1.2.3 is no IPv4 address to "10.1.2.3".
        // From 8.18.0 IPv4 and IPv6 hosts are both compared as addresses (IPv4-mapped stays IPv6).
        boolean v6 = name.indexOf(':') >= 0;
        byte[] ip = IpLiteral.parse(name);
        if (ip != null && v6 && ip.length == 4) {
            ip = mapped(ip);
        }
        boolean ipCompare = ip != null && curl.atLeast(7, 86) && (!v6 || curl.atLeast(8, 18));
        if (ip == null && name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        List<String> consulted = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        boolean stop = false;
        int i = 0;
        String s = noProxy;
        while (i < s.length()) {
            while (i < s.length() && isBlank(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < s.length() && !isBlank(s.charAt(i)) && s.charAt(i) != ',') {
                i++;
            }
            String token = s.substring(start, i);
            if (!token.isEmpty()) {
                (stop ? ignored : consulted).add(token);
            }
            while (i < s.length() && isBlank(s.charAt(i))) {
                i++;
            }
            if (i < s.length() && s.charAt(i) != ',') {
                // blank-separated: curl ≥ 8.9.0 stops here (commit e78913e6b5), older curl goes on
                if (curl.atLeast(8, 9)) {
                    stop = true;
                }
                continue;
            }
            while (i < s.length() && s.charAt(i) == ',') {
                i++;
            }
        }
        for (String token : consulted) {
            ReasonCode code = match(token, name, ip, ipCompare);
            if (code != null) {
                return new Result(true, code, token);
            }
        }
        for (String token : ignored) {
            if (match(token, name, ip, ipCompare) != null) {
                return new Result(false, ReasonCode.CURL_NOPROXY_SPACE_AFTER_FIRST, token);
            }
        }
        for (String token : consulted) {
            String t = token.toLowerCase(Locale.ROOT);
            if (t.equals("*")) {
                return new Result(false, ReasonCode.CURL_NOPROXY_STAR_IN_LIST, token);
            }
            int colon = t.lastIndexOf(':');
            if (colon > 0 && t.indexOf(':') == colon && match(t.substring(0, colon), name, ip, ipCompare) != null) {
                return new Result(false, ReasonCode.CURL_NOPROXY_PORT, token);
            }
            if (t.startsWith("*.") && match(t.substring(2), name, ip, ipCompare) != null) {
                return new Result(false, ReasonCode.CURL_NOPROXY_GLOB, token);
            }
            if (t.indexOf('*') >= 0 && globMatches(t, name)) {
                return new Result(false, ReasonCode.CURL_NOPROXY_GLOB, token);
            }
        }
        return Result.NONE;
    }

    private static ReasonCode match(String token, String name, byte[] ip, boolean ipCompare) {
        if (ipCompare) {
            String check = token;
            int bits = 0;
            int slash = check.indexOf('/');
            if (slash >= 0) {
                String b = check.substring(slash + 1);
                bits = b.chars().allMatch(Character::isDigit) && !b.isEmpty() && b.length() <= 3 ? Integer.parseInt(b) : -1;
                check = check.substring(0, slash);
            }
            if (check.startsWith("[") && check.endsWith("]")) {
                check = check.substring(1, check.length() - 1);
            }
            byte[] net = IpLiteral.parse(check);
            if (net != null && net.length == 4 && check.indexOf(':') >= 0) {
                net = mapped(net);
            }
            if (net == null || net.length != ip.length || bits < 0) {
                return null;
            }
            int width = bits == 0 ? ip.length * 8 : bits; // Curl_cidr4_match: 0 bits means the whole address
            if (width > ip.length * 8) {
                return null;
            }
            if (IpLiteral.inPrefix(ip, net, width)) {
                return slash >= 0 ? ReasonCode.CURL_NOPROXY_CIDR : ReasonCode.CURL_NOPROXY_IP;
            }
            return null;
        }
        String t = token.toLowerCase(Locale.ROOT);
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.startsWith(".")) {
            t = t.substring(1);
        }
        if (t.isEmpty()) {
            return null;
        }
        if (t.length() == name.length()) {
            return t.equals(name) ? (ip != null ? ReasonCode.CURL_NOPROXY_IP : ReasonCode.CURL_NOPROXY_DOMAIN) : null;
        }
        if (t.length() < name.length() && name.charAt(name.length() - t.length() - 1) == '.' && name.endsWith(t)) {
            return ReasonCode.CURL_NOPROXY_DOMAIN;
        }
        return null;
    }

    /** The 16 bytes of an IPv4-mapped IPv6 address ({@link IpLiteral#parse} gives the IPv4 form). */
    private static byte[] mapped(byte[] v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4, 0, b, 12, 4);
        return b;
    }

    /**
     * The host of a URL as libcurl's URL parser hands it to the NO_PROXY check (lib/urlapi.c
     * {@code hostname_check}, lib/url.c {@code parseurlandfillconn}): brackets and the zone id ({@code %25eth0} or
     * {@code %eth0}) removed, an IPv6 literal rewritten by inet_ntop when that is shorter ({@code fd00:0:0::5} is
     * {@code fd00::5}).
     */
    public static String urlHost(String host) {
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.indexOf(':') < 0) {
            return h;
        }
        int zone = h.indexOf('%');
        if (zone >= 0) {
            h = h.substring(0, zone);
        }
        byte[] ip = IpLiteral.parse(h);
        if (ip == null) {
            return h;
        }
        String norm = ntop6(ip.length == 4 ? mapped(ip) : ip);
        return norm.length() < h.length() ? norm : h;
    }

    /** glibc / BIND {@code inet_ntop6}: the longest run of two or more zero words as ::, IPv4-mapped in dotted form. */
    static String ntop6(byte[] a) {
        int[] w = new int[8];
        for (int i = 0; i < 16; i++) {
            w[i / 2] |= (a[i] & 0xff) << ((1 - (i % 2)) << 3);
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (w[i] == 0) {
                if (curBase == -1) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase != -1) {
                if (bestBase == -1 || curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestBase != -1 && bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
                sb.append(a[12] & 0xff).append('.').append(a[13] & 0xff).append('.').append(a[14] & 0xff).append('.').append(a[15] & 0xff);
                return sb.toString();
            }
            sb.append(Integer.toHexString(w[i]));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }

    /** Plain words for a non-matching entry's code (the note beside a proxied route). */
    public static String nomatchWords(ReasonCode code) {
        return switch (code) {
            case CURL_NOPROXY_GLOB -> "is compared literally by curl (no globs), so it matches nothing";
            case CURL_NOPROXY_PORT -> "has a port; curl's NO_PROXY ignores entries with ports";
            case CURL_NOPROXY_SPACE_AFTER_FIRST -> "follows a blank; curl >= 8.9.0 stops reading NO_PROXY at a blank";
            case CURL_NOPROXY_STAR_IN_LIST -> "is *, which curl honours only as the whole value";
            default -> "does not match";
        };
    }

    private static boolean globMatches(String glob, String h) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            re.append(c == '*' ? ".*" : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return h.matches(re.toString());
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
