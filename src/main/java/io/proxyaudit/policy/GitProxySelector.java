package io.proxyaudit.policy;

import java.util.Locale;
import java.util.Map;

/**
 * git's choice of proxy for a remote URL (git http.c {@code get_curl_handle}, connect.c; semantics doc
 * §3.1-3.2), with libcurl's NO_PROXY rules ({@link CurlNoProxy}). Order: {@code url.<base>.insteadOf}
 * rewrite; ssh and git:// transports ignore proxy variables; {@code http.<url>.proxy} (longest match) or
 * {@code http.proxy}; else for https {@code HTTPS_PROXY} then {@code https_proxy}, for http
 * {@code http_proxy} only, then {@code ALL_PROXY}/{@code all_proxy}: a variable that is set, even to the
 * empty string, overrides the one before it, so lower case wins and an empty value disables the proxy.
 *
 * <p>git settings are read from config keys {@code git.http.proxy}, {@code git.http.<url>.proxy},
 * {@code git.url.<base>.insteadOf} (see {@link ProxyConfig}).
 */
public final class GitProxySelector {
    private final ProxyConfig config;

    public GitProxySelector(ProxyConfig config) {
        this.config = config;
    }

    /** The URL after git's {@code url.<base>.insteadOf} rewriting (longest matching prefix wins). */
    public String rewrite(String url) {
        String bestBase = null;
        String bestPrefix = "";
        for (Map.Entry<String, ProxyConfig.Value> e : config.values().entrySet()) {
            String k = e.getKey();
            if (!k.startsWith("git.url.") || !k.toLowerCase(Locale.ROOT).endsWith(".insteadof")) {
                continue;
            }
            String base = k.substring("git.url.".length(), k.length() - ".insteadof".length());
            String prefix = e.getValue().raw();
            if (!prefix.isEmpty() && url.startsWith(prefix) && prefix.length() > bestPrefix.length()) {
                bestPrefix = prefix;
                bestBase = base;
            }
        }
        return bestBase == null ? url : bestBase + url.substring(bestPrefix.length());
    }

