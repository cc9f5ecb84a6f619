package io.proxyaudit.policy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's choice of proxy from the environment (client-proxy-rules.md §1), in two flavours:
 * <ul>
 *   <li>{@link Flavor#URLLIB}: python/cpython Lib/urllib/request.py {@code ProxyHandler.proxy_open} with
 *       {@code getproxies_environment} and {@code proxy_bypass_environment} (what {@code getproxies}/{@code proxy_bypass}
 *       are on Linux);</li>
 *   <li>{@link Flavor#REQUESTS}: psf/requests src/requests/utils.py {@code get_environ_proxies} ({@code
 *       should_bypass_proxies}, then urllib's {@code getproxies}) and {@code select_proxy}, then the adapter's
 *       {@code prepend_scheme_if_needed} and urllib3's proxy managers (src/requests/adapters.py
 *       {@code proxy_manager_for}). pip vendors requests.</li>
 * </ul>
 * pip's own proxy (PIP_PROXY, pip.conf {@code proxy}) is {@link #decidePip}.
 */
public final class PythonProxySelector {
    /** Which library's rules. */
    public enum Flavor { URLLIB, REQUESTS }

    /** urllib3 util/url.py {@code _SCHEME_RE}: what parse_url takes as a scheme before it prepends {@code //}. */
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+\\-]*):");
    /** CPython Lib/urllib/parse.py {@code _splittype}. */
    private static final Pattern SPLIT_TYPE = Pattern.compile("([^/:]+):(.*)", Pattern.DOTALL);
    /** CPython Lib/urllib/parse.py {@code _splitport}. */
    private static final Pattern SPLIT_PORT = Pattern.compile("(.*):([0-9]*)", Pattern.DOTALL);

    private final ProxyConfig config;
    private final Flavor flavor;

    public PythonProxySelector(ProxyConfig config, Flavor flavor) {
        this.config = config;
        this.flavor = flavor;
    }

    /** The variable Python reads for {@code prefix} ({@code https}, {@code http}, {@code all}, {@code no}), or null. */
    public String variable(String prefix) {
        String lower = prefix + "_proxy";
        String upper = lower.toUpperCase(Locale.ROOT);
        // request.py getproxies_environment: pass 1 takes any case, pass 2 only lower-case names; a set-but-empty
        // lower-case variable deletes the entry, so lower case wins and "https_proxy=" hides HTTPS_PROXY
        if (config.get(lower) != null) {
            return config.get(lower).isEmpty() ? null : lower;
        }
        // CVE-2016-1000110: under CGI (REQUEST_METHOD set) pass 1's 'http' entry is dropped
        if (prefix.equals("http") && config.get("REQUEST_METHOD") != null) {
            return null;
        }
        return config.nonEmpty(upper) != null ? upper : null;
    }

    /** The proxy value this flavour takes for {@code scheme} before NO_PROXY is consulted, or null. */
    public String chosenValue(String scheme) {
        String var = variable(scheme);
        if (var == null && flavor == Flavor.REQUESTS) {
            var = variable("all");
        }
        return var == null ? null : config.get(var);
    }

    /**
     * The route for a request.
     *
     * @param scheme   {@code https} or {@code http}
     * @param host     host name or IP literal without brackets
     * @param port     the port, or -1 when the URL names none
     */
    public RouteDecision decide(String scheme, String host, int port) {
        String lib = flavor == Flavor.URLLIB ? "urllib.request" : "requests";
        String var = variable(scheme);
        boolean all = false;
        if (var == null && flavor == Flavor.REQUESTS) {
            var = variable("all"); // utils.py select_proxy: "scheme", then "all"
            all = var != null;
        }
        if (var == null) {
            return noVariable(scheme, lib);
        }
        RouteDecision exempt = flavor == Flavor.REQUESTS ? requestsBypass(host, port) : null;
        if (exempt == null) {
            exempt = urllibBypass(flavor == Flavor.REQUESTS ? host.toLowerCase(Locale.ROOT) : hostWithPort(host, port));
        }
        if (exempt != null) {
            return exempt;
        }
        String value = config.get(var);
        String why = var + " applies" + (all ? " (no " + scheme + "_proxy/" + scheme.toUpperCase(Locale.ROOT)
                + "_PROXY; requests falls back to all_proxy)" : "");
        return proxyRoute(value, var, why, scheme, lib);
    }

    /** The route of a proxy value {@code value} read from {@code source}; error when the library cannot use it. */
    RouteDecision proxyRoute(String value, String source, String why, String scheme, String lib) {
        ProxyUrl p = parse(value, scheme);
        if (p == null) {
            return RouteDecision.error(ReasonCode.PY_PROXY_INVALID, source + "=" + Redaction.redact(value) + ": " + lib
                    + (flavor == Flavor.URLLIB ? " cannot parse it (request.py _parse_proxy: no authority after scheme:)"
                    : " finds no proxy host or no proxy type it supports (http, https, socks4(a), socks5(h)) in it")
                    + ", so the request fails without connecting");
        }
        String socks = p.isSocks() && flavor == Flavor.REQUESTS ? " (SOCKS needs PySocks installed, else the request"
                + " fails with InvalidSchema)" : "";
        return RouteDecision.proxy(p, ReasonCode.PROXIED, why + ": " + lib + " fetches " + scheme + ":// "
                + (scheme.equals("https") ? "with CONNECT through " : "through ") + p.redacted() + socks);
    }

    private RouteDecision noVariable(String scheme, String lib) {
        String lower = scheme + "_proxy";
        String upper = lower.toUpperCase(Locale.ROOT);
        if ("".equals(config.get(lower)) && config.nonEmpty(upper) != null) {
            return RouteDecision.direct(ReasonCode.PY_PROXY_EMPTY, lower + " is set but empty: Python (request.py"
                    + " getproxies_environment) lets the lower-case variable win and an empty one deletes the entry, so "
                    + upper + " is ignored and " + lib + " connects directly");
        }
        if (scheme.equals("http") && config.nonEmpty("HTTP_PROXY") != null && config.get("REQUEST_METHOD") != null) {
            return RouteDecision.direct(ReasonCode.PY_CGI_REFUSED, "REQUEST_METHOD is set (CGI), so Python ignores"
                    + " upper-case HTTP_PROXY (request.py getproxies_environment, CVE-2016-1000110); only lower-case"
                    + " http_proxy would be used: " + lib + " connects directly");
        }
        String other = scheme.equals("https") ? firstOf("http_proxy", "HTTP_PROXY") : null;
        String allNote = flavor == Flavor.URLLIB && variable("all") != null ? "; urllib never uses all_proxy" : "";
        return RouteDecision.direct(scheme.equals("https") ? ReasonCode.PY_HTTPS_PROXY_UNSET : ReasonCode.PY_HTTP_PROXY_UNSET,
                "no " + lower + "/" + upper + (flavor == Flavor.REQUESTS ? " and no all_proxy/ALL_PROXY" : "")
                + " is set to a non-empty value" + (other != null ? " (" + other + " is set, but Python uses it for"
                + " http:// only)" : "") + allNote + ": " + lib + " connects directly");
    }

    private String firstOf(String... names) {
        for (String n : names) {
            if (config.nonEmpty(n) != null) {
                return n;
            }
        }
        return null;
    }

    /**
     * requests utils.py {@code should_bypass_proxies}' own matching: {@code no_proxy or NO_PROXY} (an empty lower-case
     * value falls through to upper case here), blanks removed; an IPv4 host against IPv4 CIDRs ({@code is_valid_cidr}:
     * /1 to /32) or by equality; a name by equality or dot-suffix, with and without the URL's explicit port.
     */
    private RouteDecision requestsBypass(String host, int port) {
        String var = firstOf("no_proxy", "NO_PROXY");
        if (var == null) {
            return null;
        }
        String hostname = host.toLowerCase(Locale.ROOT);
        for (String entry : config.get(var).replace(" ", "").split(",")) {
            if (entry.isEmpty()) {
                continue;
            }
            if (isIpv4(hostname)) {
                if (validCidr(entry)) {
                    if (inNetwork(hostname, entry)) {
                        return exempt(ReasonCode.PY_NOPROXY_CIDR, var, entry, host, "the CIDR contains the address");
                    }
                } else if (hostname.equals(entry)) {
                    return exempt(ReasonCode.PY_NOPROXY_IP, var, entry, host, "the address is listed");
                }
                continue;
            }
            String withPort = port > 0 ? hostname + ":" + port : hostname;
            String name = stripLeadingDots(entry);
            if (hostname.equals(name) || withPort.equals(name) || hostname.endsWith("." + name)
                    || withPort.endsWith("." + name)) {
                return exempt(ReasonCode.PY_NOPROXY_DOMAIN, var, entry, host, "exact or dot-suffix match");
            }
        }
        return null;
    }

    /**
     * request.py {@code proxy_bypass_environment}: the no_proxy entry of getproxies_environment (lower case wins, an
     * empty one deletes it); exactly {@code *} bypasses all; entries trimmed, leading dots dropped, compared
     * case-insensitively to the host with and without its port, exact or as a dot-suffix.
     */
    private RouteDecision urllibBypass(String host) {
        String var = variable("no");
        if (var == null) {
            return null;
        }
        String value = config.get(var);
        if (value.equals("*")) {
            return exempt(ReasonCode.PY_NOPROXY_STAR, var, "*", host, "'*' as the whole value bypasses every host");
        }
        String h = host.toLowerCase(Locale.ROOT);
        Matcher m = SPLIT_PORT.matcher(h);
        String hostOnly = m.matches() ? m.group(1) : h;
        for (String raw : value.split(",", -1)) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            name = stripLeadingDots(name).toLowerCase(Locale.ROOT);
            if (hostOnly.equals(name) || h.equals(name) || hostOnly.endsWith("." + name) || h.endsWith("." + name)) {
                return exempt(ReasonCode.PY_NOPROXY_DOMAIN, var, raw.strip(), host, "exact or dot-suffix match");
            }
        }
        return null;
    }

    private static String stripLeadingDots(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '.') {
            i++;
        }
        return s.substring(i);
    }

    private RouteDecision exempt(ReasonCode code, String var, String entry, String host, String how) {
        return RouteDecision.direct(code, var + " entry \"" + Redaction.redact(entry) + "\" matches " + host + " ("
                + how + "; " + (flavor == Flavor.REQUESTS ? "requests utils.py should_bypass_proxies"
                : "urllib request.py proxy_bypass_environment") + "), so Python connects directly");
    }

    /** The host as urllib's Request.host has it: with the port when the URL names one. */
    private static String hostWithPort(String host, int port) {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port > 0 ? h + ":" + port : h;
    }

    /** socket.inet_aton as requests' is_ipv4_address uses it: 1 to 4 dot-separated numbers (decimal, 0x, octal). */
    static boolean isIpv4(String s) {
        return inetAton(s) >= 0;
    }

    private static long inetAton(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return -1;
        }
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            try {
                if (p.startsWith("0x") || p.startsWith("0X")) {
                    v[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
                } else if (p.length() > 1 && p.startsWith("0")) {
                    v[i] = Long.parseLong(p.substring(1), 8);
                } else {
                    v[i] = Long.parseLong(p);
                }
            } catch (NumberFormatException e) {
                return -1;
            }
            if (v[i] < 0 || p.startsWith("+") || p.startsWith("-")) {
                return -1;
            }
        }
        long addr = 0;
        for (int i = 0; i < v.length - 1; i++) {
            if (v[i] > 255) {
                return -1;
            }
            addr = addr << 8 | v[i];
        }
        int rest = 4 - (v.length - 1);
        if (v[v.length - 1] >= 1L << (8 * rest)) {
            return -1;
        }
        return addr << (8 * rest) | v[v.length - 1];
    }

    /** utils.py {@code is_valid_cidr}: one '/', a mask 1..32, an inet_aton address. */
    private static boolean validCidr(String s) {
        int slash = s.indexOf('/');
        if (slash < 0 || s.indexOf('/', slash + 1) >= 0) {
            return false;
        }
        int mask;
        try {
            mask = Integer.parseInt(s.substring(slash + 1).strip());
        } catch (NumberFormatException e) {
            return false;
        }
        return mask >= 1 && mask <= 32 && isIpv4(s.substring(0, slash));
    }

    /** utils.py {@code address_in_network}. */
    private static boolean inNetwork(String ip, String net) {
        int slash = net.indexOf('/');
        int bits = Integer.parseInt(net.substring(slash + 1).strip());
        long mask = (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (inetAton(ip) & mask) == (inetAton(net.substring(0, slash)) & mask);
    }

    /**
     * The proxy a value names, or null when the library cannot use it. requests: adapters.py {@code
     * prepend_scheme_if_needed(proxy, "http")} (urllib3 parse_url takes a leading {@code letters:} as the scheme), no
     * host is InvalidProxyURL, and urllib3 accepts http, https (ProxyManager) and socks4(a)/socks5(h)
     * (SOCKSProxyManager). urllib: request.py {@code _parse_proxy}: {@code scheme:} not followed by {@code //} is an
     * error, a value without {@code scheme:/} is host:port and inherits the request's scheme.
     */
    public ProxyUrl parse(String value, String requestScheme) {
        if (flavor == Flavor.URLLIB) {
            // _splittype: "([^/:]+):(.*)"; what follows must be an authority or start with "//"
            Matcher t = SPLIT_TYPE.matcher(value);
            String rest = t.matches() ? t.group(2) : value;
            if (rest.startsWith("/") && !rest.startsWith("//")) {
                return null;
            }
            String scheme = t.matches() && rest.startsWith("/") ? t.group(1).toLowerCase(Locale.ROOT) : requestScheme;
            ProxyUrl p = ProxyUrl.parseCurl(rest.startsWith("//") ? scheme + ":" + rest : scheme + "://" + value);
            return p != null ? p : new ProxyUrl(scheme, null, false, value, -1, null);
        }
        Matcher m = SCHEME.matcher(value);
        boolean hasScheme = m.find();
        String scheme = hasScheme ? m.group(1).toLowerCase(Locale.ROOT) : "http";
        String rest = hasScheme ? value.substring(m.end()) : value;
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.matches("socks(4a?|5h?)")) {
            return null;
        }
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
        } else if (hasScheme || rest.startsWith("/")) {
            return null; // prepend_scheme_if_needed turns the path into "scheme:///path": no host
        }
        int end = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(c);
            end = i >= 0 ? Math.min(end, i) : end;
        }
        String authority = rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        String userinfo = at >= 0 ? authority.substring(0, at) : null;
        String hostPort = authority.substring(at + 1);
        String host;
        String port;
        // urllib3 util/url.py _HOST_PORT_RE: a bracketed IPv6 address or a reg-name without []:%-errors, then ":digits"
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0 || hostPort.substring(1, close).indexOf(':') < 0
                    || !(close == hostPort.length() - 1 || hostPort.startsWith(":", close + 1))) {
                return null;
            }
            host = hostPort.substring(1, close);
            port = close == hostPort.length() - 1 ? "" : hostPort.substring(close + 2);
        } else {
            int colon = hostPort.indexOf(':');
            host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            port = colon >= 0 ? hostPort.substring(colon + 1) : "";
            if (host.indexOf('[') >= 0 || host.indexOf(']') >= 0 || !host.matches("([^%]|%[0-9a-fA-F]{2})*")) {
                return null;
            }
        }
        if (host.isEmpty() || !port.matches("0*[0-9]{0,5}") || (!port.isEmpty() && Integer.parseInt(port) > 65535)) {
            return null; // no host: InvalidProxyURL; a bad port: LocationParseError
        }
        int colon = userinfo == null ? -1 : userinfo.indexOf(':');
        return new ProxyUrl(scheme, colon >= 0 ? userinfo.substring(0, colon) : null, userinfo != null,
                host.toLowerCase(Locale.ROOT), port.isEmpty() ? -1 : Integer.parseInt(port), null);
    }

    /**
     * pip's own proxy (pypa/pip src/pip/_internal/cli/index_command.py {@code _build_session}): {@code --proxy}
     * ({@link #PIP_COMMAND_LINE_PROXY}: optparse also takes {@code --prox}), else PIP_PROXY, else {@code proxy} in
     * pip.conf (configuration.py; command line > environment > files). A non-empty value becomes
     * {@code session.proxies} for http and https and wins over the environment's proxy variables: measured with
     * pip 23.0.1 (Debian) and 23.2.1 in a network namespace (PipProxyWireTest), and since pip 24.1 (commit
     * 5229322f) by {@code trust_env = False}. Null when pip has none, then requests' environment rules apply.
     */
    public RouteDecision decidePip(String scheme) {
        String key = config.nonEmpty(PIP_COMMAND_LINE_PROXY) != null ? PIP_COMMAND_LINE_PROXY
                : config.nonEmpty("PIP_PROXY") != null ? "PIP_PROXY" : config.nonEmpty("pip.proxy") != null ? "pip.proxy" : null;
        if (key == null) {
            return null;
        }
        String source = key.equals("pip.proxy") ? "proxy in pip.conf" : key.equals(PIP_COMMAND_LINE_PROXY)
                ? "pip's --proxy option" : key;
        return proxyRoute(config.get(key), source, source + " applies (pip's own proxy wins over the proxy"
                + " variables)", scheme, "pip");
    }

    /** The configuration key of pip's {@code --proxy} option, read from the process's arguments in a capture. */
    public static final String PIP_COMMAND_LINE_PROXY = "pip.--proxy";
}
