package io.proxyaudit.audit;

import java.util.Locale;

/** The audit's spelling of names: DNS names in lower case without the root dot, {@code host:port} with IPv6 in brackets. */
final class Names {
    private Names() {}

    static String normal(String qname) {
        String q = qname.toLowerCase(Locale.ROOT);
        return q.endsWith(".") ? q.substring(0, q.length() - 1) : q;
    }

    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
