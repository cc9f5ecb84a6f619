package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.audit.Route;
import io.proxyaudit.audit.Verdict;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.testutil.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, point 5, through the real entry point and a real capture: the variables of a real job are accepted (an
 * unknown one is at most a warning), and git's ssh command decides the route of git over ssh. l-git-ssh-insteadof's
 * truth: the clone went over ssh to git.lab.test:22 directly, and the lab's GIT_SSH_COMMAND had no ProxyCommand.
 */
class GitSshCommandTest {
    private static final Path L = Path.of("samples/l-git-ssh-insteadof");
    private static final String PROXY_COMMAND = "GIT_SSH_COMMAND=ssh -o ProxyCommand=\"nc -X connect -x proxy.lab.test:3128 %h %p\"";

    @TempDir
    Path tmp;

    @Test
    void anUnknownEnvVariableIsOneWarningAndTheRunGoesOn() {
        ForgottenConfigurationTest.Run r = ForgottenConfigurationTest.run("explain", "--no-inherit-env", "--env",
                "CI_JOB_TOKEN=abc", "--env", "HTTPS_PROXY=http://p:3128", "proxy.golang.org");
        assertEquals(0, r.exit(), r.err());
        assertEquals("proxyaudit: warning: --env CI_JOB_TOKEN: not a variable proxyaudit models; ignored (known: proxy"
                + " variables in upper and lower case, Go's GO* variables, GIT_SSH_COMMAND, GIT_SSH, GIT_CONFIG_*,"
                + " git.<key>)\n", r.err());
        assertTrue(r.out().contains("route:  proxy http://p:3128"), r.out());
        // the value is never printed (it may be a token)
        assertFalse(r.err().contains("abc"));
        ForgottenConfigurationTest.Run a = ForgottenConfigurationTest.run("analyze", "--no-inherit-env", "--env",
                "BUILD_ID=7", "--fail-on", "none", L.resolve("capture.pcap").toString());
        assertEquals(0, a.exit(), a.err());
        assertEquals(1, a.err().lines().filter(l -> l.startsWith("proxyaudit: warning: --env BUILD_ID:")).count(), a.err());
    }

    @Test
    void anEnvFileOfARealJobNeedsNoWarning() throws Exception {
        Path env = tmp.resolve("job.env");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            b.append("CI_VAR_").append(i).append("=value ").append(i).append('\n');
        }
        b.append("HTTPS_PROXY=http://p:3128\n").append(PROXY_COMMAND.replace("=ssh", "='ssh").replace("%p\"", "%p\"'"))
                .append('\n');
        Files.writeString(env, b);
        ForgottenConfigurationTest.Run r = ForgottenConfigurationTest.run("explain", "--no-inherit-env", "--client", "git",
                "--env-file", env.toString(), "git@github.com:x/y.git");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("route:  proxy http://proxy.lab.test:3128  [GIT_SSH_PROXY_COMMAND]"), r.out());
    }

    @Test
    void aMalformedAssignmentIsStillAnError() {
        ForgottenConfigurationTest.Run r = ForgottenConfigurationTest.run("explain", "--no-inherit-env", "--env",
                "9LIVES=x", "github.com");
        assertEquals(2, r.exit());
        assertEquals("proxyaudit: --env 9LIVES: not a variable name (letters, digits and _, not starting with a digit;"
                + " or git.<key>)\n", r.err());
    }

    @Test
    void explainShowsTheSshRoute() {
        ForgottenConfigurationTest.Run r = ForgottenConfigurationTest.run("explain", "--no-inherit-env", "--client", "git",
                "--env", "GIT_SSH_COMMAND=ssh -o ProxyCommand=\"nc -X connect -x p:3128 %h %p\"", "git@github.com:x/y.git");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("route:  proxy http://p:3128  [GIT_SSH_PROXY_COMMAND]"), r.out());
        // explain wraps its reason to the terminal: the sentence is read with the line breaks as blanks
        assertTrue(r.out().replaceAll("\\s+", " ").contains("ssh reaches github.com through the HTTP CONNECT proxy p:3128"),
                r.out());
        ForgottenConfigurationTest.Run none = ForgottenConfigurationTest.run("explain", "--no-inherit-env", "--client",
                "git", "--env", "HTTPS_PROXY=http://p:3128", "git@github.com:x/y.git");
        assertTrue(none.out().contains("route:  direct  [GIT_SSH_TRANSPORT]"), none.out());
        assertTrue(none.out().contains("~/.ssh/config"), "the reason says what proxyaudit cannot see: " + none.out());
    }

    static AuditResult audit(String... extraEnv) throws Exception {
        ConfigOptions o = new ConfigOptions();
        o.noInheritEnv = true;
        o.envFiles.add(L.resolve("capture.env"));
        o.env.addAll(List.of(extraEnv));
        ProxyConfig config = o.toConfig(Map.of());
        return CaptureAudit.run(L.resolve("capture.pcap").toString(), config, FlowOptions.defaults(),
                ReaderOptions.defaults(), w -> { }).result();
    }

    @SuppressWarnings("unchecked")
    static List<AuditedFlow> sshFlows(AuditResult r) throws Exception {
        Map<String, Object> truth = Json.object(Files.readString(L.resolve("truth.json")));
        Map<String, Object> ssh = ((List<Map<String, Object>>) (List<?>) truth.get("hosts")).stream()
                .filter(h -> ((Number) h.get("port")).intValue() == 22).findFirst().orElseThrow();
        List<AuditedFlow> flows = r.flows().stream().filter(f -> f.flow().serverPort() == 22).toList();
        assertFalse(flows.isEmpty());
        for (AuditedFlow f : flows) {
            assertTrue(f.target() == null || f.target().startsWith(ssh.get("host") + ":"), f.target());
        }
        return flows;
    }

    @Test
    void theSampleWithoutAProxyCommandIsTheTransportRule() throws Exception {
        for (AuditedFlow f : sshFlows(audit())) {
            assertEquals(Verdict.DIRECT_BYPASS, f.verdict());
            assertEquals("GIT_SSH_TRANSPORT", f.reasonCode());
        }
    }

    @Test
    void theSampleWithAProxyCommandWasNotUsedIsABypassWithItsOwnReason() throws Exception {
        AuditResult r = audit(PROXY_COMMAND);
        for (AuditedFlow f : sshFlows(r)) {
            assertEquals(Verdict.DIRECT_BYPASS, f.verdict());
            assertEquals("GIT_SSH_PROXY_NOT_USED", f.reasonCode());
            assertTrue(f.reason().contains("ProxyCommand nc -X connect -x proxy.lab.test:3128 %h %p"), f.reason());
        }
        assertTrue(r.findings().stream().anyMatch(x -> x.reasonCode().equals("GIT_SSH_PROXY_NOT_USED")
                && x.remediation().startsWith("run the job's git with the audited ssh command")));
        // the go-get fetches through the proxy stay proxied
        assertTrue(r.flows().stream().anyMatch(f -> f.route() == Route.PROXY && f.verdict() == Verdict.PROXIED));
    }

    /** A connection to the jump host on 22 is the proxy hop: with ProxyJump naming the host the capture's ssh went to. */
    @Test
    void aFlowToTheJumpHostIsProxied() throws Exception {
        for (AuditedFlow f : sshFlows(audit("GIT_SSH_COMMAND=ssh -J git.lab.test"))) {
            assertEquals(Route.PROXY, f.route());
            assertEquals(Verdict.PROXIED, f.verdict());
        }
    }
}
