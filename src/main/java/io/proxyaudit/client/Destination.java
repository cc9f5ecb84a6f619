package io.proxyaudit.client;

import io.proxyaudit.policy.GoUrl;
import io.proxyaudit.policy.HostPort;
import io.proxyaudit.policy.Version;
import java.util.Locale;
import java.util.Objects;

/**
 * One request as a client's proxy rules see it.
 *
 * @param scheme     {@code https}, {@code http} (the transport decides for git: ssh and git:// ignore it)
 * @param host       host name or IP literal, without brackets
 * @param port       the port connected to (-1: the scheme's default, for a URL without one; Go's client only)
 * @param resolvedIp where the name resolved, when the capture shows it (Go's IP-vs-name NO_PROXY diagnosis), or null
 * @param path       the request path when visible (git's {@code http.<url>.proxy} matches on it), else {@code /}
 */
public record Destination(String scheme, String host, int port, String resolvedIp, String path) {

    /**
     * A URL as Go's client sees it ({@code explain --client go}): the scheme lower-cased, host and port as Go's
     * url.Parse gives them ({@link GoUrl}: {@code [fe80::1%25eth0]} is the host {@code fe80::1%eth0}), -1 for a port
     * left to the scheme; a URL Go cannot parse is read by {@link HostPort#ofUrl}. Null when it is not {@code scheme://...}.
     */
    public static Destination ofUrl(String url) {
        int sep = url.indexOf("://");
        if (sep <= 0) {
            return null;
        }
        String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
        GoUrl u = GoUrl.parse(url, Version.DEFAULT_GO);
        if (u == null) {
            HostPort hp = HostPort.ofUrl(url);
            return new Destination(scheme, hp.host(), hp.port(), null, "/");
        }
        int port = u.port().isEmpty() || u.port().length() > 5 ? -1 : Integer.parseInt(u.port());
        return new Destination(scheme, u.hostname(), port, null, "/");
    }

    /**
     * {@code scheme://host[:port]} as a client that connected here would have written the URL: the port only when it
     * is not 80 or 443 (a capture does not show whether the URL named the default port).
     */
    public String origin() {
        return scheme + "://" + hostText() + (port < 0 || port == 443 || port == 80 ? "" : ":" + port);
    }

    /** {@code host} in URL form: IPv6 literals in brackets. */
    public String hostText() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    // Written out rather than left to the record: FlowJudge keys its route decisions by destination, and the
    // generated methods bootstrap through invokedynamic (java.lang.runtime.ObjectMethods) on first use.
    @Override
    public boolean equals(Object o) {
        return o instanceof Destination d && d.port == port && Objects.equals(d.scheme, scheme)
                && Objects.equals(d.host, host) && Objects.equals(d.resolvedIp, resolvedIp) && Objects.equals(d.path, path);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(scheme);
        h = h * 31 + Objects.hashCode(host);
        h = h * 31 + port;
        h = h * 31 + Objects.hashCode(resolvedIp);
        return h * 31 + Objects.hashCode(path);
    }
}
