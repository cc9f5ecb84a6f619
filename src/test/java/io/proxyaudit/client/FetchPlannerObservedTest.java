package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fetch plans against the requests real {@code go mod download} (go 1.19.8) made to local stand-in proxies
 * ({@code observed/go-1.19.8-fetch.txt}, recorded by {@code observed/fetch-runall.sh}): list order, {@code ,}
 * stopping on 500, {@code |} falling through, the {@code /sumdb/<db>/supported} probe, explicit GOSUMDB URLs,
 * GONOSUMDB, GOPRIVATE discovery and {@code !} escaping.
 */
class FetchPlannerObservedTest {
    private record Scenario(List<String> requests, List<String> errors) {}

    private static final Map<String, Scenario> OBSERVED = new LinkedHashMap<>();

    @BeforeAll
    static void load() throws IOException {
        try (BufferedReader br = new BufferedReader(new InputStreamReader(
                FetchPlannerObservedTest.class.getResourceAsStream("/io/proxyaudit/policy/observed/go-1.19.8-fetch.txt"), StandardCharsets.UTF_8))) {
            String line;
            Scenario current = null;
            while ((line = br.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (line.startsWith("== ")) {
                    current = new Scenario(new ArrayList<>(), new ArrayList<>());
                    OBSERVED.put(line.substring(3).split(" ")[0], current);
                } else if (line.startsWith("error ")) {
                    current.errors().add(line.substring(6));
                } else {
                    String[] pp = line.split(" ", 2);
                    current.requests().add("http://127.0.0.1:" + pp[0] + pp[1]);
                }
            }
        }
    }

    private static List<PlanStep> plan(Map<String, String> env, String module, String version) {
        return new FetchPlanner(ProxyConfig.of(env)).plan(module, version);
    }

    private static List<String> urls(List<PlanStep> steps, String kind) {
        return steps.stream().filter(s -> s.kind().equals(kind)).map(PlanStep::url).toList();
    }

    /** The .info requests Go made, in order. */
    private static List<String> infoRequests(String scenario) {
        return OBSERVED.get(scenario).requests().stream().filter(u -> u.endsWith(".info")).toList();
    }

    @Test
    void commaFallsThroughOn404AndEscapesUpperCase() {
        List<PlanStep> s = plan(Map.of("GOPROXY", "http://127.0.0.1:18081,http://127.0.0.1:18083,off"),
                "github.com/Azure/go-autorest", "v1.0.0");
        assertEquals(infoRequests("comma404"), urls(s, "module-proxy"));
        assertEquals("off", s.get(2).kind());
        assertTrue(OBSERVED.get("comma404").errors().get(0).contains("GOPROXY=off"));
    }

    @Test
    void commaStopsOnOtherErrorsPipeDoesNot() {
        Map<String, String> comma = Map.of("GOPROXY", "http://127.0.0.1:18082,http://127.0.0.1:18083,off");
        List<PlanStep> c = plan(comma, "rsc.io/quote", "v1.5.2");
        assertEquals(infoRequests("comma500"), List.of(c.get(0).url()));
        assertEquals(ReasonCode.GOPROXY_FALLBACK_404, c.get(1).fetchCode()); // the walk would need a 404/410: 500 stops it
        List<PlanStep> p = plan(Map.of("GOPROXY", "http://127.0.0.1:18082|http://127.0.0.1:18083,off"), "rsc.io/quote", "v1.5.2");
        assertEquals(infoRequests("pipe500"), urls(p, "module-proxy"));
        assertEquals(ReasonCode.GOPROXY_FALLBACK_PIPE, p.get(1).fetchCode());
    }

    @Test
    void sumdbThroughTheFirstProxyThatSupportsIt() {
        List<PlanStep> s = plan(Map.of("GOPROXY", "http://127.0.0.1:18084,off"), "rsc.io/quote", "v1.5.2");
        List<String> sumdb = OBSERVED.get("sumdbvia").requests().stream().filter(u -> u.contains("/sumdb/")).toList();
        assertEquals(sumdb.get(0), urls(s, "sumdb-probe").get(0));
        assertEquals(sumdb.get(1), urls(s, "checksum-db").get(0));
    }

    @Test
    void sumdbDirectWhenNoProxySupportsIt() {
        List<PlanStep> s = plan(Map.of("GOPROXY", "http://127.0.0.1:18083,http://127.0.0.1:18085,off"), "rsc.io/quote", "v1.5.2");
        List<String> probes = OBSERVED.get("sumdbnot").requests().stream().filter(u -> u.endsWith("/supported")).toList();
        assertEquals(probes, urls(s, "sumdb-probe"));
        List<String> db = urls(s, "checksum-db");
        String direct = db.get(db.size() - 1);
        assertEquals("https://sum.golang.org/lookup/rsc.io/quote@v1.5.2", direct);
        assertTrue(OBSERVED.get("sumdbnot").errors().get(0).contains("\"" + direct + "\""));
    }

    @Test
    void explicitSumdbUrlAndGonosumdb() {
        List<PlanStep> e = plan(Map.of("GOPROXY", "http://127.0.0.1:18085", "GOSUMDB", "sum.golang.org http://127.0.0.1:18083"),
                "rsc.io/quote", "v1.5.2");
        List<String> seen = OBSERVED.get("explicit").requests();
        assertEquals(seen.get(seen.size() - 1), urls(e, "checksum-db").get(0));
        assertTrue(urls(e, "sumdb-probe").isEmpty());
        List<PlanStep> n = plan(Map.of("GOPROXY", "http://127.0.0.1:18085", "GONOSUMDB", "rsc.io"), "rsc.io/quote", "v1.5.2");
        assertTrue(OBSERVED.get("nosumdb").requests().stream().noneMatch(u -> u.contains("sumdb") || u.contains("lookup")));
        assertEquals(ReasonCode.SUMDB_SKIPPED_GONOSUMDB, n.get(n.size() - 1).fetchCode());
    }

    @Test
    void privateModuleGoesToDiscoveryNotTheProxy() {
        List<PlanStep> s = plan(Map.of("GOPROXY", "http://127.0.0.1:18085,off", "GOPRIVATE", "git.corp.example"),
                "git.corp.example/x", "v1.0.0");
        assertTrue(OBSERVED.get("private").requests().isEmpty());
        assertEquals("go-get", s.get(0).kind());
        assertTrue(OBSERVED.get("private").errors().get(0).contains("\"" + s.get(0).url() + "\""));
    }
}
