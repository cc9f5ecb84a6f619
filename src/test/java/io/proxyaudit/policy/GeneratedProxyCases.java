package io.proxyaudit.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated proxy configurations and request URLs for the differential tests against the real programs (issue 17
 * point 6): with a fixed seed, the same cases on every run and machine. Each case is an environment (the proxy
 * variables in upper and lower case, unset, empty or set; NO_PROXY lists; REQUEST_METHOD) and the URLs asked under
 * it. Values mix the forms real jobs carry and the ones the programs disagree on: with and without scheme, blanks,
 * user:pass@, socks5/socks5h/https/ftp/garbage schemes, ports, IPv6 literals with and without zone, IPv4-mapped
 * addresses; NO_PROXY with *, .domain, domain, *.domain, IPs, CIDRs (v4, v6, mapped), ports and spaces; targets
 * http and https to names, IP literals, ports, localhost and loopback.
 */
public final class GeneratedProxyCases {
    /** The seed every differential test uses. */
    public static final long SEED = 17_0006L;

    /** One environment and the URLs asked under it; {@code env} keeps insertion order, "" is set-but-empty. */
    public record ProxyCase(int id, Map<String, String> env, List<String> urls) {
        /** {@code K=V;K=V} with values quoted when they hold blanks or are empty (for messages and pattern files). */
        public String envText() {
            StringBuilder sb = new StringBuilder();
            env.forEach((k, v) -> {
                if (sb.length() > 0) {
                    sb.append(';');
                }
                sb.append(k).append('=');
                sb.append(v.isEmpty() || v.chars().anyMatch(c -> c <= ' ' || c == ';' || c == '\'') ? "'" + v + "'" : v);
            });
            return sb.toString();
        }
    }

