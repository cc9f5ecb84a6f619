package io.proxyaudit.policy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A proxy value as git reads it before libcurl sees it (git http.c {@code get_curl_handle}): the proxy type comes
 * from the value's prefix, compared case-sensitively ({@code socks5h}, {@code socks5}, {@code socks4a}, then any
 * {@code socks}, then {@code https}; anything else leaves curl's default, an HTTP proxy, so {@code HTTPS://p} and
 * {@code ftp://p} are HTTP proxies); the value (with {@code http://} prepended when it has no {@code ://}) is split
 * by credential.c {@code credential_from_url_1}, and only the percent-decoded host (with its port) goes to curl as
 * {@code CURLOPT_PROXY}. A user without a password makes git ask for one ({@code init_curl_proxy_auth}).
 *
 * @param type        the proxy type git sets: http, https, socks4, socks4a, socks5, socks5h
 * @param host        what git hands curl: {@code host[:port]}, percent-decoded
 * @param user        the user name when a password followed it, else null
 * @param hasUserInfo true when the value carried a user or a password
 * @param promptsForPassword true when a user name came without a password
 * @param schemeNote  words on a scheme git ignored, or ""
 */
record GitProxyValue(String type, String host, String user, boolean hasUserInfo, boolean promptsForPassword, String schemeNote) {

    static GitProxyValue of(String value) {
        String type;
        if (value.startsWith("socks5h")) {
            type = "socks5h";
        } else if (value.startsWith("socks5")) {
            type = "socks5";
        } else if (value.startsWith("socks4a")) {
            type = "socks4a";
        } else if (value.startsWith("socks")) {
            type = "socks4";
        } else if (value.startsWith("https")) {
            type = "https";
        } else {
            type = "http";
        }
        String url = value.contains("://") ? value : "http://" + value;
        int protoEnd = url.indexOf("://");
        String given = url.substring(0, protoEnd);
        String cp = url.substring(protoEnd + 3);
        int slash = firstOf(cp, "/?#");
        int at = cp.indexOf('@');
        int colon = cp.indexOf(':');
        String user = null;
        String password = null;
        String host;
        if (at < 0 || slash <= at) {
            host = cp.substring(0, slash);
        } else if (colon < 0 || at <= colon) {
            user = decode(cp.substring(0, at));
            host = cp.substring(at + 1, slash);
        } else {
            user = decode(cp.substring(0, colon));
            password = decode(cp.substring(colon + 1, at));
            host = cp.substring(at + 1, slash);
        }
        String note = "";
        if (value.contains("://") && !given.equals(type)) {
            note = " (git picks the proxy type from the value's start, case-sensitively, and hands curl only the host:"
                    + " " + given + ":// means " + type + ")";
        }
        return new GitProxyValue(type, decode(host), password != null ? user : null, user != null || password != null,
                user != null && password == null, note);
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    /** url.c url_decode_mem: %XX decoded, '+' kept, a malformed escape kept as written. */
    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
