package io.proxyaudit.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated configurations with a fixed seed: the eight proxy variables (unset, empty, or a value from pools that
 * hold the known traps: schemes in upper case, user with and without password, SOCKS kinds, IPv6 with a zone id,
 * default ports, a leading blank, unsupported schemes; NO_PROXY names, leading dots, globs, ports, IPs, CIDRs,
 * IPv4-mapped IPv6, blank-separated lists), git's {@code http.proxy} and {@code http.<url>.proxy} through
 * {@code GIT_CONFIG_COUNT}, and targets with names, IPv4, IPv6 (zone id, IPv4-mapped, long form) and localhost.
 * Every name resolves in the namespace through {@link WireHosts}.
 */
final class WireCases {
    static final long SEED = 17;

    private static final String[] PROXY_VARS = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};
    private static final String[] NO_PROXY_VARS = {"no_proxy", "NO_PROXY"};
    private static final String[] PROXIES = {
        "http://p1:3128", "http://p1:3128", "p2:8080", "http://p3:8080", "https://p3:8443", "https://p1",
        "socks5://p3:1080", "socks5h://p1:1080", "socks4://p2:1080", "socks4a://p3:1080", "socks://p2:1080",
        "http://user:pw@p1:3128", "http://user@p2:8080", "http://user:@p3:3128", "socks5h://user:pw@p2:1080",
        "HTTP://p1:8080", "HTTPS://p2:443", "SOCKS5H://p3:1080", "Http://p2:3128", "http://127.0.0.14:3128",
        "http://[fd00::a2]:8080", "http://proxy6:3128", "http://p1", "p3", "socks5://p2", "ftp://p1:3128",
        " http://p2:3128", "http://p1:3128/", "http://p2:8080/path", "http://[fd00::a2%25lo]:3128",
        "http://p1:abc", "ftp.p1:3128", "http://p2:3128 ",
    };
    private static final String[] NO_PROXIES = {
        "example.com", ".example.com", "*.example.com", "*", "example.com:443", "www.example.com", "EXAMPLE.COM",
        "example.com.", "corp.example", "git.corp.example,example.com", "other.test example.com",
        "other.test, example.com", "10.0.0.0/8", "10.1.2.3", "10.1.0.0/16", "2.3", "fd00::5", "fd00::/16",
        "[fd00::5]", "::ffff:10.1.2.3", "::ffff:10.0.0.0/104", "localhost", "127.0.0.1", "127.0.0.0/8", "::1",
        "fe80::5", "fe80::5%lo", "notexample.com", "*,example.com", "p1", "10.1.2.3/32", ".corp.example",
        "sub.git.corp.example", "v6.example.com", "fd00::b1", "fd00:0:0:0:0:0:0:5", "ample.com",
    };
    private static final String[] HOSTS = {
        "example.com", "example.com", "www.example.com", "git.corp.example", "sub.git.corp.example", "notexample.com",
        "v6.example.com", "EXAMPLE.COM", "example.com.", "10.1.2.3", "10.1.2.3", "10.20.0.7", "[fd00::5]",
        "[fd00:0:0:0:0:0:0:5]", "[::ffff:10.1.2.3]", "[fe80::5%25lo]", "localhost", "127.0.0.1", "127.0.0.2",
        "[::1]", "LOCALHOST",
    };

    private WireCases() {}

    /** {@code n} cases for {@code program} ({@code curl} or {@code git}), the same list for the same arguments. */
    static List<WireCase> generate(String program, int n) {
        Random rnd = new Random(SEED * 31 + program.hashCode());
        List<WireCase> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Map<String, String> env = new LinkedHashMap<>();
            for (String v : PROXY_VARS) {
                double r = rnd.nextDouble();
                if (r < 0.12) {
                    env.put(v, "");
                } else if (r < 0.42) {
                    env.put(v, pick(rnd, PROXIES));
                }
            }
            for (String v : NO_PROXY_VARS) {
                double r = rnd.nextDouble();
                if (r < 0.08) {
                    env.put(v, "");
                } else if (r < 0.38) {
                    env.put(v, pick(rnd, NO_PROXIES));
                }
            }
            String url = url(rnd, program);
            if (program.equals("git") && rnd.nextDouble() < 0.3) {
                gitConfig(rnd, env, url);
            }
            out.add(new WireCase(String.format("%s%04d", program.charAt(0), i), program, env, url));
        }
        return out;
    }

    private static String url(Random rnd, String program) {
        double s = rnd.nextDouble();
        String scheme = s < 0.5 ? "https" : s < 0.92 ? "http" : s < 0.96 ? "HTTPS" : "Http";
        boolean tls = scheme.equalsIgnoreCase("https");
        String host = pick(rnd, HOSTS);
        double p = rnd.nextDouble();
        String port = p < 0.75 ? "" : p < 0.85 ? (tls ? ":443" : ":80") : (tls ? ":8443" : ":8080");
        return scheme + "://" + host + port + (program.equals("git") ? "/r.git" : "/r");
    }

    /** git settings as a CI job passes them: {@code GIT_CONFIG_COUNT} and numbered key/value pairs. */
    private static void gitConfig(Random rnd, Map<String, String> env, String url) {
        double r = rnd.nextDouble();
        String key;
        if (r < 0.45) {
            key = "http.proxy";
        } else if (r < 0.6) {
            key = "HTTP.Proxy";
        } else {
            int slash = url.indexOf('/', url.indexOf("://") + 3);
            String base = r < 0.85 ? url.substring(0, slash) : "https://other.example";
            key = "http." + base + ".proxy";
        }
        env.put("GIT_CONFIG_COUNT", "1");
        env.put("GIT_CONFIG_KEY_0", key);
        env.put("GIT_CONFIG_VALUE_0", rnd.nextDouble() < 0.15 ? "" : pick(rnd, PROXIES));
    }

    private static String pick(Random rnd, String[] pool) {
        return pool[rnd.nextInt(pool.length)];
    }
}
