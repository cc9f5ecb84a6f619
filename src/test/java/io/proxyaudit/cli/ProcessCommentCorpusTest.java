package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proxyaudit.testutil.SharedCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process ptcpdump wrote into the packet comments of ../shared/corpus's ptcpdump captures is the process every
 * output shows for the flow: the oracle is tshark's {@code frame.comment} of the first packet the flow's client sent
 * (its first comment: {@code PID}, {@code Cmd}, {@code Args}; its last: {@code ParentPID}, {@code ParentCmd},
 * {@code ParentArgs}), never our own reading.
 */
class ProcessCommentCorpusTest {
    private static final Pattern PROCESS = Pattern.compile("\"process\":\\{\"pid\":(\\d+),\"command\":\"([^\"]*)\","
            + "\"args\":\"([^\"]*)\"(?:,\"user_id\":\\d+)?,\"parent_pid\":(\\d+),\"parent_command\":\"([^\"]*)\","
            + "\"parent_args\":\"([^\"]*)\"\\}");
    private static final Pattern CLIENT = Pattern.compile("\"client_ip\":\"([^\"]+)\",\"client_port\":(\\d+)");

    /** What tshark says: comment fields of the first packet sent from each endpoint {@code ip:port}. */
    record Expected(String pid, String command, String args, String parentPid, String parentCommand, String parentArgs) {}

    static Map<String, Expected> tshark(Path capture) throws IOException, InterruptedException {
        Map<String, Expected> out = new LinkedHashMap<>();
        for (String occurrence : new String[] {"f", "l"}) {
            Process p = new ProcessBuilder("tshark", "-r", capture.toString(), "-T", "fields", "-E", "separator=\t",
                    "-E", "occurrence=" + occurrence, "-e", "ip.src", "-e", "tcp.srcport", "-e", "udp.srcport",
                    "-e", "frame.comment").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertEquals(0, p.waitFor(), "tshark on " + capture);
            for (String line : lines) {
                String[] c = line.split("\t", -1);
                String endpoint = c[0] + ":" + (c[1].isEmpty() ? c[2] : c[1]);
                Map<String, String> kv = new LinkedHashMap<>();
                for (String part : c[3].split("\\\\n")) { // tshark writes the comment's newlines as \n
                    int colon = part.indexOf(": ");
                    kv.put(part.substring(0, colon), part.substring(colon + 2));
                }
                Expected e = out.get(endpoint);
                if (occurrence.equals("f") && e == null) {
                    out.put(endpoint, new Expected(kv.get("PID"), kv.get("Cmd"), kv.get("Args"), null, null, null));
                } else if (occurrence.equals("l") && e != null && e.parentPid() == null) {
                    out.put(endpoint, new Expected(e.pid(), e.command(), e.args(), kv.get("ParentPID"),
                            kv.get("ParentCmd"), kv.get("ParentArgs")));
                }
            }
        }
        return out;
    }

