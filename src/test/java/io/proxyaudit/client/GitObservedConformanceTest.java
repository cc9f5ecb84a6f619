package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ProxyUrl;
import io.proxyaudit.policy.RouteDecision;
import io.proxyaudit.policy.Version;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential: the git rows of {@code route-cases.tsv} through the git policies ({@link GitHttpPolicy},
 * {@link GitSshPolicy}, {@link GitDaemonPolicy}, chosen by the rewritten URL) against what real git 2.39.5 with
 * curl 7.88.1 (Debian 12, the lab's git) did: {@code observed/git-2.39.5-curl-7.88.1.tsv} was written by
 * {@code observed/observe_git.py}, which runs {@code git ls-remote URL} per row with exactly that environment
 * (git keys as {@code git -c}) in a sandbox without DNS and reads GIT_TRACE_CURL: resolving the proxy name means
 * proxied, trying the target (or running ssh) means direct. The policies, set to curl 7.88.1, must agree on the
 * route and the proxy host.
 */
class GitObservedConformanceTest {
    static Stream<Arguments> rows() throws IOException {
        Map<String, String[]> cases = new HashMap<>();
        for (String[] r : RouteCases.read("route-cases.tsv")) {
            cases.put(r[0], r);
        }
        List<Arguments> out = new ArrayList<>();
        for (String[] o : RouteCases.read("observed/git-2.39.5-curl-7.88.1.tsv")) {
            out.add(Arguments.of(o[0], cases.get(o[0]), o[1]));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: real git 2.39.5 went {2}")
    @MethodSource("rows")
    void modelAgreesWithRealGit(String id, String[] row, String observed) {
        assertNotNull(row, id);
        ProxyConfig config = RouteCases.env(ProxyConfig.builder().curlVersion(new Version(7, 88, 1)), row[2]).build();
        RouteDecision d = RouteCases.decide(config, "git", row[4], null);
        String where = id + ": model " + d.route().wire() + " " + d.proxyUrl() + " (" + d.reason() + ")";
        if (observed.startsWith("proxy ")) {
            assertEquals(RouteDecision.Kind.PROXY, d.route(), where);
            assertEquals(observed.substring(6), ProxyUrl.parseCurl(d.proxyUrl()).host(), where);
        } else {
            assertEquals(observed, d.route().wire(), where);
        }
    }
}
