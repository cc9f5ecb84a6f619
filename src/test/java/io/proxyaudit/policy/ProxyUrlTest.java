package io.proxyaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyUrlTest {
    private static final Version GO122 = new Version(1, 22, 0);
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
        assertEquals(out, ProxyUrl.parseGo(in, GO122).redacted());
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
    void unusableValues() {
        assertNull(ProxyUrl.parseGo("", GO122));
        assertNull(ProxyUrl.parseGo("%zz:1", GO122));
        assertEquals("p 3128", ProxyUrl.parseGo("p 3128", GO122).mangledFrom());
        assertEquals("p 3128", ProxyUrl.parseGo("p 3128", GO122).redacted());
        assertEquals("http", ProxyUrl.parseGo("http://p:abc", GO122).host());
        assertNull(ProxyUrl.parseCurl("http://p:99999"));
    }

    @Test
    void defaultPorts() {
        assertEquals(80, ProxyUrl.parseGo("http://p", GO122).effectivePort());
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
}
