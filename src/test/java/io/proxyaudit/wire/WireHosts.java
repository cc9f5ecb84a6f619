package io.proxyaudit.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The names and addresses of the loopback-only network the real programs run in: proxies on 127.0.0.x (and one
 * IPv6 address), origins on 10.x and fd00::/16 (made local inside the namespace with {@code ip route add local}).
 * The same table is written to the namespace's {@code /etc/hosts} (so curl and git resolve alike) and is used to
 * read an observed connection's address back as "a proxy" or "the target".
 */
final class WireHosts {
    /** name -> addresses, as in the hosts file. */
    static final Map<String, List<String>> NAMES = new LinkedHashMap<>();
    /** Every address a proxy listens on (names and literals). */
    static final Set<String> PROXY_ADDRESSES = Set.of("127.0.0.11", "127.0.0.12", "127.0.0.13", "127.0.0.14", "fd00:0:0:0:0:0:0:a1",
            "fd00:0:0:0:0:0:0:a2");
    /** The ports every listener binds (wildcard address): proxies and origins share them. */
    static final int[] PORTS = {80, 443, 1080, 3128, 8080, 8443};

    static {
        NAMES.put("p1", List.of("127.0.0.11"));
        NAMES.put("p2", List.of("127.0.0.12"));
        NAMES.put("p3", List.of("127.0.0.13"));
        NAMES.put("proxy6", List.of("fd00::a1"));
        NAMES.put("localhost", List.of("127.0.0.1", "::1"));
        NAMES.put("example.com", List.of("10.0.0.1"));
        NAMES.put("www.example.com", List.of("10.0.0.2"));
        NAMES.put("git.corp.example", List.of("10.0.0.3"));
        NAMES.put("notexample.com", List.of("10.0.0.4"));
        NAMES.put("sub.git.corp.example", List.of("10.0.0.5"));
        NAMES.put("v6.example.com", List.of("fd00::b1"));
    }

    private WireHosts() {}

    /** The hosts file for the namespace. */
    static String hostsFile() {
        StringBuilder sb = new StringBuilder();
        // the trailing-dot form too: the resolver looks names up as written (https://example.com./)
        NAMES.forEach((name, addrs) -> addrs.forEach(a -> sb.append(a).append('\t').append(name).append(' ').append(name)
                .append(".\n")));
        return sb.toString();
    }

    /** The addresses {@code host} (a name, or an IP literal with or without brackets and zone) reaches, canonical. */
    static Set<String> addresses(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        int zone = h.indexOf('%');
        if (zone >= 0) {
            h = h.substring(0, zone);
        }
        List<String> named = NAMES.get(h.endsWith(".") ? h.substring(0, h.length() - 1) : h);
        if (named != null) {
            return Set.copyOf(named.stream().map(WireHosts::canonical).toList());
        }
        String c = canonical(h);
        return c == null ? Set.of() : Set.of(c);
    }

    /** An IP literal as Java prints it (IPv4-mapped IPv6 as IPv4, as a dual-stack listener sees it), else null. */
    static String canonical(String literal) {
        if (literal.isEmpty() || !(literal.indexOf(':') >= 0 || literal.matches("[0-9.]+"))) {
            return null;
        }
        try {
            return InetAddress.getByName(literal).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
