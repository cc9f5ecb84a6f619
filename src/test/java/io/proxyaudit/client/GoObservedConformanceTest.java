package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.GoUrl;
import io.proxyaudit.policy.RouteDecision;
import io.proxyaudit.policy.Version;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential: the Go rows of {@code route-cases.tsv} through {@link GoHttpPolicy} against what real Go 1.19.8
 * (Debian 12, the lab's Go) decided: {@code observed/go-1.19.8.tsv} was written by {@code observed/observe_go.py},
 * which runs {@code observed/goprobe.go} (net/http ProxyFromEnvironment) once per row with exactly that
 * environment. The policy, set to Go 1.19.8, must agree on the route and the proxy address; a proxy URL Go returns
 * that its transport cannot use is an error route ({@link GoDifferentialTest#proxyRoute}).
 */
class GoObservedConformanceTest {
    private static final Version GO = new Version(1, 19, 8);

    static Stream<Arguments> rows() throws IOException {
        Map<String, String[]> cases = new HashMap<>();
        for (String[] r : RouteCases.read("route-cases.tsv")) {
            cases.put(r[0], r);
        }
        List<Arguments> out = new ArrayList<>();
        for (String[] o : RouteCases.read("observed/go-1.19.8.tsv")) {
            out.add(Arguments.of(o[0], cases.get(o[0]), o[1]));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: real Go 1.19.8 says {2}")
    @MethodSource("rows")
    void modelAgreesWithRealGo(String id, String[] row, String observed) {
        assertNotNull(row, id);
        ProxyConfig config = RouteCases.env(ProxyConfig.builder().goVersion(GO), row[2]).build();
        RouteDecision d = RouteCases.decide(config, "go", row[4], null);
        String where = id + ": model " + d.route().wire() + " " + d.proxyUrl() + " (" + d.reason() + ")";
        if (observed.equals("direct") || observed.equals("error")) {
            assertEquals(observed, d.route().wire(), where);
            return;
        }
        String seen = observed.substring("proxy ".length());
        GoUrl real = GoUrl.parse(seen, GO);
        assertNotNull(real, id + ": cannot read Go's answer " + seen);
        String var = row[4].startsWith("https:") ? "HTTPS_PROXY" : "HTTP_PROXY";
        String value = config.nonEmpty(var) != null ? config.nonEmpty(var) : config.nonEmpty(var.toLowerCase(Locale.ROOT));
        String expected = GoDifferentialTest.proxyRoute(real.scheme(), real.hostname(), real.port(), real.hasUser(),
                real.hasPassword(), value);
        assertEquals(expected, GoDifferentialTest.modelRoute(d), where);
    }
}
