package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.flow.ProcessInfo;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each client's remediation: the line for each of its rules, and which client owns which reason code. */
class ClientPoliciesTest {
    private static final String P = "http://p:3128";

    private static String fix(Map<String, String> env, Client client, ReasonCode code, String host, int port) {
        return ClientPolicies.of(ProxyConfig.of(env)).remediation(client, code.name(), host, port);
    }

    @Test
    void eachClientFixesItsOwnRules() {
        // Go >= 1.16: https:// uses only HTTPS_PROXY (proxy-semantics.md T2)
        assertEquals("export HTTPS_PROXY=" + P + "   # Go >= 1.16 uses only HTTPS_PROXY for https://",
                fix(Map.of("HTTP_PROXY", P), Client.GO_HTTP, ReasonCode.GO_HTTPS_PROXY_UNSET, "proxy.golang.org", 443));
        // Go never reads ALL_PROXY (T8); the proxy to suggest is the ALL_PROXY one
        assertEquals("export HTTPS_PROXY=" + P + "   # Go never reads ALL_PROXY",
                fix(Map.of("ALL_PROXY", P), Client.GO_HTTP, ReasonCode.GO_ALL_PROXY_IGNORED, "sum.golang.org", 443));
        assertEquals("unset REQUEST_METHOD   # Go refuses HTTP_PROXY in a CGI environment",
                fix(Map.of("HTTP_PROXY", P, "REQUEST_METHOD", "GET"), Client.GO_HTTP, ReasonCode.GO_CGI_REFUSED, "h", 80));
        // git reads only lower-case http_proxy for http:// (T48)
        assertEquals("export http_proxy=" + P + "   # git reads only lower-case http_proxy for http://",
                fix(Map.of("HTTP_PROXY", P), Client.GIT_HTTP, ReasonCode.GIT_HTTP_LOWER_ONLY, "git.corp", 80));
        // a set-but-empty lower-case variable wins in git and disables the proxy (T55)
        assertEquals("unset https_proxy   # set but empty, it overrides the other proxy variables in git",
                fix(Map.of("HTTPS_PROXY", P, "https_proxy", ""), Client.GIT_HTTP, ReasonCode.GIT_HTTP_PROXY_EMPTY, "github.com", 443));
        // ssh reads no proxy variable: an insteadOf rewrite is undone, else ssh gets a ProxyCommand (T45)
        assertEquals("git config --global --unset url.git@github.com:.insteadOf   # keep https:// remotes, which honour https_proxy",
                fix(Map.of("HTTPS_PROXY", P, "git.url.git@github.com:.insteadOf", "https://github.com/"), Client.GIT_SSH,
                        ReasonCode.GIT_SSH_TRANSPORT, "github.com", 22));
        assertEquals("add to ~/.ssh/config: Host github.com ProxyCommand nc -X connect -x p:3128 %h %p   # ssh reads no proxy variable",
                fix(Map.of("HTTPS_PROXY", P), Client.GIT_SSH, ReasonCode.GIT_SSH_TRANSPORT, "github.com", 22));
        assertEquals("git config --global core.gitProxy '<proxy command> for git.corp'   # no proxy variable reaches git://;"
                + " or use an https:// remote",
                fix(Map.of("HTTPS_PROXY", P), Client.GIT_DAEMON, ReasonCode.GIT_DAEMON_TRANSPORT, "git.corp", 9418));
        assertEquals("configure the proxy in the program connecting to example.com:443 (it ignores the proxy variables),"
                + " or block direct egress to it", fix(Map.of("HTTPS_PROXY", P), Client.OTHER, ReasonCode.NOT_GO_OR_GIT_CLIENT,
                "example.com", 443));
    }

