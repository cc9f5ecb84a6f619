package io.proxyaudit.policy;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * npm's choice of proxy (client-proxy-rules.md §2.1). The configuration: {@code https-proxy}, {@code proxy} and
 * {@code noproxy} from {@code npm_config_*} variables (npm/cli workspaces/config/lib/index.js {@code loadEnv}: any
 * case, an empty value skipped; the environment wins over .npmrc files) or .npmrc ({@code npm.<key>} entries);
 * npm-registry-fetch lib/index.js passes {@code httpsProxy || proxy} for every request. Then npm/agent lib/proxy.js
 * {@code getProxy}: without a configured proxy the environment read at load time (names lower-cased: {@code
 * https_proxy} for https, else {@code https_proxy || http_proxy || proxy}; of HTTPS_PROXY and https_proxy the one
 * later in the environment wins, taken here as the lower-case one), and {@code isNoProxy} with the configured
 * {@code noproxy}, else {@code no_proxy}; lib/index.js {@code getAgent} then builds the agent without {@code noProxy},
 * so lib/agents.js {@code #getProxy} checks the environment's no_proxy once more. The proxy must parse as a URL with
 * an http, https or socks scheme ({@code getProxyAgent}).
 */
public final class NpmProxySelector {
    /** socks-proxy-agent's protocols, and http-proxy-agent/https-proxy-agent's. */
    private static final Set<String> SCHEMES = Set.of("http", "https", "socks", "socks4", "socks4a", "socks5", "socks5h");
    private static final Pattern URL_SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");

    private final ProxyConfig config;

    public NpmProxySelector(ProxyConfig config) {
        this.config = config;
    }

    /** A configuration key's value and where it came from ({@code npm_config_https_proxy}, {@code https-proxy in .npmrc}), or null. */
    public String[] setting(String key) {
        String env = "npm_config_" + key.replace('-', '_');
        for (String name : new String[] {env, env.toUpperCase(Locale.ROOT)}) {
            if (config.nonEmpty(name) != null) {
                return new String[] {config.get(name), name};
            }
        }
        String file = config.nonEmpty("npm." + key);
        return file == null ? null : new String[] {file, key + " in .npmrc"};
    }

    /** The environment variable npm's PROXY_ENV holds for a lower-case name, or null (lower case taken as the later one). */
    private String envName(String lower) {
        String upper = lower.toUpperCase(Locale.ROOT);
        return config.get(lower) != null ? lower : config.get(upper) != null ? upper : null;
    }

    private String envValue(String lower) {
        String name = envName(lower);
        return name == null ? null : config.get(name);
    }

    public RouteDecision decide(String scheme, String host) {
        String[] configured = setting("https-proxy");
        if (configured == null) {
            configured = setting("proxy");
        }
        if (configured != null && configured[0].equalsIgnoreCase("false")) {
            configured = null; // proxy=false is falsy: getProxy falls back to the environment
        }
        String value;
        String source;
        if (configured != null) {
            value = configured[0];
            source = configured[1];
        } else {
            source = null;
            for (String name : scheme.equals("https") ? new String[] {"https_proxy"} : new String[] {"https_proxy", "http_proxy", "proxy"}) {
                String v = envValue(name);
                if (v != null && !v.isEmpty()) {
                    source = envName(name);
                    break;
                }
                if (v != null && scheme.equals("https")) {
                    source = envName(name); // set but empty: no proxy
                }
            }
            value = source == null ? null : config.get(source);
        }
        if (value == null || value.isEmpty()) {
            String why = source != null ? source + " is set but empty" : configured == null && envValue("http_proxy") != null
                    && scheme.equals("https") ? "for https:// npm reads only https-proxy/proxy from its configuration and"
                    + " https_proxy/HTTPS_PROXY from the environment; HTTP_PROXY is not used for https"
                    : "no https-proxy or proxy in npm's configuration and no " + (scheme.equals("https") ? "https_proxy/HTTPS_PROXY"
                    : "https_proxy, http_proxy or proxy") + " in the environment";
            return RouteDecision.direct(ReasonCode.NPM_PROXY_UNSET, why + ": npm connects directly");
        }
        String[] noProxy = setting("noproxy");
        String hit = noProxy == null ? null : noProxyMatch(noProxy[0], host);
        String hitSource = noProxy == null ? null : noProxy[1];
        if (noProxy == null && envValue("no_proxy") != null) {
            hit = noProxyMatch(envValue("no_proxy"), host);
            hitSource = envName("no_proxy");
        }
        if (hit != null) {
            return noProxyHit(hitSource, hit, host);
        }
        // getProxy returns new URL(proxy): a value without a scheme fails here, before the agent's second no_proxy
        // check; an unsupported scheme fails after it (getProxyAgent)
        ProxyUrl p = parse(value);
        if (p == null && !URL_SCHEME.matcher(value.strip()).find()) {
            return RouteDecision.error(ReasonCode.NPM_PROXY_INVALID, source + "=" + Redaction.redact(value) + ": not a URL"
                    + " with an http, https or socks scheme (new URL / getProxyAgent), so npm fails without connecting");
        }
        if (noProxy != null && envValue("no_proxy") != null && (hit = noProxyMatch(envValue("no_proxy"), host)) != null) {
            return noProxyHit(envName("no_proxy") + " (the agent checks the environment's again)", hit, host);
        }
        if (p == null) {
            return RouteDecision.error(ReasonCode.NPM_PROXY_INVALID, source + "=" + Redaction.redact(value) + ": not a URL"
                    + " with an http, https or socks scheme (getProxyAgent), so npm fails without connecting");
        }
        String starNote = noProxyHasStar(noProxy == null ? envValue("no_proxy") : noProxy[0])
                ? " (npm does not honour '*' in noproxy/NO_PROXY)" : "";
        return RouteDecision.proxy(p, ReasonCode.PROXIED, source + " applies: npm fetches " + scheme + ":// "
                + (scheme.equals("https") ? "with CONNECT through " : "through ") + p.redacted() + starNote);
    }

    private static RouteDecision noProxyHit(String source, String entry, String host) {
        return RouteDecision.direct(ReasonCode.NPM_NOPROXY_DOMAIN, source + " entry \"" + entry + "\" matches " + host
                + " label by label from the right (@npmcli/agent isNoProxy), so npm connects directly");
    }

    private static boolean noProxyHasStar(String list) {
        return list != null && list.contains("*");
    }

    /** proxy.js {@code isNoProxy}: comma list, trimmed; entry labels (empty ones dropped) equal the host's from the right. */
    static String noProxyMatch(String list, String host) {
        String hostname = host.indexOf(':') >= 0 ? "[" + host + "]" : host.toLowerCase(Locale.ROOT); // URL.hostname
        String[] hostLabels = hostname.split("\\.", -1);
        for (String raw : list.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            java.util.List<String> labels = new java.util.ArrayList<>();
            for (String l : entry.split("\\.", -1)) {
                if (!l.isEmpty()) {
                    labels.add(l);
                }
            }
            if (labels.isEmpty() || labels.size() > hostLabels.length) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labels.size() && all; i++) {
                all = hostLabels[hostLabels.length - 1 - i].equals(labels.get(labels.size() - 1 - i));
            }
            if (all) {
                return entry;
            }
        }
        return null;
    }

    /** WHATWG {@code new URL(value)} and {@code getProxyAgent}'s scheme check, approximately: null when npm fails. */
    static ProxyUrl parse(String value) {
        java.util.regex.Matcher m = URL_SCHEME.matcher(value.strip());
        if (!m.find() || !SCHEMES.contains(m.group(1).toLowerCase(Locale.ROOT))) {
            return null;
        }
        ProxyUrl p = ProxyUrl.parseCurl(value.strip());
        return p == null || p.host().isEmpty() ? null : p;
    }
}
