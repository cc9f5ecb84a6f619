package io.proxyaudit.client;

import io.proxyaudit.policy.HostPort;
import java.util.Locale;

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
     * A URL as Go's client sees it ({@code explain --client go}): the scheme lower-cased, host and port of the authority
     * ({@link HostPort#ofUrl}), -1 for a port left to the scheme; null when the text is not {@code scheme://...}.
     */
    public static Destination ofUrl(String url) {
        int sep = url.indexOf("://");
        if (sep <= 0) {
            return null;
        }
        HostPort hp = HostPort.ofUrl(url);
        return new Destination(url.substring(0, sep).toLowerCase(Locale.ROOT), hp.host(), hp.port(), null, "/");
    }

    /** {@code host} in URL form: IPv6 literals in brackets. */
    public String hostText() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
}
