package io.proxyaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyUrlTest {
    private static final Version GO123 = new Version(1, 23, 0);
    private static final Version GO122 = new Version(1, 22, 12);
    private static final Version GO119 = new Version(1, 19, 0);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://p:3128|http://p:3128",
        "p:3128|http://p:3128",
        "10.0.0.1:8080|http://10.0.0.1:8080",
        "socks5h://127.0.0.1:1080|socks5h://127.0.0.1:1080",
        "https://u:pw@Proxy.Corp|https://u:***@proxy.corp",
        "http://token@p:1|http://***@p:1",
        "http://[fd00::1]:3128|http://[fd00::1]:3128",
    })
    void goCurrentRule(String in, String out) {
        assertEquals(out, ProxyUrl.parseGo(in, GO123).redacted());
    }

    @Test
    void goOldRuleMangledSocks5h() {
        ProxyUrl p = ProxyUrl.parseGo("socks5h://s:1080", GO119);
        assertEquals("socks5h", p.host());
        assertEquals("http", p.scheme());
        assertEquals("socks5h://s:1080", p.mangledFrom());
        assertNull(ProxyUrl.parseGo("socks5://s:1080", GO119).mangledFrom());
    }

    @Test
    void goOldRuleLastsUntil123() {
        // go1.22.12's vendored x/net still re-reads schemes other than http, https and socks5 (GoDifferentialTest)
        assertEquals("socks5h://s:1080", ProxyUrl.parseGo("socks5h://s:1080", GO122).mangledFrom());
        assertNull(ProxyUrl.parseGo("socks5h://s:1080", GO123).mangledFrom());
        assertEquals("ftp://p:21", ProxyUrl.parseGo("ftp://p:21", GO123).redacted());
    }

    @Test
    void unusableValues() {
        assertNull(ProxyUrl.parseGo("", GO123));
        assertNull(ProxyUrl.parseGo("%zz:1", GO123));
        // url.Parse fails on both " http://p:3128" and "http:// http://p:3128": Go ignores the value
        assertNull(ProxyUrl.parseGo(" http://p:3128", GO123));
        assertNull(ProxyUrl.parseGo(" http://p:3128", GO119));
        // "p 3128" parses as a path; "http://p 3128" does not: the path-only URL stands, without a host
        assertEquals("", ProxyUrl.parseGo("p 3128", GO123).host());
        assertEquals("http", ProxyUrl.parseGo("http://p:abc", GO123).host());
        assertEquals("http://p:abc", ProxyUrl.parseGo("http://p:abc", GO123).mangledFrom());
        // a host:port without scheme is not "mangled": p is the host
        assertNull(ProxyUrl.parseGo("p:3128", GO119).mangledFrom());
        assertEquals("us%40er", ProxyUrl.parseGo("http://us%40er:pw@p:1", GO123).user());
        assertNull(ProxyUrl.parseCurl("http://p:99999"));
    }

    @Test
    void defaultPorts() {
        assertEquals(80, ProxyUrl.parseGo("http://p", GO123).effectivePort());
        assertEquals(1080, ProxyUrl.parseCurl("http://p").effectivePortCurl());
        assertEquals(443, ProxyUrl.parseCurl("https://p").effectivePort());
        assertEquals(1080, ProxyUrl.parseCurl("socks5://p").effectivePort());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://user:pass@corp/go,direct|https://user:***@corp/go,direct",
        "https://tok@a/x|https://***@a/x",
        "git@github.com:|git@github.com:",
        "u:p@proxy:3128|u:***@proxy:3128",
        "no credentials here|no credentials here",
    })
    void redaction(String in, String out) {
        assertEquals(out, Redaction.redact(in));
    }

    /**
     * Who resolves the target's name, as the route's reason says it for explain: curl and git with socks5:// and
     * socks4:// resolve it (CurlGitWireTest shows the address in their SOCKS requests), with socks5h:// and socks4a://
     * the proxy does; Go's socks5:// sends the name (net/http socks_bundle.go).
     */
    @Test
    void socksReasonsSayWhoResolvesTheName() {
        ProxyConfig local = ProxyConfig.of(java.util.Map.of("ALL_PROXY", "socks5://s:1080", "HTTPS_PROXY", "socks5://s:1080"));
        String curl = new CurlProxySelector(local).decide("https://github.com/x").reason();
        org.junit.jupiter.api.Assertions.assertTrue(curl.endsWith("with socks5:// curl resolves github.com itself and"
                + " sends the proxy the address, so the name goes to the local resolver (socks5h:// lets the proxy resolve it)"), curl);
        String git = new GitProxySelector(local).decide("https://github.com/x/y.git").reason();
        org.junit.jupiter.api.Assertions.assertTrue(git.contains("curl resolves github.com itself"), git);
        String go = new GoProxySelector(local).decide("https", "github.com", -1, null).reason();
        org.junit.jupiter.api.Assertions.assertTrue(go.endsWith("Go sends the proxy the name github.com, so the proxy"
                + " resolves it (no local DNS lookup)"), go);
        ProxyConfig remote = ProxyConfig.of(java.util.Map.of("ALL_PROXY", "socks4a://s:1080"));
        String curl4a = new CurlProxySelector(remote).decide("https://github.com/x").reason();
        org.junit.jupiter.api.Assertions.assertTrue(curl4a.endsWith("with socks4a:// the proxy resolves github.com (no local DNS lookup)"), curl4a);
        assertEquals("", ProxyUrl.parseCurl("socks5://s:1080").resolutionNote("10.1.2.3", true), "an address needs no lookup");
    }
}
