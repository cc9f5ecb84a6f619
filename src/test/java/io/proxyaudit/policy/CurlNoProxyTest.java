package io.proxyaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** libcurl's view of a URL host and its NO_PROXY check across the releases that changed it. */
class CurlNoProxyTest {
    @Test
    void urlHostDropsZoneAndShortensLikeInetNtop() {
        assertEquals("fe80::5", CurlNoProxy.urlHost("[fe80::5%25eth0]"));
        assertEquals("fe80::5", CurlNoProxy.urlHost("fe80::5%eth0"));
        assertEquals("fd00::5", CurlNoProxy.urlHost("fd00:0:0:0:0:0:0:5"));
        assertEquals("::ffff:10.1.2.3", CurlNoProxy.urlHost("0:0:0:0:0:ffff:a01:203"));
        assertEquals("1:0:0:2::3", CurlNoProxy.urlHost("1:0:0:2:0:0:0:3"));
        // inet_ntop's form is used only when shorter: upper-case hex stays as written
        assertEquals("FD00::5", CurlNoProxy.urlHost("FD00::5"));
        assertEquals("example.com", CurlNoProxy.urlHost("example.com"));
    }

    @Test
    void ipv6HostsAreNamesBefore818() {
        Version v788 = new Version(7, 88, 1);
        Version v818 = new Version(8, 18, 0);
        assertFalse(CurlNoProxy.evaluate("fd00::/16", "fd00::5", v788).matched());
        assertTrue(CurlNoProxy.evaluate("fd00::/16", "fd00::5", v818).matched());
        assertTrue(CurlNoProxy.evaluate("fd00::5", "fd00::5", v788).matched());
        // IPv4-mapped: a name to 7.88 (matches only itself), an IPv6 address to 8.18 (never the IPv4 entry)
        assertTrue(CurlNoProxy.evaluate("::ffff:10.1.2.3", "::ffff:10.1.2.3", v788).matched());
        assertFalse(CurlNoProxy.evaluate("10.1.2.3", "::ffff:10.1.2.3", v788).matched());
        assertFalse(CurlNoProxy.evaluate("10.0.0.0/8", "::ffff:10.1.2.3", v818).matched());
        assertTrue(CurlNoProxy.evaluate("::ffff:10.0.0.0/104", "::ffff:10.1.2.3", v818).matched());
    }
}
