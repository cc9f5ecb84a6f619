package io.proxyaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * The decision table of proxy-semantics.md §6.3 (T1..T55 where they apply to one request of Go's client or
 * git/curl) plus extra cases, in {@code route-cases.tsv}. Each row: configuration, client, URL, expected
 * network route, proxy and reason code. Versions default to Go 1.22 and curl 8.9.0 as in the doc's table.
 */
class RouteTableTest {
    @ParameterizedTest(name = "{0} {1} {4}")
    @CsvFileSource(resources = "route-cases.tsv", delimiter = '\t')
    void route(String id, String client, String env, String versions, String url, String resolved, String route,
               String proxy, String code) {
        ProxyConfig.Builder b = ProxyConfig.builder().goVersion(new Version(1, 22, 0)).curlVersion(new Version(8, 9, 0));
        for (Map.Entry<String, String> e : split(env).entrySet()) {
            b.put(e.getKey(), e.getValue(), "--env");
        }
        for (Map.Entry<String, String> e : split(versions).entrySet()) {
            if (e.getKey().equals("go")) {
                b.goVersion(Version.parse(e.getValue()));
            } else {
                b.curlVersion(Version.parse(e.getValue()));
            }
        }
        ProxyConfig config = b.build();
        RouteDecision d;
        if (client.equals("go")) {
            String scheme = url.substring(0, url.indexOf("://"));
            HostPort hp = HostPort.ofUrl(url);
            d = new GoProxySelector(config).decide(scheme, hp.host(), hp.port(), "-".equals(resolved) ? null : resolved);
        } else {
            d = new GitProxySelector(config).decide(url);
        }
        String where = id + ": " + d.reason();
        assertEquals(code, d.reasonCode().name(), where);
        assertEquals(route, d.route().wire(), where);
        assertEquals("-".equals(proxy) ? null : proxy, d.proxyUrl(), where);
        assertEquals(false, d.reason().contains("secret") || d.reason().contains(":pw@"), where);
    }

    private static Map<String, String> split(String list) {
        Map<String, String> out = new LinkedHashMap<>();
        if (list == null || list.equals("-")) {
            return out;
        }
        for (String kv : list.split(";")) {
            int eq = kv.indexOf('=');
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }
}
