package io.proxyaudit.wire;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.policy.Version;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link GoWireVerdict} accepts as Go doing what the model says, on hand-written observations. */
class GoWireVerdictTest {
    private static final Version GO_1_24 = new Version(1, 24, 1);
    private static final Version GO_1_22 = new Version(1, 22, 12);

    private static boolean agrees(Map<String, String> env, String url, String events, Version go) {
        return GoWireVerdict.of(new WireCase("t", "go", env, url), events, go).agrees();
    }

    @Test
    void aSocksRequestMustCarryTheNameAndNoLookupOfTheTargetMayComeFirst() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "socks5://p1:1080");
        assertTrue(agrees(env, "https://nohost.example/r", "127.0.0.11 1080 SOCKS5 nohost.example 443", GO_1_24));
        assertFalse(agrees(env, "https://example.com/r", "127.0.0.11 1080 SOCKS5 10.0.0.1 443", GO_1_24),
                "the address where the name was due: Go would have resolved it");
        assertFalse(agrees(env, "https://nohost.example/r",
                "127.0.0.53 53 DNS nohost.example A | 127.0.0.11 1080 SOCKS5 nohost.example 443", GO_1_24));
        assertFalse(agrees(env, "https://nohost.example/r", "127.0.0.11 1080 SOCKS5 nohost.example 80", GO_1_24), "port");
        assertFalse(agrees(env, "https://example.com/r", "10.0.0.1 443 TLS", GO_1_24), "direct where the proxy applies");
        assertTrue(agrees(env, "https://10.1.2.3/r", "127.0.0.11 1080 SOCKS5 10.1.2.3 443", GO_1_24));
    }

    @Test
    void allProxyIsNotReadAndOldGoFailsOnSocks5h() {
        Map<String, String> all = Map.of("ALL_PROXY", "socks5h://p1:1080");
        assertTrue(agrees(all, "https://example.com/r", "10.0.0.1 443 TLS", GO_1_24));
        assertTrue(agrees(all, "https://nohost.example/r", "127.0.0.53 53 DNS nohost.example A", GO_1_24));
        assertFalse(agrees(all, "https://nohost.example/r", "-", GO_1_24), "a direct fetch of a name looks it up");
        assertFalse(agrees(all, "https://example.com/r", "127.0.0.11 1080 SOCKS5 example.com 443", GO_1_24));
        Map<String, String> h = Map.of("HTTPS_PROXY", "socks5h://p1:1080");
        assertTrue(agrees(h, "https://example.com/r", "127.0.0.53 53 DNS socks5h A", GO_1_22));
        assertFalse(agrees(h, "https://example.com/r", "127.0.0.11 1080 SOCKS5 example.com 443", GO_1_22));
        assertTrue(agrees(h, "https://example.com/r", "127.0.0.11 1080 SOCKS5 example.com 443", GO_1_24));
    }
}
