package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.RouteDecision;
import io.proxyaudit.policy.Version;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * The decision table of proxy-semantics.md §6.3 (T1..T55 where they apply to one request of Go's client or
 * git/curl) plus extra cases, in {@code route-cases.tsv}, through each client's {@link ClientPolicy}. Each row:
 * configuration, client, URL, expected network route, proxy and reason code. Versions default to Go 1.22 and
 * curl 8.9.0 as in the doc's table.
 */
class RouteTableTest {
    @ParameterizedTest(name = "{0} {1} {4}")
    @CsvFileSource(resources = "/io/proxyaudit/policy/route-cases.tsv", delimiter = '\t')
    void route(String id, String client, String env, String versions, String url, String resolved, String route,
               String proxy, String code) {
        ProxyConfig.Builder b = RouteCases.env(ProxyConfig.builder().goVersion(new Version(1, 22, 0))
                .curlVersion(new Version(8, 9, 0)), env);
        if (!versions.equals("-")) {
            for (String kv : versions.split(";")) {
                int eq = kv.indexOf('=');
                if (kv.startsWith("go=")) {
                    b.goVersion(Version.parse(kv.substring(eq + 1)));
                } else {
                    b.curlVersion(Version.parse(kv.substring(eq + 1)));
                }
            }
        }
        RouteDecision d = RouteCases.decide(b.build(), client, url, "-".equals(resolved) ? null : resolved);
        String where = id + ": " + d.reason();
        assertEquals(code, d.reasonCode().name(), where);
        assertEquals(route, d.route().wire(), where);
        assertEquals("-".equals(proxy) ? null : proxy, d.proxyUrl(), where);
        assertEquals(false, d.reason().contains("secret") || d.reason().contains(":pw@"), where);
    }
}
