package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.RouteDecision;
import io.proxyaudit.policy.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Differential over generated configurations: every combination of the six proxy variables, each unset, set
 * to the empty string or set to its own proxy (3^6 = 729), for an https:// and an http:// request, through
 * {@link GoHttpPolicy} and {@link GitHttpPolicy}, against the selection rules written out here from
 * proxy-semantics.md, independently of the policy code:
 * <ul>
 *   <li>Go (§1.2-1.3; x/net http/httpproxy/proxy.go {@code FromEnvironment}, {@code getEnvAny}): upper case
 *       first, empty values skipped; https reads only HTTPS_PROXY/https_proxy (Go >= 1.16), http only
 *       HTTP_PROXY/http_proxy; ALL_PROXY never.</li>
 *   <li>git (§3.1; git http.c {@code get_curl_handle}, {@code var_override}): https reads HTTPS_PROXY then
 *       https_proxy, http only http_proxy; if neither is set, ALL_PROXY then all_proxy; the last variable
 *       that is set wins, even when empty, and an empty proxy means none.</li>
 * </ul>
 * The two clients must also disagree somewhere (lower case, ALL_PROXY, empty values): that is the trap the
 * tool exists for.
 */
class ProxyVariableChoiceTest {
    private static final String[] VARS = {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"};

    @Test
    void goAndGitPickTheirDocumentedVariable() {
        int disagreements = 0;
        int combinations = 0;
        for (int code = 0; code < 729; code++) {
            Map<String, String> env = new LinkedHashMap<>();
            int c = code;
            for (String v : VARS) {
                int state = c % 3;
                c /= 3;
                if (state == 1) {
                    env.put(v, "");
                } else if (state == 2) {
                    env.put(v, proxyOf(v));
                }
            }
            ProxyConfig.Builder b = ProxyConfig.builder().goVersion(new Version(1, 22, 0)).curlVersion(new Version(8, 9, 0));
            env.forEach((k, v) -> b.put(k, v, "--env"));
            ClientPolicies policies = ClientPolicies.of(b.build());
            for (String scheme : new String[] {"https", "http"}) {
                Destination d = new Destination(scheme, "example.com", scheme.equals("https") ? 443 : 80, null, "/r");
                String where = scheme + " " + env;
                String go = proxyOrDirect(policies.policy(Client.GO_HTTP).route(d));
                String git = proxyOrDirect(policies.policy(Client.GIT_HTTP).route(d));
                assertEquals(goRule(env, scheme), go, "Go, " + where);
                assertEquals(gitRule(env, scheme), git, "git, " + where);
                combinations++;
                if (!go.equals(git)) {
                    disagreements++;
                }
            }
        }
        assertEquals(1458, combinations);
        assertTrue(disagreements > 0 && disagreements < combinations, disagreements + " disagreements");
    }

    private static String proxyOf(String var) {
        return "http://" + var.toLowerCase().replace("_proxy", "") + (Character.isUpperCase(var.charAt(0)) ? "-up" : "-low") + ":3128";
    }

    private static String proxyOrDirect(RouteDecision d) {
        return d.route() == RouteDecision.Kind.PROXY ? d.proxyUrl() : d.route().wire();
    }

    private static String goRule(Map<String, String> env, String scheme) {
        List<String> names = scheme.equals("https") ? List.of("HTTPS_PROXY", "https_proxy") : List.of("HTTP_PROXY", "http_proxy");
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "direct";
    }

    private static String gitRule(Map<String, String> env, String scheme) {
        List<String> names = new ArrayList<>(scheme.equals("https") ? List.of("HTTPS_PROXY", "https_proxy") : List.of("http_proxy"));
        String chosen = lastSet(env, names);
        if (chosen == null) {
            chosen = lastSet(env, List.of("ALL_PROXY", "all_proxy"));
        }
        return chosen == null || chosen.isEmpty() ? "direct" : chosen;
    }

    private static String lastSet(Map<String, String> env, List<String> names) {
        String out = null;
        for (String n : names) {
            if (env.containsKey(n)) {
                out = env.get(n);
            }
        }
        return out;
    }
}