    /** The insteadOf key that rewrote {@code url}, or null. */
    public String rewriteKey(String url) {
        String rewritten = rewrite(url);
        if (rewritten.equals(url)) {
            return null;
        }
        for (Map.Entry<String, ProxyConfig.Value> e : config.values().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("git.url.") && k.toLowerCase(Locale.ROOT).endsWith(".insteadof")
                    && url.startsWith(e.getValue().raw())
                    && rewritten.startsWith(k.substring(8, k.length() - 10))) {
                return k.substring(4);
            }
        }
        return null;
    }

    /** The route for a remote URL as cmd/go passes it to git: {@code insteadOf} rewriting applies first. */
    public RouteDecision decide(String remoteUrl) {
        String url = rewrite(remoteUrl);
        String rewrittenNote = url.equals(remoteUrl) ? "" : " (" + Redaction.redact(remoteUrl) + " is rewritten to "
                + Redaction.redact(url) + " by " + rewriteKey(remoteUrl) + ")";
        return decideEffective(url, rewrittenNote, false);
    }

    /**
     * The route for the URL git actually connected to (no rewriting; a connection seen in a capture): git got past
     * any proxy password prompt (a terminal or a credential helper answered it), so that is no error here.
     */
    public RouteDecision decideEffective(String url) {
        return decideEffective(url, "", true);
    }

    private RouteDecision decideEffective(String url, String rewrittenNote, boolean connected) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ssh://") || lower.startsWith("git+ssh://") || lower.startsWith("ssh+git://") || isScpLike(url)) {
            return RouteDecision.direct(ReasonCode.GIT_SSH_TRANSPORT, "ssh transport ignores proxy variables; only ssh's own"
                    + " ProxyCommand/ProxyJump can route it" + rewrittenNote);
        }
        if (lower.startsWith("git://")) {
            return RouteDecision.direct(ReasonCode.GIT_DAEMON_TRANSPORT, "git:// ignores proxy variables; only core.gitProxy"
                    + " or GIT_PROXY_COMMAND apply" + rewrittenNote);
        }
        int sep = lower.indexOf("://");
        String scheme = sep > 0 ? lower.substring(0, sep) : "";
        if ((scheme.equals("http") || scheme.equals("https")) && !url.startsWith(scheme)) {
            // transport.c transport_get: the scheme as written names the remote helper, so HTTPS:// looks for a
            // git-remote-HTTPS that does not exist (observed with git 2.39.5: no connection)
            return RouteDecision.error(ReasonCode.GIT_NO_TRANSPORT, "git matches the URL scheme case-sensitively: "
                    + url.substring(0, sep) + ":// is no transport git knows (it looks for the remote helper git-remote-"
                    + url.substring(0, sep) + "), so git fails before connecting; write " + scheme + "://" + rewrittenNote);
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return RouteDecision.direct(ReasonCode.GIT_HTTP_PROXY_UNSET, "git does not use an HTTP proxy for " + scheme
                    + " URLs" + rewrittenNote);
        }
        HostPort hp = HostPort.ofUrl(url);
        Setting setting = setting(scheme, hp, pathOf(url));
        String configKey = setting.key() != null && setting.key().startsWith("git.") ? setting.key() : null;
        String varName = configKey != null ? configKey.substring(4) : setting.key();
        String value = setting.value();
        ReasonCode code = setting.code();
        if (value == null) {
            if (scheme.equals("http") && config.nonEmpty("HTTP_PROXY") != null) {
                return RouteDecision.direct(ReasonCode.GIT_HTTP_LOWER_ONLY, "git ignores upper-case HTTP_PROXY: for http://"
                        + " it reads only lower-case http_proxy" + rewrittenNote);
            }
            if (scheme.equals("https") && (config.nonEmpty("HTTP_PROXY") != null || config.nonEmpty("http_proxy") != null)) {
                return RouteDecision.direct(ReasonCode.GIT_HTTPS_PROXY_UNSET, "only HTTP_PROXY/http_proxy is set and this is"
                        + " an https:// fetch: Go and curl use HTTPS_PROXY for https" + rewrittenNote);
            }
            return RouteDecision.direct(scheme.equals("https") ? ReasonCode.GIT_HTTPS_PROXY_UNSET : ReasonCode.GIT_HTTP_PROXY_UNSET,
                    "no http.proxy, " + (scheme.equals("https") ? "https_proxy/HTTPS_PROXY" : "http_proxy")
                            + " or all_proxy is set: git connects directly" + rewrittenNote);
        }
        if (value.isEmpty()) {
            return RouteDecision.direct(ReasonCode.GIT_HTTP_PROXY_EMPTY, varName + " is set to the empty string, which"
                    + (configKey != null ? " disables git's proxy, environment included" : " overrides the other proxy"
                    + " variables in git and disables the proxy") + rewrittenNote);
        }
        GitProxyValue gp = GitProxyValue.of(value);
        if (gp.promptsForPassword() && !connected) {
            return RouteDecision.error(ReasonCode.GIT_PROXY_PASSWORD_PROMPT, varName + "=" + Redaction.redact(value)
                    + " names a user without a password: git asks for the proxy password before connecting (http.c"
                    + " init_curl_proxy_auth); without a terminal or a credential helper, as in CI, the fetch dies"
                    + " there and makes no connection" + rewrittenNote);
        }
        if (gp.host().isEmpty()) {
            return RouteDecision.direct(ReasonCode.GIT_HTTP_PROXY_EMPTY, varName + "=" + Redaction.redact(value)
                    + " has an empty host, which git hands curl as an empty proxy: no proxy" + rewrittenNote);
        }
        CurlProxySelector.Parsed parsed = CurlProxySelector.parseProxy(gp.host(), gp.type());
        if (parsed.error() != null) {
            return RouteDecision.error(parsed.code(), varName + "=" + Redaction.redact(value) + ": git hands curl \""
                    + Redaction.redact(gp.host()) + "\" as the proxy, and " + parsed.error() + rewrittenNote);
        }
        ProxyUrl proxy = new ProxyUrl(parsed.proxy().scheme(), gp.user(), gp.hasUserInfo(), parsed.proxy().host(),
                parsed.proxy().port(), null);
        String schemeNote = gp.schemeNote();
        String noVar = null;
        for (String v : new String[] {"NO_PROXY", "no_proxy"}) {
            if (config.get(v) != null) {
                noVar = v;
            }
        }
        String host = CurlNoProxy.urlHost(hp.host());
        CurlNoProxy.Result np = CurlNoProxy.evaluate(noVar == null ? null : config.get(noVar), host, config.curlVersion());
        if (np.matched()) {
            return RouteDecision.direct(np.code(), noVar + " entry \"" + np.element() + "\" matches " + host
                    + " under curl's rules (curl " + config.curlVersion() + "), so git connects directly" + rewrittenNote);
        }
        String how = proxy.isSocks() ? "through SOCKS proxy" : scheme.equals("https") ? "with CONNECT through" : "through";
        String note = np.code() == null ? "" : "; note: " + noVar + " entry \"" + np.element() + "\" " + CurlNoProxy.nomatchWords(np.code());
        note += loopbackNote(host);
        String why = switch (code) {
            case GIT_HTTP_PROXY_CONFIG -> "git config " + varName + " applies";
            case GIT_HTTPS_ENV -> varName + " applies (git reads HTTPS_PROXY then https_proxy; lower case wins)";
            case GIT_ALL_PROXY -> varName + " applies (no scheme-specific proxy variable is set)";
            default -> varName + " applies";
        };
        return RouteDecision.proxy(proxy, np.code() == null ? code : np.code(), why + ": git fetches " + scheme + "://"
                + hp + " " + how + " " + proxy.redacted() + proxy.resolutionNote(hp.host(), true) + schemeNote + note
                + rewrittenNote);
    }

    /**
     * Unlike Go, libcurl 7.88 has no built-in loopback rule (lib/url.c {@code create_conn_helper_init_proxy}
     * consults only NO_PROXY through lib/noproxy.c {@code Curl_check_noproxy}): measured with curl 7.88.1 and git
     * 2.39.5 under {@code unshare -n}, https://localhost:1/, https://127.0.0.1:1/ and https://[::1]:1/ all went to the
     * proxy.
     */
    private static String loopbackNote(String host) {
        byte[] ip = IpLiteral.parse(host);
        return host.equalsIgnoreCase("localhost") || (ip != null && IpLiteral.isLoopback(ip))
                ? "; note: curl, unlike Go, has no loopback rule, so git sends " + host + " to the proxy too (NO_PROXY="
                        + host + " keeps it local)" : "";
    }

    /**
     * Where git takes the proxy of an http(s) URL from.
     *
     * @param key   {@code git.http.proxy} or {@code git.http.<url>.proxy}, an environment variable, or null (none set)
     * @param value its raw value ("" when set but empty), or null
     */
    private record Setting(String key, String value, ReasonCode code) {}

    private Setting setting(String scheme, HostPort hp, String path) {
        String configKey = matchHttpProxyKey(scheme, hp, path);
        if (configKey != null) {
            return new Setting(configKey, config.get(configKey), ReasonCode.GIT_HTTP_PROXY_CONFIG);
        }
        String varName = null;
        String value = null;
        ReasonCode code;
        if (scheme.equals("https")) {
            for (String v : new String[] {"HTTPS_PROXY", "https_proxy"}) {
                if (config.get(v) != null) {
                    varName = v;
                    value = config.get(v);
                }
            }
            code = ReasonCode.GIT_HTTPS_ENV;
        } else {
            if (config.get("http_proxy") != null) {
                varName = "http_proxy";
                value = config.get(varName);
            }
            code = ReasonCode.GIT_HTTP_LOWER_ONLY;
        }
        if (value == null) {
            for (String v : new String[] {"ALL_PROXY", "all_proxy"}) {
                if (config.get(v) != null) {
                    varName = v;
                    value = config.get(v);
                }
            }
            code = ReasonCode.GIT_ALL_PROXY;
        }
        return new Setting(varName, value, code);
    }

    /**
     * The setting git takes the proxy of an http(s) {@code url} from (after no rewriting): a git key as
     * {@code git.http.proxy} / {@code git.http.<url>.proxy}, or an environment variable name; null when none is set.
     */
    public String proxySetting(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        int sep = lower.indexOf("://");
        String scheme = sep > 0 ? lower.substring(0, sep) : "";
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return null;
        }
        return setting(scheme, HostPort.ofUrl(url), pathOf(url)).key();
    }

    /** scp-like {@code [user@]host:path}: a colon before any slash, no {@code ://} (git connect.c). */
    public static boolean isScpLike(String url) {
        if (url.contains("://")) {
            return false;
        }
        int colon = url.indexOf(':');
        int slash = url.indexOf('/');
        return colon > 0 && (slash < 0 || colon < slash);
    }

    /** Best {@code git.http.<url>.proxy} key for the URL (git urlmatch: longest path, exact host over *), else {@code git.http.proxy}. */
    private String matchHttpProxyKey(String scheme, HostPort hp, String path) {
        String best = null;
        int bestScore = -1;
        for (String k : hostCharsValid(hp.host()) ? config.values().keySet() : java.util.Set.<String>of()) {
            if (!k.startsWith("git.http.") || !k.toLowerCase(Locale.ROOT).endsWith(".proxy") || k.length() <= 15) {
                continue;
            }
            String pattern = k.substring("git.http.".length(), k.length() - ".proxy".length());
            if (pattern.isEmpty()) {
                continue;
            }
            int s = urlMatchScore(pattern, scheme, hp, path);
            if (s > bestScore) {
                bestScore = s;
                best = k;
            }
        }
        if (best != null) {
            return best;
        }
        return config.get("git.http.proxy") != null ? "git.http.proxy" : null;
    }

    /**
     * urlmatch.c {@code url_normalize}: a host with a character outside letters, digits and {@code .-_[:]} (a zone
     * id's {@code %}) makes the URL invalid, so no {@code http.<url>.*} setting applies to it.
     */
    private static boolean hostCharsValid(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c < 128 && Character.isLetterOrDigit(c)) && ".-_[:]".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int urlMatchScore(String pattern, String scheme, HostPort hp, String path) {
        int sep = pattern.indexOf("://");
        if (sep <= 0 || !pattern.substring(0, sep).equalsIgnoreCase(scheme)) {
            return -1;
        }
        HostPort php = HostPort.ofUrl(pattern);
        if (!hostCharsValid(php.host().replace("*", ""))) {
            return -1;
        }
        int ppt = php.port() >= 0 ? php.port() : scheme.equals("https") ? 443 : 80;
        int upt = hp.port() >= 0 ? hp.port() : scheme.equals("https") ? 443 : 80;
        if (ppt != upt) {
            return -1;
        }
        String[] pl = php.host().split("\\.", -1);
        String[] ul = hp.host().split("\\.", -1);
        if (pl.length != ul.length) {
            return -1;
        }
        boolean wildcard = false;
        for (int i = 0; i < pl.length; i++) {
            if (pl[i].equals("*")) {
                wildcard = true;
            } else if (!pl[i].equalsIgnoreCase(ul[i])) {
                return -1;
            }
        }
        String ppath = pathOf(pattern);
        if (ppath.endsWith("/")) {
            ppath = ppath.substring(0, ppath.length() - 1);
        }
        if (!ppath.isEmpty() && !(path.equals(ppath) || path.startsWith(ppath + "/"))) {
            return -1;
        }
        return ppath.length() * 2 + (wildcard ? 0 : 1);
    }

    private static String pathOf(String url) {
        int sep = url.indexOf("://");
        int slash = url.indexOf('/', sep < 0 ? 0 : sep + 3);
        if (slash < 0) {
            return "";
        }
        String p = url.substring(slash);
        int q = p.indexOf('?');
        return q >= 0 ? p.substring(0, q) : p;
    }
}
