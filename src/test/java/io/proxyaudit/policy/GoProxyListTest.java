package io.proxyaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** GOPROXY list parsing (cmd/go modfetch/proxy.go {@code proxyList}). */
class GoProxyListTest {
    @Test
    void goproxyListParsing() throws Exception {
        List<GoProxyList.Entry> l = GoProxyList.parse(" goproxy.cn | https://proxy.golang.org/ ,, direct, https://never", "x");
        assertEquals(List.of("noproxy", "https://goproxy.cn", "https://proxy.golang.org", "direct"),
                l.stream().map(GoProxyList.Entry::url).toList());
        assertTrue(l.get(1).fallBackOnError());
        assertEquals(false, l.get(2).fallBackOnError());
        assertEquals(1, GoProxyList.parse("direct", "x").size());
        assertThrows(ConfigException.class, () -> GoProxyList.parse(",", ""));
        assertThrows(ConfigException.class, () -> GoProxyList.parse("gopher://x", ""));
        assertThrows(ConfigException.class, () -> GoProxyList.parse("word", ""));
    }
}
