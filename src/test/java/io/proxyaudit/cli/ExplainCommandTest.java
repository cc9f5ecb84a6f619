package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExplainCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Top-level string and null fields of one JSON line. */
    private static Map<String, String> fields(String line) throws Exception {
        Map<String, String> m = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                    p.skipChildren();
                    m.put(name, "<" + t + ">");
                } else {
                    m.put(name, t == JsonToken.VALUE_NULL ? null : p.getText());
                }
            }
        }
        return m;
    }

    /** Prose fits the terminal ($COLUMNS, 80 here); the fix's command stays whole; a control character never reaches it. */
    @Test
    void textIsWrappedToTheTerminalAndCleaned() throws Exception {
        int width = io.proxyaudit.report.TerminalSummary.Options.detect().width();
        Run r = run("explain", "--no-inherit-env", "--client", "node", "--env", "NODE_USE_ENV_PROXY=1", "--env",
                "HTTPS_PROXY=proxy.corp.example\u001b[31m:3128", "https://registry.npmjs.org/");
        assertFalse(r.out().contains("\u001b"), r.out());
        assertTrue(r.out().contains("  reason: "), r.out());
        for (String line : r.out().split("\n")) {
            assertTrue(line.length() <= width || line.startsWith("  fix:    "), "wider than " + width + ": " + line);
        }
    }

    @Test
    void urlTargetJson() throws Exception {
        Run r = run("explain", "--no-inherit-env", "--env", "HTTP_PROXY=http://u:pw@p:3128", "--format", "json",
                "https://proxy.golang.org/golang.org/x/text/@v/list");
        assertEquals(0, r.code(), r.err());
        Map<String, String> m = fields(r.out().strip());
        assertEquals("go-http", m.get("client"));
        assertEquals("direct", m.get("route"));
        assertEquals(null, m.get("proxy"));
        assertEquals("GO_HTTPS_PROXY_UNSET", m.get("reason_code"));
        assertFalse(r.out().contains("pw"), r.out());
    }

    @Test
    void gitClientAndHostTarget() throws Exception {
        Run r = run("explain", "--no-inherit-env", "--env", "HTTPS_PROXY=http://a:1", "--env", "https_proxy=http://b:1",
                "--client", "git", "--format", "json", "github.com", "github.com:22");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals("http://b:1", fields(lines[0]).get("proxy"));
        assertEquals("GIT_SSH_TRANSPORT", fields(lines[1]).get("reason_code"));
    }

    @Test
    void curlClientSkipsEmptyVariablesWhereGitStops() throws Exception {
        String[] env = {"--no-inherit-env", "--env", "https_proxy=", "--env", "HTTPS_PROXY=http://p:3128", "--format", "json"};
        Run curl = run(concat(new String[] {"explain", "--client", "curl"}, env, new String[] {"https://github.com/r"}));
        Run git = run(concat(new String[] {"explain", "--client", "git"}, env, new String[] {"https://github.com/r"}));
        assertEquals(0, curl.code(), curl.err());
        Map<String, String> c = fields(curl.out().strip());
        assertEquals("curl", c.get("client"));
        assertEquals("proxy", c.get("route"));
        assertEquals("http://p:3128", c.get("proxy"));
        assertEquals("CURL_PROXY_ENV", c.get("reason_code"));
        Map<String, String> g = fields(git.out().strip());
        assertEquals("direct", g.get("route"));
        assertEquals("GIT_HTTP_PROXY_EMPTY", g.get("reason_code"));
    }

    @Test
    void gitUpperCaseSchemeAndPasswordPromptAreErrors() throws Exception {
        Run r = run("explain", "--no-inherit-env", "--env", "https_proxy=http://alice@p:3128", "--client", "git",
                "--format", "json", "HTTPS://github.com/r", "https://github.com/r");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals("error", fields(lines[0]).get("route"));
        assertEquals("GIT_NO_TRANSPORT", fields(lines[0]).get("reason_code"));
        assertEquals("error", fields(lines[1]).get("route"));
        assertEquals("GIT_PROXY_PASSWORD_PROMPT", fields(lines[1]).get("reason_code"));
        assertFalse(r.out().contains("alice"), r.out());
    }

    @Test
    void curlClientRefusesOtherSchemesInOneLine() {
        Run r = run("explain", "--no-inherit-env", "--client", "curl", "ftp://example.com/x");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertTrue(r.err().contains("http:// and https://"), r.err());
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    @Test
    void moduleTargetPrintsSteps() throws Exception {
        Path env = Files.writeString(dir.resolve("go.env"), "GOPROXY=\"https://corp.example/go,direct\"\nGOPRIVATE=\"\"\n");
        Run r = run("explain", "--no-inherit-env", "--env-file", env.toString(), "--env", "HTTPS_PROXY=http://p:3128",
                "--format", "json", "rsc.io/quote@v1.5.2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"url\":\"https://corp.example/go/rsc.io/quote/@v/v1.5.2.info\""), r.out());
        assertTrue(r.out().contains("\"steps\":[{\"step\":1"), r.out());
        Run text = run("explain", "--no-inherit-env", "--env-file", env.toString(), "rsc.io/quote");
        assertTrue(text.out().contains("1. module-proxy  https://corp.example/go/rsc.io/quote/@v/list"), text.out());
    }

    @Test
    void badEnvFileIsAUsageErrorWithFileAndLine() throws Exception {
        Path env = Files.writeString(dir.resolve("bad.env"), "HTTPS_PROXY=http://p:3128\nNO_PROXY='open\n");
        Run r = run("explain", "--no-inherit-env", "--env-file", env.toString(), "github.com");
        assertEquals(2, r.code());
        assertEquals("proxyaudit: --env-file " + env + ":2: unterminated single quote", r.err().strip());
    }

    @Test
    void badTargetIsReportedAndOthersStillExplained() {
        Run r = run("explain", "--no-inherit-env", "not a target/", "github.com");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a URL, host[:port] or module path"), r.err());
        assertTrue(r.out().contains("github.com  (client go-http)"), r.out());
    }

    /** Go never proxies "localhost" or loopback IPs (x/net/http/httpproxy proxy.go useProxy), whatever is set. */
    @Test
    void loopbackIsExemptBeforeAnyVariableRule() throws Exception {
        for (String url : new String[] {"https://localhost:4433/", "https://127.0.0.1:4433/", "https://[::1]:4433/",
                "http://127.9.9.9/"}) {
            Run r = run("explain", "--no-inherit-env", "--env", "HTTP_PROXY=http://p:3128", url);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("route:  direct  [GO_LOOPBACK]"), r.out());
            assertTrue(r.out().contains("if seen direct: direct-exempt (no fix"), r.out());
            assertFalse(r.out().contains("fix:    "), r.out());
            Map<String, String> m = fields(run("explain", "--no-inherit-env", "--env", "HTTPS_PROXY=ftp://x:1",
                    "--format", "json", url).out().strip());
            assertEquals("GO_LOOPBACK", m.get("reason_code"), url);
            assertEquals("direct-exempt", m.get("verdict_if_direct"));
            assertEquals(null, m.get("remediation"));
        }
    }

    /**
     * curl 7.88.1 and git 2.39.5 have no loopback rule: under unshare -n with https_proxy=http://127.0.0.2:9,
     * {@code git ls-remote https://localhost:1/x} tried 127.0.0.2:9 (the proxy); explain --client git says the same.
     */
    @Test
    void gitSendsLoopbackToTheProxyAndSaysSo() throws Exception {
        Run r = run("explain", "--no-inherit-env", "--env", "HTTPS_PROXY=http://p:3128", "--client", "git",
                "https://localhost:4433/x.git");
        assertTrue(r.out().contains("route:  proxy http://p:3128"), r.out());
        assertTrue(r.out().contains("curl, unlike Go, has no loopback rule"), r.out());
    }

    @Test
    void aBypassGetsAFixThatUsesAUsableValue() throws Exception {
        Run r = run("explain", "--no-inherit-env", "--env", "HTTPS_PROXY=ftp://x:1", "https://proxy.golang.org/");
        assertTrue(r.out().contains("if seen direct: direct-bypass"), r.out());
        // the command on its own line (copied whole), its comment below it
        assertTrue(r.out().contains("fix:    export HTTPS_PROXY=http://x:1\n          # HTTPS_PROXY=ftp://x:1 cannot be used by Go"),
                r.out());
        Run ssh = run("explain", "--no-inherit-env", "--env", "HTTPS_PROXY=http://p:3128", "--client", "git", "github.com:22");
        assertTrue(ssh.out().contains("fix:    add to ~/.ssh/config: Host github.com ProxyCommand nc -X connect -x p:3128"
                + " %h %p\n          # ssh reads no proxy variable"), ssh.out());
    }

    /** --go-version picks the release's rules: NO_PROXY domain entries stop matching IP hosts with the CVE-2025-22870 fix. */
    @Test
    void goVersionDecidesNoProxyDomainEntryOnIpHost() throws Exception {
        String[] common = {"explain", "--no-inherit-env", "--env", "HTTPS_PROXY=http://p:3128", "--env", "NO_PROXY=2.3",
            "--format", "json", "https://10.1.2.3/"};
        Map<String, String> before = fields(run(concat(common, "--go-version", "1.23.6")).out().strip());
        Map<String, String> after = fields(run(concat(common, "--go-version", "1.23.7")).out().strip());
        assertEquals("direct", before.get("route"));
        assertTrue(before.get("reason").contains("CVE-2025-22870"), before.get("reason"));
        assertEquals("proxy", after.get("route"));
        assertTrue(after.get("reason").contains("exempted this address before"), after.get("reason"));
    }

    /** A value Go's url.Parse rejects even with http:// in front is ignored: direct, not an error. */
    @Test
    void goIgnoresAProxyValueWithALeadingBlank() throws Exception {
        Run r = run("explain", "--no-inherit-env", "--env", "HTTPS_PROXY= http://p:3128", "--format", "json", "https://proxy.golang.org/");
        Map<String, String> m = fields(r.out().strip());
        assertEquals("direct", m.get("route"));
        assertTrue(m.get("reason").contains("ignores it"), m.get("reason"));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
