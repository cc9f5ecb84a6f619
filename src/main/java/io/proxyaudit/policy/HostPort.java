package io.proxyaudit.policy;

import io.proxyaudit.proto.Authority;

/** Host (case kept: Go's "localhost" test is case-sensitive; without brackets) and port (-1 when absent) of a URL or {@code host[:port]} text. */
public record HostPort(String host, int port) {
    /** The authority of {@code scheme://[userinfo@]host[:port]/...}, or of a bare {@code host[:port]} ({@link Authority#ofUrl}). */
    public static HostPort ofUrl(String url) {
        return of(Authority.ofUrl(url));
    }

    /** {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port}, or a bare IPv6 literal ({@link Authority#ofAuthority}). */
    public static HostPort ofAuthority(String authority) {
        return of(Authority.ofAuthority(authority));
    }

    private static HostPort of(Authority a) {
        return new HostPort(a.host(), a.port());
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port >= 0 ? h + ":" + port : h;
    }
}
