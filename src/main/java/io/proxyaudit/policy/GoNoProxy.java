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
     * Whether Go's vendored x/net has the CVE-2025-22870 fix (x/net cde1dda9, in Go 1.23.7 and 1.24.1, golang/go#71984):
     * {@code useProxy} parses the host with netip.ParseAddr (an IPv6 zone is part of an IP host) and
     * {@code domainMatch.match} never matches an IP host. Before it (Go 1.19 to 1.23.6 and 1.24.0) domain patterns
     * are a suffix test on any host, IP literals included: {@code NO_PROXY=2.3} exempts {@code 10.1.2.3}.
     */
    public static boolean cve2025_22870Fixed(Version go) {
        return go.atLeast(1, 25) || (go.minor() == 24 && go.patch() >= 1) || (go.minor() == 23 && go.patch() >= 7);
    }

    /**
     * x/net http/httpproxy/proxy.go {@code config.useProxy} after the localhost and loopback tests (the caller's):
     * the host lower-cased and trimmed; IP matchers only for an IP host; then domain matchers (for IP hosts too
     * before the CVE-2025-22870 fix, {@link #cve2025_22870Fixed}).
     *
     * @param noProxy    the NO_PROXY value (null or empty: nothing matches)
     * @param host       request host as {@code url.Hostname()} gives it (no brackets)
     * @param port       request port (explicit, or 80/443 from the scheme: {@code canonicalAddr})
     * @param resolvedIp the address the name resolved to, when known (only used for the diagnosis)
     * @param go         the Go release
     */
    public static Result evaluate(String noProxy, String host, int port, String resolvedIp, Version go) {
        if (noProxy == null || noProxy.isEmpty()) {
            return Result.NONE;
        }
        boolean fixed = cve2025_22870Fixed(go);
        String h = host.trim().toLowerCase(Locale.ROOT);
        String portText = Integer.toString(port);
        byte[] ip = GoIp.parse(host, fixed);
        List<String> elements = elements(noProxy);
        for (String p : elements) {
            if (p.equals("*")) {
                return new Result(true, ReasonCode.GO_NOPROXY_STAR, p);
            }
        }
        if (ip != null) {
            for (String p : elements) {
                Result r = matchIp(p, ip, portText);
                if (r != null) {
                    return r;
                }
            }
        }
        if (ip == null || !fixed) {
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
        return diagnose(elements, h, ip, portText, resolvedIp, go);
    }

    /**
     * proxy.go {@code idnaASCII}: ASCII text as it is, else {@code idna.Lookup.ToASCII} (punycode), the text unchanged
     * when that fails. Applied to NO_PROXY domain patterns ({@code config.init}) and the request host ({@code canonicalAddr}).
     */
    static String idnaAscii(String v) {
        if (isAscii(v)) {
            return v;
        }
        // label by label: Go's Lookup profile accepts the empty first label of a ".domain" pattern, java.net.IDN does not
        StringBuilder sb = new StringBuilder();
        for (String label : v.split("\\.", -1)) {
            try {
                sb.append(label.isEmpty() ? "" : java.net.IDN.toASCII(label, java.net.IDN.USE_STD3_ASCII_RULES)).append('.');
            } catch (IllegalArgumentException e) {
                return v;
            }
        }
        return sb.substring(0, sb.length() - 1);
    }

    private static boolean isAscii(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** proxy.go config.init: split on commas, each element trimmed and lower-cased, empty ones skipped. */
    private static List<String> elements(String noProxy) {
        List<String> elements = new ArrayList<>();
        for (String raw : noProxy.split(",", -1)) {
            String p = raw.trim().toLowerCase(Locale.ROOT);
            if (!p.isEmpty()) {
                elements.add(p);
            }
        }
        return elements;
    }

    /** proxy.go cidrMatch (net.ParseCIDR, IPNet.Contains: an IPv4-mapped CIDR holds IPv4 hosts) and ipMatch (IP.Equal). */
    private static Result matchIp(String p, byte[] ip, String port) {
        GoIp.Cidr cidr = GoIp.Cidr.parse(p);
        if (cidr != null) {
            return cidr.contains(ip) ? new Result(true, ReasonCode.GO_NOPROXY_CIDR, p) : null;
        }
        Matcher m = Matcher.of(p);
        if (m != null && !m.domain && java.util.Arrays.equals(m.ip, ip) && (m.port.isEmpty() || m.port.equals(port))) {
            return new Result(true, m.port.isEmpty() ? ReasonCode.GO_NOPROXY_IP : ReasonCode.GO_NOPROXY_PORT, p);
        }
        return null;
    }

    private static Result diagnose(List<String> elements, String h, byte[] ip, String port, String resolvedIp, Version go) {
        for (String p : elements) {
            if (p.indexOf(' ') >= 0 || p.indexOf('\t') >= 0) {
                for (String piece : p.split("[ \t]+")) {
                    if (!piece.isEmpty() && evaluate(piece, h, Integer.parseInt(port), null, go).matched()) {
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
        byte[] resolved = resolvedIp == null ? null : GoIp.parse(resolvedIp, false);
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

        /** One element as proxy.go config.init reads it (after the CIDR test); null when init skips it. */
        static Matcher of(String p) {
            String phost = p;
            String pport = "";
            String[] hp = splitHostPort(p);
            if (hp != null) {
                phost = hp[0];
                pport = hp[1];
                if (phost.isEmpty()) {
                    return null; // "There is no host part, likely the entry is malformed; ignore."
                }
                if (phost.charAt(0) == '[' && phost.charAt(phost.length() - 1) == ']') {
                    phost = phost.substring(1, phost.length() - 1);
                }
            }
            byte[] ip = GoIp.parse(phost, false);
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
            return new Matcher(true, null, idnaAscii(phost), pport, matchHost);
        }

        /** net.SplitHostPort: {@code host:port} or {@code [host]:port}; null where Go returns an error. */
        static String[] splitHostPort(String s) {
            int i = s.lastIndexOf(':');
            if (i < 0) {
                return null;
            }
            String host;
            int j = 0;
            int k = 0;
            if (s.charAt(0) == '[') {
                int end = s.indexOf(']');
                if (end < 0 || end + 1 == s.length() || end + 1 != i) {
                    return null;
                }
                host = s.substring(1, end);
                j = 1;
                k = end + 1;
            } else {
                host = s.substring(0, i);
                if (host.indexOf(':') >= 0) {
                    return null;
                }
            }
            if (s.indexOf('[', j) >= 0 || s.indexOf(']', k) >= 0) {
                return null;
            }
            return new String[] {host, s.substring(i + 1)};
        }

        boolean matchesName(String h) {
            return h.endsWith(host) || (matchHost && h.equals(host.substring(1)));
        }
    }
}
