package io.proxyaudit.client;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ProxyUrl;
import io.proxyaudit.policy.Redaction;
import io.proxyaudit.policy.UndiciProxySelector;
import io.proxyaudit.policy.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The proxy a remediation recommends, redacted (put the password back), and one the client can use: a fix line
 * never repeats a value the client cannot use. A configured value with an unusable scheme ({@code ftp://x:1}) is
 * given as {@code http://x:1} ({@code socks5://} for a SOCKS scheme) and {@link #problem} says so; when nothing
 * usable is configured the URL is {@link Remedy#PLACEHOLDER}.
 *
 * @param url     the proxy URL to put in the fix
 * @param problem what was wrong with the configured value, in words, or null
 */
record SuggestedProxy(String url, String problem) {
    private static final String[] VARIABLES = {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"};

    /**
     * The last answer of one kind with its configuration: a capture's findings all ask under one configuration, and
     * parsing every proxy variable again per finding showed in the 1 GB profile. Compared by identity; the pair is
     * immutable, so threads auditing other captures at once only miss.
     */
    private static final class LastAnswer {
        private record Pair(ProxyConfig config, SuggestedProxy proxy) {}

        private volatile Pair last;

        SuggestedProxy get(ProxyConfig config, Function<ProxyConfig, SuggestedProxy> pick) {
            Pair p = last;
            if (p == null || p.config() != config) {
                p = new Pair(config, pick.apply(config));
                last = p;
            }
            return p.proxy();
        }
    }

    private static final LastAnswer GO = new LastAnswer();
    private static final LastAnswer CURL = new LastAnswer();

    /** For Go's net/http: http, https, socks5 (socks5h from Go 1.23), parsed as Go parses it (proxy.go parseProxy). */
    static SuggestedProxy forGo(ProxyConfig config) {
        return GO.get(config, SuggestedProxy::pickForGo);
    }

    private static SuggestedProxy pickForGo(ProxyConfig config) {
        Version go = config.goVersion();
        return pick(config, "Go", v -> {
            ProxyUrl p = ProxyUrl.parseGo(v, go);
            return p != null && p.goDialable() && p.goSupported(go) ? p : null;
        }, p -> p.goSupported(go), true);
    }

    /**
     * For git over libcurl: http, https, socks4(a), socks5(h) (git http.c set_curl_proxy_type), and not a user
     * without a password, for which git prompts (http.c init_curl_proxy_auth): in CI that fails.
     */
    static SuggestedProxy forCurl(ProxyConfig config) {
        return CURL.get(config, SuggestedProxy::pickForCurl);
    }

    private static SuggestedProxy pickForCurl(ProxyConfig config) {
        return pick(config, "curl", v -> {
            ProxyUrl p = ProxyUrl.parseCurl(v);
            return p != null && p.curlSupported() && !promptsForPassword(p) ? p : null;
        }, p -> p.curlSupported() && !promptsForPassword(p), true);
    }

    /**
     * For Node.js's fetch (undici's EnvHttpProxyAgent): http and https only, a SOCKS value is never repaired into an
     * HTTP one ({@link UndiciProxySelector#usable}).
     */
    static SuggestedProxy forUndici(ProxyConfig config) {
        return pick(config, "node", UndiciProxySelector::usable, p -> !p.isSocks(), false);
    }

    private static boolean promptsForPassword(ProxyUrl p) {
        return p.hasUserInfo() && p.user() == null;
    }

    private interface Parser {
        ProxyUrl usable(String value);
    }

    /** @param socks whether the client can use a SOCKS proxy at all (else a SOCKS value is not offered repaired) */
    private static SuggestedProxy pick(ProxyConfig config, String client, Parser parser, Predicate<ProxyUrl> supported,
                                       boolean socks) {
        List<String[]> candidates = new ArrayList<>(); // {name, value}
        for (String k : VARIABLES) {
            if (config.nonEmpty(k) != null) {
                candidates.add(new String[] {k, config.nonEmpty(k)});
            }
        }
        for (var e : config.values().entrySet()) {
            if (e.getKey().startsWith("git.") && e.getKey().toLowerCase(java.util.Locale.ROOT).endsWith(".proxy")
                    && !e.getValue().raw().isEmpty()) {
                candidates.add(new String[] {e.getKey().substring(4), e.getValue().raw()});
            }
        }
        for (String[] c : candidates) {
            ProxyUrl p = parser.usable(c[1]);
            if (p != null) {
                return new SuggestedProxy(p.redacted(), null);
            }
        }
        for (ProxyUrl p : config.extraProxies()) {
            if (supported.test(p)) {
                return new SuggestedProxy(p.redacted(), null);
            }
        }
        for (String[] c : candidates) {
            ProxyUrl p = ProxyUrl.parseCurl(c[1].strip()); // a stray blank is the commonest way to break a value
            if (p != null && !p.host().isEmpty() && p.port() >= 0 && (socks || !p.isSocks())) {
                if (promptsForPassword(p) && client.equals("curl")) {
                    ProxyUrl withPassword = new ProxyUrl(p.scheme(), "USER", true, p.host(), p.port(), null);
                    return new SuggestedProxy(withPassword.redacted(), c[0] + "=" + Redaction.redact(c[1]) + " has no"
                            + " password, so git asks for one, which fails without a terminal: put the user and password"
                            + " in place of USER:***");
                }
                String scheme = p.isSocks() ? "socks5" : "http";
                ProxyUrl repaired = new ProxyUrl(scheme, p.user(), p.hasUserInfo(), p.host(), p.port(), null);
                String hostPort = repaired.redacted().substring(scheme.length() + 3);
                return new SuggestedProxy(repaired.redacted(), c[0] + "=" + Redaction.redact(c[1]) + " cannot be used by "
                        + client + "; this assumes " + hostPort + " is " + (p.isSocks() ? "a SOCKS" : "an HTTP") + " proxy");
            }
        }
        String problem = candidates.isEmpty() ? null : "no configured proxy value can be used by " + client
                + ": put the proxy's host and port in place of PROXYHOST:PORT";
        return new SuggestedProxy(Remedy.PLACEHOLDER, problem);
    }

    /** {@code base} with the problem appended, the comment of a fix that sets this proxy. */
    String comment(String base) {
        if (problem == null) {
            return base;
        }
        return base == null ? problem : base + "; " + problem;
    }
}
