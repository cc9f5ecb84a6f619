package io.proxyaudit.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.testutil.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proxyaudit run} for real: a live capture on {@code any} in a loopback-only network namespace (needs root,
 * unshare and curl; skipped with the reason otherwise) while real curl fetches through a tiny proxy and direct
 * ({@link RunProbe}). Names resolve through curl's {@code --resolve} to 10.0.0.0/8 addresses made local, so
 * nothing is loopback (which every client exempts) and nothing leaves the machine.
 */
class RunCommandWireTest {
    private static final String PROXIED = "curl -sS --max-time 3 -o /dev/null http://proxy.golang.org/github.com/x/y/@v/list";
    private static final String DIRECT = "curl -sS --noproxy '*' --max-time 3 -o /dev/null "
            + "--resolve proxy.golang.org:443:10.1.2.3 https://proxy.golang.org/github.com/x/y/@v/list";

    @TempDir
    static Path work;
    private static Map<String, Integer> exits;

    @BeforeAll
    static void runInNamespace() throws Exception {
        String why = WireNamespace.unavailable();
        Assumptions.assumeTrue(why == null, "proxyaudit run not tested in a network namespace: " + why);
        List<String> cases = List.of(
                row("mixed", "--json", out("mixed.ndjson"), "--write", out("mixed.pcapng"), "--fail-on", "go",
                        "--summary-md", out("mixed.md"), "--bpf", "tcp", "--",
                        "sh", "-c", PROXIED + "; " + DIRECT + "; true"),
                row("failing", "--json", out("failing.ndjson"), "--", "sh", "-c", DIRECT + "; exit 7"),
                row("proxied", "--json", out("proxied.ndjson"), "--fail-on", "any", "--", "sh", "-c", PROXIED),
                row("missing", "--write", out("missing.pcapng"), "--", "/nonexistent/command"));
        Path casesFile = work.resolve("cases.tsv");
        Files.write(casesFile, cases, StandardCharsets.UTF_8);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = String.join("\n",
                "set -e",
                "ip link set lo up",
                "ip route add local 10.0.0.0/8 dev lo table local",
                // the audit and the commands see only this environment: the proxies come from each case's --env
                "exec env -i PATH=/usr/bin:/bin HOME=\"$4\" LANG=C.UTF-8 \"$1\" -Xshare:auto -XX:TieredStopAtLevel=1 "
                        + "-cp \"$2\" io.proxyaudit.wire.RunProbe \"$3\" \"$4/exits.tsv\"");
        Process p = new ProcessBuilder("unshare", "-n", "-m", "sh", "-c", script, "run", java,
                System.getProperty("java.class.path"), casesFile.toString(), work.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe did not finish: " + log);
        assertEquals(0, p.exitValue(), "the probe failed in the namespace: " + log);
        exits = new HashMap<>();
        for (String line : Files.readAllLines(work.resolve("exits.tsv"), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            exits.put(f[0], Integer.valueOf(f[1]));
        }
    }

    private static final String PROXY_ENV = "http://10.9.9.9:3128";

    /** A case line: id, then run's arguments with the proxy variables of a job behind 10.9.9.9:3128. */
    private static String row(String id, String... args) {
        List<String> all = new ArrayList<>(List.of(id, "run", "--env", "http_proxy=" + PROXY_ENV,
                "--env", "HTTPS_PROXY=" + PROXY_ENV, "--env", "https_proxy=" + PROXY_ENV));
        all.addAll(List.of(args));
        return String.join("\t", all);
    }

    private static String out(String name) {
        return work.resolve(name).toString();
    }

    private static List<Map<String, Object>> records(String file, String type) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(work.resolve(file), StandardCharsets.UTF_8)) {
            Map<String, Object> r = Json.object(line);
            if (type.equals(r.get("type"))) {
                out.add(r);
            }
        }
        return out;
    }

    private static Map<String, Object> flowTo(List<Map<String, Object>> flows, String ip, int port) {
        for (Map<String, Object> f : flows) {
            if (ip.equals(f.get("server_ip")) && port == ((Number) f.get("server_port")).intValue()) {
                return f;
            }
        }
        throw new AssertionError("no flow to " + ip + ":" + port + " in " + flows);
    }

    @Test
    void aDirectFetchDuringTheCommandIsABypassAndFailsTheJob() throws IOException {
        assertEquals(1, exits.get("mixed"), "the command passed, the audit found a Go bypass: exit 1");
        List<Map<String, Object>> flows = records("mixed.ndjson", "flow");
        Map<String, Object> proxied = flowTo(flows, "10.9.9.9", 3128);
        assertEquals("proxied", proxied.get("verdict"));
        Map<String, Object> direct = flowTo(flows, "10.1.2.3", 443);
        assertEquals("direct-bypass", direct.get("verdict"));
        assertEquals("module-proxy", direct.get("role"));
        assertEquals("proxy.golang.org", ((Map<?, ?>) direct.get("tls")).get("sni"), "the ClientHello curl sent was captured live");
        assertTrue(Files.size(work.resolve("mixed.pcapng")) > 0);
        assertTrue(Files.readAllBytes(work.resolve("mixed.pcapng"))[0] == 0x0A, "a pcapng section header block");
        String md = Files.readString(work.resolve("mixed.md"), StandardCharsets.UTF_8);
        assertTrue(md.contains("**direct-bypass** `proxy.golang.org:443` (module-proxy, 1 flow, fails the job)"), md);
        for (Map<String, Object> f : flows) {
            assertEquals("tcp", f.get("transport"), "--bpf tcp: only TCP was captured");
        }
    }

    @Test
    void theCommandsFailureWinsAndTheAuditIsStillWritten() throws IOException {
        assertEquals(7, exits.get("failing"));
        assertEquals("direct-bypass", flowTo(records("failing.ndjson", "flow"), "10.1.2.3", 443).get("verdict"));
    }

    @Test
    void onlyProxiedTrafficPasses() throws IOException {
        assertEquals(0, exits.get("proxied"));
        assertEquals(List.of(), records("proxied.ndjson", "finding"));
    }

    @Test
    void aCommandThatCannotStartIsExit127WithoutAnAudit() {
        assertEquals(127, exits.get("missing"));
        assertFalse(Files.exists(work.resolve("missing.pcapng")), "no capture is kept for a command that never ran");
    }
}
