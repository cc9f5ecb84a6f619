package io.proxyaudit.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Go's NO_PROXY matching (x/net/http/httpproxy/proxy.go {@code config.init}, {@code useProxy}; semantics
 * doc §1.5), plus a diagnosis of entries that look as if they should match but do not. The loopback and
 * {@code localhost} rules are the caller's ({@link GoProxySelector}).
 */
public final class GoNoProxy {
    /** {@code code} is a match kind when {@code matched}, a near-miss kind or null otherwise. */
    public record Result(boolean matched, ReasonCode code, String element) {
        static final Result NONE = new Result(false, null, null);
    }

    private GoNoProxy() {}

    /**
     * @param noProxy    the NO_PROXY value (null or empty: nothing matches)
     * @param host       request host as {@code url.Hostname()} gives it (no brackets)
     * @param port       request port (explicit, or 80/443 from the scheme: {@code canonicalAddr})
     * @param resolvedIp the address the name resolved to, when known (only used for the diagnosis)
     */
    public static Result evaluate(String noProxy, String host, int port, String resolvedIp) {
        if (noProxy == null || noProxy.isEmpty()) {
            return Result.NONE;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        String portText = Integer.toString(port);
        byte[] ip = IpLiteral.parse(h);
        List<String> elements = new ArrayList<>();
        for (String raw : noProxy.split(",", -1)) {
            String p = raw.trim().toLowerCase(Locale.ROOT);
            if (!p.isEmpty()) {
                elements.add(p);
            }
        }
        for (String p : elements) {
            if (p.equals("*")) {
                return new Result(true, ReasonCode.GO_NOPROXY_STAR, p);
            }
        }
        // IP matchers first (only for IP-literal hosts), then domain matchers (never for IP hosts: CVE-2025-22870)
        if (ip != null) {
            for (String p : elements) {
                Result r = matchIp(p, ip, portText);
                if (r != null) {
                    return r;
                }
            }
        } else {
            for (String p : elements) {
                Matcher m = Matcher.of(p);
                if (m != null && m.domain && m.matchesName(h) && (m.port.isEmpty() || m.port.equals(portText))) {
                    ReasonCode code = !m.port.isEmpty() ? ReasonCode.GO_NOPROXY_PORT
                            : h.equals(m.host.substring(1)) ? ReasonCode.GO_NOPROXY_DOMAIN
                            : ReasonCode.GO_NOPROXY_SUBDOMAIN;
                    return new Result(true, code, p);
                }
            }
        }
        return diagnose(elements, h, ip, portText, resolvedIp);
    }

    private static Result matchIp(String p, byte[] ip, String port) {
        int slash = p.indexOf('/');
        if (slash > 0) {
            byte[] net = IpLiteral.parse(p.substring(0, slash));
            String bitsText = p.substring(slash + 1);
            if (net != null && !bitsText.isEmpty() && bitsText.length() <= 3 && bitsText.chars().allMatch(Character::isDigit)
                    && Integer.parseInt(bitsText) <= net.length * 8) {
                return IpLiteral.inPrefix(ip, net, Integer.parseInt(bitsText))
                        ? new Result(true, ReasonCode.GO_NOPROXY_CIDR, p) : null;
            }
        }
        Matcher m = Matcher.of(p);
        if (m != null && !m.domain && IpLiteral.equal(m.ip, ip) && (m.port.isEmpty() || m.port.equals(port))) {
            return new Result(true, m.port.isEmpty() ? ReasonCode.GO_NOPROXY_IP : ReasonCode.GO_NOPROXY_PORT, p);
        }
        return null;
    }

    private static Result diagnose(List<String> elements, String h, byte[] ip, String port, String resolvedIp) {
        for (String p : elements) {
            if (p.indexOf(' ') >= 0 || p.indexOf('\t') >= 0) {
                for (String piece : p.split("[ \t]+")) {
                    if (!piece.isEmpty() && evaluate(piece, h, Integer.parseInt(port), null).matched()) {
                        return new Result(false, ReasonCode.GO_NOPROXY_NOMATCH_SPACE_SEPARATED, p);
                    }
                }
            }
        }
        if (ip == null) {
            for (String p : elements) {
                Matcher m = Matcher.of(p);
                if (m == null || !m.domain) {
                    continue;
                }
                if (m.matchesName(h) && !m.port.isEmpty() && !m.port.equals(port)) {
                    return new Result(false, ReasonCode.GO_NOPROXY_NOMATCH_PORT_MISMATCH, p);
                }
                if (!m.matchHost && h.equals(m.host.substring(1))) {
                    return new Result(false, ReasonCode.GO_NOPROXY_NOMATCH_LEADING_DOT_APEX, p);
                }
            }
        }
        for (String p : elements) {
            if (p.indexOf('*') >= 0 && !p.startsWith("*.") && globMatches(p, h)) {
                return new Result(false, ReasonCode.GO_NOPROXY_NOMATCH_GLOB, p);
            }
            if (p.startsWith("*.") && p.indexOf('*', 1) >= 0 && globMatches(p, h)) {
                return new Result(false, ReasonCode.GO_NOPROXY_NOMATCH_GLOB, p);
            }
        }
        byte[] resolved = IpLiteral.parse(resolvedIp);
        if (ip == null && resolved != null) {
            for (String p : elements) {
                if (matchIp(p, resolved, port) != null) {
                    return new Result(false, ReasonCode.GO_NOPROXY_NOMATCH_IP_VS_NAME, p);
                }
            }
        }
        return Result.NONE;
    }

    /** Shell-style {@code *} glob (what users mean by {@code 172.17.*}); for the diagnosis only. */
    private static boolean globMatches(String glob, String h) {
        String pat = glob;
        int colon = pat.lastIndexOf(':');
        if (colon > 0 && pat.indexOf(':') == colon) {
            pat = pat.substring(0, colon);
        }
        StringBuilder re = new StringBuilder();
        for (char c : pat.toCharArray()) {
            re.append(c == '*' ? ".*" : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return h.matches(re.toString());
    }

    /** One parsed non-CIDR element: an IP matcher or a domain matcher (host dot-prefixed). */
    private static final class Matcher {
        final boolean domain;
        final byte[] ip;
        final String host;
        final String port;
        final boolean matchHost;

        private Matcher(boolean domain, byte[] ip, String host, String port, boolean matchHost) {
            this.domain = domain;
            this.ip = ip;
            this.host = host;
            this.port = port;
            this.matchHost = matchHost;
        }

        static Matcher of(String p) {
            String phost = p;
            String pport = "";
            // net.SplitHostPort: "host:port" or "[v6]:port"; a bare IPv6 fails and stays whole
            int lastColon = p.lastIndexOf(':');
            if (p.startsWith("[")) {
                int close = p.indexOf(']');
                if (close > 0 && close + 1 < p.length() && p.charAt(close + 1) == ':') {
                    phost = p.substring(1, close);
                    pport = p.substring(close + 2);
                }
            } else if (lastColon >= 0 && p.indexOf(':') == lastColon) {
                phost = p.substring(0, lastColon);
                pport = p.substring(lastColon + 1);
                if (phost.isEmpty()) {
                    return null;
                }
            }
            byte[] ip = IpLiteral.parse(phost);
            if (ip != null) {
                return new Matcher(false, ip, null, pport, false);
            }
            if (phost.isEmpty()) {
                return null;
            }
            if (phost.startsWith("*.")) {
                phost = phost.substring(1);
            }
            boolean matchHost = false;
            if (phost.charAt(0) != '.') {
                matchHost = true;
                phost = "." + phost;
            }
            return new Matcher(true, null, phost, pport, matchHost);
        }

        boolean matchesName(String h) {
            return h.endsWith(host) || (matchHost && h.equals(host.substring(1)));
        }
    }
}
