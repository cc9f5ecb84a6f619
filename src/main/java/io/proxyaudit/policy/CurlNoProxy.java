package io.proxyaudit.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * libcurl's NO_PROXY check ({@code lib/noproxy.c Curl_check_noproxy}, later {@code lib/proxy.c}; semantics
 * doc §3.1): host name only, no ports; the whole value {@code *} bypasses everything; elements separated by
 * commas and blanks; leading and trailing dots ignored (so {@code .example.com} also matches example.com);
 * tail match on a label boundary, case-insensitive; IP hosts compared as IP or CIDR since 7.86.0 (string
 * compare before). Since 8.9.0 a blank-only separation ends parsing (only the first element counts).
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
        byte[] ip = IpLiteral.parse(name);
        // curl 7.88.1 (observed with git 2.39.5) detects only IPv4 literals; an IPv6 host (brackets already
        // removed) is compared as a name, so fd00::5 matches "fd00::5" but not "fd00::/8" or "[fd00::5]".
        // The release that compares IPv6 as addresses is taken to be 8.0 [unverified].
        boolean v6AsName = ip != null && ip.length == 16 && !curl.atLeast(8, 0);
        boolean ipCompare = ip != null && curl.atLeast(7, 86) && !v6AsName;
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
