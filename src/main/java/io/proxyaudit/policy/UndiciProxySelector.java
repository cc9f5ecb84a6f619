package io.proxyaudit.policy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node.js's built-in {@code fetch} (client-proxy-rules.md §2.2). Without {@code NODE_USE_ENV_PROXY=1} (or
 * {@code --use-env-proxy} in NODE_OPTIONS) it ignores every proxy variable: nodejs/node doc/api/cli.md
 * {@code NODE_USE_ENV_PROXY} (added in v24.0.0 and v22.21.0; older releases ignore the variable too). With it, fetch
 * dispatches through undici's {@code EnvHttpProxyAgent} (nodejs/undici lib/dispatcher/env-http-proxy-agent.js at
 * 0bc7658d): constructor {@code http_proxy ?? HTTP_PROXY} and {@code https_proxy ?? HTTPS_PROXY} (lower case wins,
 * and a set-but-empty one masks the other case), https without an https proxy uses the http one;
 * {@code #parseNoProxy} {@code no_proxy ?? NO_PROXY} split on commas and blanks, {@code [v6]:port} or
 * {@code host:port}, leading {@code .} or {@code *.} and a trailing dot dropped; {@code #shouldProxy}: {@code *} as the
 * whole value never proxies, else an entry matches the host exactly or as a dot-suffix, with its port when given.
 */
public final class UndiciProxySelector {
    private static final Pattern V6_PORT = Pattern.compile("^\\[(.+)\\]:(\\d+)$");
    private static final Pattern HOST_PORT = Pattern.compile("^(.+):(\\d+)$");

    private final ProxyConfig config;

    public UndiciProxySelector(ProxyConfig config) {
        this.config = config;
    }

    /** True when NODE_USE_ENV_PROXY=1 or NODE_OPTIONS has --use-env-proxy. */
    public boolean envProxyOn() {
        String options = config.get("NODE_OPTIONS");
        return "1".equals(config.get("NODE_USE_ENV_PROXY")) || (options != null && options.contains("--use-env-proxy"));
    }

    /** {@code lower ?? UPPER}: the first one set, even empty. */
    private String coalesce(String lower) {
        return config.get(lower) != null ? lower : config.get(lower.toUpperCase(Locale.ROOT)) != null
                ? lower.toUpperCase(Locale.ROOT) : null;
    }

    public RouteDecision decide(String scheme, String host, int port) {
        if (!envProxyOn()) {
            return RouteDecision.direct(ReasonCode.NODE_ENV_PROXY_IGNORED, "Node.js's fetch and https ignore HTTPS_PROXY,"
                    + " HTTP_PROXY and NO_PROXY unless NODE_USE_ENV_PROXY=1 (Node >= 24 or 22.21; older releases ignore that"
                    + " too): node connects directly");
        }
        String httpVar = coalesce("http_proxy");
        String httpsVar = coalesce("https_proxy");
        String var = httpVar != null && !config.get(httpVar).isEmpty() ? httpVar : null;
        boolean fallback = false;
        if (scheme.equals("https")) {
            if (httpsVar != null && !config.get(httpsVar).isEmpty()) {
                var = httpsVar;
            } else {
                fallback = var != null;
            }
        }
        String noVar = coalesce("no_proxy");
        String hit = noVar == null ? null : noProxyMatch(config.get(noVar), host, port > 0 ? port
                : scheme.equals("https") ? 443 : 80);
        if (hit != null) {
            return RouteDecision.direct(ReasonCode.NODE_NOPROXY, noVar + " entry \"" + hit + "\" matches " + host
                    + " (undici EnvHttpProxyAgent), so node connects directly");
        }
        if (var == null) {
            return RouteDecision.direct(ReasonCode.NODE_PROXY_UNSET, "NODE_USE_ENV_PROXY is on, but no " + scheme
                    + "_proxy/" + scheme.toUpperCase(Locale.ROOT) + "_PROXY" + (scheme.equals("https") ? " or http_proxy/HTTP_PROXY" : "")
                    + " is set to a non-empty value (a set-but-empty lower-case one masks the upper-case one): node connects directly");
        }
        String value = config.get(var);
        ProxyUrl p = usable(value);
        if (p == null) {
            return RouteDecision.error(ReasonCode.NODE_PROXY_UNSET, var + "=" + Redaction.redact(value) + ": undici's"
                    + " ProxyAgent needs an http:// or https:// proxy URL, so the fetch fails without connecting");
        }
        return RouteDecision.proxy(p, ReasonCode.PROXIED, var + " applies" + (fallback ? " (no https_proxy/HTTPS_PROXY:"
                + " undici uses the http proxy for https too)" : "") + ": node fetches " + scheme + ":// "
                + (scheme.equals("https") ? "with CONNECT through " : "through ") + p.redacted());
    }

    /** The proxy undici's ProxyAgent can use from this value (http:// or https://, no SOCKS), or null. */
    public static ProxyUrl usable(String value) {
        ProxyUrl p = NpmProxySelector.parse(value);
        return p == null || p.isSocks() ? null : p;
    }

    /** The matching entry of NO_PROXY under {@code #parseNoProxy}/{@code #shouldProxy}, or null. */
    static String noProxyMatch(String value, String host, int port) {
        String hostname = host.toLowerCase(Locale.ROOT);
        if (hostname.length() > 1 && hostname.endsWith(".")) {
            hostname = hostname.substring(0, hostname.length() - 1);
        }
        boolean any = false;
        for (String entry : value.split("[,\\s]")) {
            if (entry.isEmpty()) {
                continue;
            }
            any = true;
            String name;
            int entryPort = 0;
            Matcher v6 = V6_PORT.matcher(entry);
            if (v6.matches()) {
                name = v6.group(1);
                entryPort = Integer.parseInt(v6.group(2).length() > 9 ? "0" : v6.group(2));
            } else {
                String unbracketed = entry.replaceFirst("^\\[(.+)\\]$", "$1");
                Matcher hp = unbracketed.chars().filter(c -> c == ':').count() == 1 ? HOST_PORT.matcher(unbracketed) : null;
                boolean split = hp != null && hp.matches();
                name = split ? hp.group(1) : unbracketed;
                entryPort = split ? Integer.parseInt(hp.group(2).length() > 9 ? "0" : hp.group(2)) : 0;
            }
            name = name.replaceFirst("^\\*?\\.", "").replaceFirst("^(.+)\\.$", "$1").toLowerCase(Locale.ROOT);
            if (entryPort != 0 && entryPort != port) {
                continue;
            }
            if (hostname.equals(name) || hostname.endsWith("." + name)) {
                return entry;
            }
        }
        return any && value.equals("*") ? "*" : null;
    }
}
