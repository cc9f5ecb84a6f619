package io.proxyaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Go rows of {@code route-cases.tsv} against what real Go 1.19.8 (Debian 12, the lab's Go) decided:
 * {@code observed/go-1.19.8.tsv} was written by {@code observed/observe_go.py}, which runs
 * {@code observed/goprobe.go} (net/http ProxyFromEnvironment) once per row with exactly that environment.
 * The model, set to Go 1.19, must agree on the route and the proxy address.
 */
class GoObservedConformanceTest {
    static Stream<Arguments> rows() throws IOException {
        Map<String, String[]> cases = new HashMap<>();
        for (String[] r : read("route-cases.tsv")) {
            cases.put(r[0], r);
        }
        List<Arguments> out = new ArrayList<>();
        for (String[] o : read("observed/go-1.19.8.tsv")) {
            out.add(Arguments.of(o[0], cases.get(o[0]), o[1]));
        }
        return out.stream();
    }

    private static List<String[]> read(String name) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader br = new BufferedReader(new InputStreamReader(
                GoObservedConformanceTest.class.getResourceAsStream(name), StandardCharsets.UTF_8))) {
            String line;
            while ((line = br.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t", -1));
                }
            }
        }
        return rows;
    }

    @ParameterizedTest(name = "{0}: real Go 1.19.8 says {2}")
    @MethodSource("rows")
    void modelAgreesWithRealGo(String id, String[] row, String observed) {
        assertNotNull(row, id);
        ProxyConfig.Builder b = ProxyConfig.builder().goVersion(new Version(1, 19, 8));
        if (!row[2].equals("-")) {
            for (String kv : row[2].split(";")) {
                int eq = kv.indexOf('=');
                b.put(kv.substring(0, eq), kv.substring(eq + 1), "--env");
            }
        }
        String url = row[4];
        HostPort hp = HostPort.ofUrl(url);
        RouteDecision d = new GoProxySelector(b.build()).decide(url.substring(0, url.indexOf("://")), hp.host(), hp.port(), null);
        String where = id + ": model " + d.route().wire() + " " + d.proxyUrl() + " (" + d.reason() + ")";
        if (observed.equals("direct") || observed.equals("error")) {
            assertEquals(observed, d.route().wire(), where);
            return;
        }
        String seen = observed.substring("proxy ".length()).replace(":xxxxx@", ":***@");
        ProxyUrl real = ProxyUrl.parseGo(seen, new Version(1, 22, 0));
        boolean usable = real != null && real.mangledFrom() == null && !seen.substring(seen.indexOf("://") + 3).contains("://");
        if (!usable) {
            // Go picked a proxy that cannot work (http://socks5h://..., a path): the request fails
            assertEquals(RouteDecision.Kind.ERROR, d.route(), where);
            return;
        }
        assertEquals(RouteDecision.Kind.PROXY, d.route(), where);
        assertTrue(seen.equals(d.proxyUrl()), where + " vs real " + seen);
    }
}