    private static final String[] PROXY_VARS = {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"};
    private static final String[] SCHEMES = {"http://", "http://", "http://", "", "", "https://", "socks5://", "socks5h://",
        "ftp://", "HTTP://", "Https://", "garbage+x://", "socks4://", "http:/", "http:"};
    private static final String[] USERINFO = {"", "", "", "", "user@", "user:pass@", "us%40er:p%3Ass@", ":pass@", "user:@",
        "u ser:pass@", "user:pa%zzss@"};
    private static final String[] PROXY_HOSTS = {"p", "p", "proxy.corp", "proxy.corp", "10.0.0.1", "127.0.0.1", "[fe80::1]",
        "[fe80::1%25eth0]", "[::ffff:10.0.0.1]", "[::1]", "::1", "[10.0.0.1]", "p_x.corp", "", "ü.corp", "p%41"};
    private static final String[] PORTS = {"", ":3128", ":3128", ":8080", ":1080", ":0", ":65536", ":abc", ":", ":443"};
    private static final String[] PATHS = {"", "", "", "/", "/x", "?q=1", "#f"};
    private static final String[] BLANKS = {"", "", "", "", "", " ", "\t"};
    private static final String[] ODD_PROXY_VALUES = {"direct", "off", "*", "http://", "://p:3128", "p 3128", "%zz",
        "http://p:3128 ", " http://p:3128", "http://p:3128,http://q:3128", ":3128", "//p:3128", "/p", "p:3128/", "http://[::1"};
    private static final String[] NO_PROXY_ELEMENTS = {"*", ".example.com", "example.com", "*.example.com", "example.com:443",
        "example.com:8443", ".example.com:443", "EXAMPLE.COM", "ample.com", "sub.example.com", "2.3", "1.2.3", ".2.3",
        "10.1.2.3", "10.1.2.3:443", "10.1.2.3:8443", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.3/32", "1.2.3.4/33",
        "172.17.*", "*.2.3", "fd00::/8", "::ffff:10.0.0.0/104", "::ffff:10.1.2.3", "[::ffff:10.1.2.3]:443", "fe80::1",
        "[fe80::1]:8443", "[fe80::1]", "fe80::1%eth0", ".eth0", "eth0", "::1", "localhost", "127.0.0.1", "192.168.0.0/16",
        "example.com.", "*example.com", "[10.1.2.3]:443", ":443", "notexample.com", "bücher.example", "xn--bcher-kva.example"};
    private static final String[] NO_PROXY_SEPARATORS = {",", ",", ",", ", ", " ", " , ", ",,"};
    private static final String[] TARGET_HOSTS = {"example.com", "sub.example.com", "notexample.com", "EXAMPLE.com",
        "example.com.", "other.org", "10.1.2.3", "10.9.9.9", "172.17.0.8", "192.168.2.3", "[::ffff:10.1.2.3]",
        "[fd00::1]", "[fe80::1]", "[fe80::1%25eth0]", "[fe80::1%25.example.com]", "[::ffff:127.0.0.1]", "localhost",
        "LOCALHOST", "localhost.", "127.0.0.2", "[::1]", "[::1%25lo]", "bücher.example", "xn--bcher-kva.example"};
    private static final String[] TARGET_PORTS = {"", "", "", ":443", ":80", ":8443", ":3128"};

    private GeneratedProxyCases() {}

    /** {@code count} cases from {@code seed}, each with {@code urlsPerCase} URLs. */
    public static List<ProxyCase> generate(long seed, int count, int urlsPerCase) {
        Random r = new Random(seed);
        List<ProxyCase> out = new ArrayList<>(count);
        for (int id = 0; id < count; id++) {
            Map<String, String> env = new LinkedHashMap<>();
            for (String v : PROXY_VARS) {
                int roll = r.nextInt(100);
                boolean main = v.equalsIgnoreCase("HTTPS_PROXY") || v.equalsIgnoreCase("HTTP_PROXY");
                if (roll < (main ? 40 : 12)) {
                    env.put(v, proxyValue(r));
                } else if (roll < (main ? 50 : 16)) {
                    env.put(v, "");
                }
            }
            for (String v : new String[] {"NO_PROXY", "no_proxy"}) {
                int roll = r.nextInt(100);
                if (roll < 35) {
                    env.put(v, noProxyValue(r));
                } else if (roll < 40) {
                    env.put(v, "");
                }
            }
            int cgi = r.nextInt(100);
            if (cgi < 8) {
                env.put("REQUEST_METHOD", "GET");
            } else if (cgi < 10) {
                env.put("REQUEST_METHOD", "");
            } else if (cgi < 11) {
                env.put("request_method", "GET");
            }
            List<String> urls = new ArrayList<>(urlsPerCase);
            for (int i = 0; i < urlsPerCase; i++) {
                urls.add(targetUrl(r));
            }
            out.add(new ProxyCase(id, env, urls));
        }
        return out;
    }

    private static String proxyValue(Random r) {
        if (r.nextInt(100) < 12) {
            return pick(r, ODD_PROXY_VALUES);
        }
        return pick(r, BLANKS) + pick(r, SCHEMES) + pick(r, USERINFO) + pick(r, PROXY_HOSTS) + pick(r, PORTS)
                + pick(r, PATHS) + pick(r, BLANKS);
    }

    private static String noProxyValue(Random r) {
        int n = 1 + r.nextInt(3);
        StringBuilder sb = new StringBuilder(pick(r, BLANKS));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(pick(r, NO_PROXY_SEPARATORS));
            }
            sb.append(pick(r, NO_PROXY_ELEMENTS));
        }
        return sb.append(pick(r, BLANKS)).toString();
    }

    private static String targetUrl(Random r) {
        String scheme = r.nextInt(100) < 60 ? "https" : "http";
        return scheme + "://" + pick(r, TARGET_HOSTS) + pick(r, TARGET_PORTS) + "/r";
    }

    private static String pick(Random r, String[] from) {
        return from[r.nextInt(from.length)];
    }
}