    @Test
    void theAuditsOwnCodesGetTheCommonFix() {
        for (Client c : new Client[] {Client.GO_HTTP, Client.GIT_HTTP, null}) {
            assertEquals("run the build with the audited environment, e.g. export HTTPS_PROXY=" + P,
                    fix(Map.of("HTTPS_PROXY", P), c, ReasonCode.CLIENT_IGNORED_PROXY, "h", 443));
            assertTrue(fix(Map.of("HTTPS_PROXY", P), c, ReasonCode.DNS_LOOKUP_WHILE_PROXIED, "proxy.golang.org", 0)
                    .startsWith("find the process resolving proxy.golang.org"));
            // under a configuration assumed from the capture: pass the job's environment, or set the proxy seen
            String seen = fix(Map.of("HTTPS_PROXY", P), c, ReasonCode.PROXY_SEEN_NOT_CONFIGURED, "h", 443);
            assertTrue(seen.startsWith("export HTTPS_PROXY=" + P) && seen.contains("pass its environment"), seen);
        }
        assertEquals("export HTTPS_PROXY=http://PROXYHOST:PORT",
                ClientPolicies.of(ProxyConfig.of(Map.of())).remediation(Client.GO_HTTP, "NOT_A_CODE", "h", 443));
    }

    /**
     * A finding groups flows by (host, port, reason code) and takes its fix from the first flow's client, so a
     * code's fix must not depend on which client reported it: the clients whose policies own a code (pip and Python
     * share requests' rules; Java, Maven and Gradle the JVM's) give the same fix, and "other" (judged by Go's rules)
     * gives Go's fix. A new client's policy is checked here without listing it.
     */
    @Test
    void everyReasonCodeHasAtMostOneOwner() {
        ClientPolicies policies = ClientPolicies.of(ProxyConfig.of(Map.of("HTTPS_PROXY", P)));
        Destination d = new Destination("https", "h", 443, null, "/");
        for (ReasonCode code : ReasonCode.values()) {
            List<Client> owners = new ArrayList<>();
            java.util.Set<Remedy> fixes = new java.util.HashSet<>();
            for (Client c : Client.values()) {
                // clients still judged by the common rules (issue 19: pip, npm, ...) share "other"'s rules and fixes
                if (c != Client.OTHER && c != Client.NONE && !(policies.policy(c) instanceof OtherPolicy)
                        && policies.policy(c).remedy(code, d) != null) {
                    owners.add(c);
                    fixes.add(policies.policy(c).remedy(code, d));
                }
            }
            assertTrue(fixes.size() <= 1, code + " owned by " + owners + " with different fixes: " + fixes);
            if (code != ReasonCode.NOT_GO_OR_GIT_CLIENT && code != ReasonCode.QUIC_BYPASS) { // "other"'s own codes
                assertEquals(policies.policy(Client.GO_HTTP).remedy(code, d),
                        policies.policy(Client.OTHER).remedy(code, d), code.name());
            }
        }
        assertNull(policies.policy(Client.GO_HTTP).remedy(ReasonCode.GIT_SSH_TRANSPORT, new Destination("https", "h", 22, null, "/")));
        assertThrows(IllegalArgumentException.class, () -> policies.policy(Client.NONE));
    }

    /** A pip process's --proxy (ptcpdump's Args) is pip's configuration for its flows, above PIP_PROXY; others ignore it. */
    @Test
    void pipsCommandLineProxyComesFromTheProcess() {
        ProxyConfig config = ProxyConfig.builder().put("PIP_PROXY", "http://10.0.0.1:3128", "--env").build();
        ClientPolicies policies = ClientPolicies.of(config);
        Destination pypi = new Destination("https", "pypi.org", 443, null, "/");
        ProcessInfo pip = new ProcessInfo(7, "/usr/bin/pip", "pip install --proxy http://10.0.0.2:8080 requests", -1, 1,
                "bash", null, null);
        assertEquals("http://10.0.0.2:8080", policies.forProcess(Client.PIP, pip).policy(Client.PIP).route(pypi).proxyUrl());
        assertEquals("http://10.0.0.1:3128", policies.policy(Client.PIP).route(pypi).proxyUrl());
        assertTrue(policies.forProcess(Client.PYTHON, pip) == policies, "only pip reads pip's option");
        ProcessInfo plain = new ProcessInfo(8, "/usr/bin/pip", "pip install requests", -1, 1, "bash", null, null);
        assertTrue(policies.forProcess(Client.PIP, plain) == policies);
    }
}