    static boolean hasTshark() {
        try {
            return new ProcessBuilder("tshark", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static List<Path> captures() throws IOException {
        Path corpus = SharedCorpus.requireCorpus();
        try (var s = Files.list(corpus.resolve("captures"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("ptcpdump__")).sorted().toList();
        }
    }

    @Test
    void everyFlowShowsTheProcessTsharkReadsInItsClientsFirstPacketComment(@TempDir Path tmp) throws Exception {
        List<Path> captures = captures();
        assumeTrue(hasTshark(), "tshark is not installed");
        assertEquals(4, captures.size(), "ptcpdump captures in the corpus");
        int flows = 0;
        for (Path capture : captures) {
            Map<String, Expected> oracle = tshark(capture);
            FlowsCommandTest.Run json = FlowsCommandTest.run("flows", "--format", "json", capture.toString());
            FlowsCommandTest.Run text = FlowsCommandTest.run("flows", capture.toString());
            assertEquals(0, json.exit(), json.err());
            for (String line : json.lines()) {
                if (!line.startsWith("{\"type\":\"flow\"")) {
                    continue;
                }
                Matcher client = CLIENT.matcher(line);
                assertTrue(client.find(), line);
                Expected e = oracle.get(client.group(1) + ":" + client.group(2));
                String where = capture.getFileName() + " " + client.group(1) + ":" + client.group(2);
                Matcher m = PROCESS.matcher(line);
                assertTrue(m.find(), where + ": no process in " + line);
                assertEquals(List.of(e.pid(), e.command(), e.args(), e.parentPid(), e.parentCommand(), e.parentArgs()),
                        List.of(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)), where);
                String shown = "process: " + e.args() + " (pid " + e.pid() + ", parent "
                        + e.parentCommand().substring(e.parentCommand().lastIndexOf('/') + 1);
                assertTrue(text.lines().stream().anyMatch(l -> l.strip().startsWith(shown.substring(0, Math.min(shown.length(), 70)))),
                        where + ": the table shows " + text.out());
                flows++;
            }
            String counters = json.lines().get(json.lines().size() - 1);
            assertTrue(counters.contains("\"process_comments\":2"), counters); // both directions of the one flow
            assertTrue(!counters.contains("process_comments_malformed"), counters);
        }
        assertEquals(4, flows);
    }

    /** analyze: the flow's client is decided by the process (curl, judged by curl's rules); every format shows it. */
    @Test
    void analyzeAttributesByProcessInEveryFormat(@TempDir Path tmp) throws Exception {
        Path capture = captures().stream().filter(p -> p.getFileName().toString().contains("curl-user")).findFirst().orElseThrow();
        Path report = tmp.resolve("r.html");
        Path junit = tmp.resolve("j.xml");
        String[] env = {"--no-inherit-env", "--env", "HTTPS_PROXY=http://10.0.0.5:3128", "--fail-on", "none"};
        FlowsCommandTest.Run json = FlowsCommandTest.run(concat(new String[] {"analyze", "--format", "json",
                "--report", report.toString(), "--csv", tmp.toString()}, env, capture.toString()));
        assertEquals(0, json.exit(), json.err());
        String flow = json.lines().stream().filter(l -> l.startsWith("{\"type\":\"flow\"")).findFirst().orElseThrow();
        assertTrue(flow.contains("\"client\":\"curl\",\"client_evidence\":\"process\",\"client_confidence\":\"high\","
                + "\"program\":\"curl\",\"client_detail\":\"process curl (pid 99722)\""), flow);
        String finding = json.lines().stream().filter(l -> l.startsWith("{\"type\":\"finding\"")).findFirst().orElseThrow();
        assertTrue(finding.contains("\"program\":\"curl\",\"process\":{\"pid\":99722,\"command\":\"/usr/bin/curl\","
                + "\"args\":\"curl https://kernel.org\""), finding);
        String html = Files.readString(report);
        assertTrue(html.contains("curl https://kernel.org (pid 99722, parent bash 18840)"), "HTML finding card");
        assertTrue(Files.readString(tmp.resolve("flows.csv")).contains("curl https://kernel.org (pid 99722, parent bash 18840)"));
        assertTrue(Files.readString(tmp.resolve("findings.csv")).contains("curl https://kernel.org (pid 99722, parent bash 18840)"));
        FlowsCommandTest.Run text = FlowsCommandTest.run(concat(new String[] {"analyze"}, env, capture.toString()));
        assertTrue(text.out().contains("    process: curl https://kernel.org (pid 99722, parent bash 18840)"), text.out());
        assertTrue(text.out().contains("    seen: process curl (pid 99722) (high confidence)"), text.out());
        FlowsCommandTest.Run batch = FlowsCommandTest.run("batch", "--out", tmp.resolve("b").toString(), "--junit",
                junit.toString(), "--no-inherit-env", "--env", "HTTPS_PROXY=http://10.0.0.5:3128", "--fail-on", "any",
                capture.toString());
        assertEquals(1, batch.exit(), batch.err());
        assertTrue(Files.readString(junit).contains("process: curl https://kernel.org (pid 99722, parent bash 18840)"),
                Files.readString(junit));
    }

    /**
     * ptcpdump's curl-thread capture: curl fetched http://kernel.com directly. With only upper-case HTTP_PROXY set,
     * the real curl connects directly (lib/url.c detect_proxy never reads HTTP_PROXY; CurlGitWireTest measures it on
     * the wire), so the bypass is curl's rule and the fix is lower-case http_proxy; with http_proxy set, curl would
     * have used the proxy, so the process did not have that environment.
     */
    @Test
    void curlIsJudgedByCurlsRules() throws Exception {
        Path capture = captures().stream().filter(p -> p.getFileName().toString().contains("curl-thread")).findFirst().orElseThrow();
        FlowsCommandTest.Run upper = FlowsCommandTest.run("analyze", "--format", "json", "--no-inherit-env", "--env",
                "HTTP_PROXY=http://10.0.0.5:3128", "--fail-on", "none", capture.toString());
        String finding = upper.lines().stream().filter(l -> l.startsWith("{\"type\":\"finding\"")).findFirst().orElseThrow();
        assertTrue(finding.contains("\"reason_code\":\"CURL_HTTP_UPPER_IGNORED\""), finding);
        assertTrue(finding.contains("export http_proxy=http://10.0.0.5:3128"), finding);
        FlowsCommandTest.Run lower = FlowsCommandTest.run("analyze", "--format", "json", "--no-inherit-env", "--env",
                "http_proxy=http://10.0.0.5:3128", "--fail-on", "none", capture.toString());
        finding = lower.lines().stream().filter(l -> l.startsWith("{\"type\":\"finding\"")).findFirst().orElseThrow();
        assertTrue(finding.contains("\"reason_code\":\"CLIENT_IGNORED_PROXY\""), finding);
        assertTrue(finding.contains("curl would send this through http://10.0.0.5:3128"), finding);
        // the environment to run with names the variable curl reads: HTTP_PROXY would leave curl direct again
        assertTrue(finding.contains("export http_proxy=http://10.0.0.5:3128"), finding);
    }

    private static String[] concat(String[] a, String[] b, String last) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(b));
        l.add(last);
        return l.toArray(new String[0]);
    }
}
