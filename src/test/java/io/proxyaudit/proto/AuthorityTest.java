package io.proxyaudit.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** RFC 3986 §3.2 authorities as URLs, Host headers and CONNECT targets carry them. */
class AuthorityTest {
    @Test
    void hostAndPort() {
        assertEquals(new Authority("proxy.golang.org", 443), Authority.ofAuthority("proxy.golang.org:443"));
        assertEquals(new Authority("Example.org", -1), Authority.ofAuthority("Example.org"), "case kept");
        assertEquals(new Authority("host", -1), Authority.ofAuthority("user:pw@host"), "userinfo never kept");
        assertEquals(new Authority("host", -1), Authority.ofAuthority("host:http"), "a port must be digits");
        assertEquals(new Authority("host", -1), Authority.ofAuthority("host:65536"));
    }

    @Test
    void ipv6Literals() {
        assertEquals(new Authority("2001:db8::1", 8080), Authority.ofAuthority("[2001:db8::1]:8080"));
        assertEquals(new Authority("::1", -1), Authority.ofAuthority("[::1]"));
        // a bare IPv6 literal has no port: its last group is not one (the flow stage read "::1" as port 1 before)
        assertEquals(new Authority("2001:db8::1", -1), Authority.ofAuthority("2001:db8::1"));
    }

    @Test
    void urlsAndRequestTargets() {
        assertEquals(new Authority("proxy", 3128), Authority.ofUrl("http://u:p@proxy:3128/path?q#f"));
        assertEquals(new Authority("proxy", 3128), Authority.ofUrl("proxy:3128"), "scheme optional in a URL setting");
        assertEquals(new Authority("golang.org", -1), Authority.ofAbsoluteTarget("https://golang.org/x?go-get=1"));
        assertNull(Authority.ofAbsoluteTarget("/x"), "origin form");
        assertNull(Authority.ofAbsoluteTarget("golang.org:443"), "authority form (CONNECT) has no scheme");
        assertNull(Authority.ofAbsoluteTarget(null));
    }
}
