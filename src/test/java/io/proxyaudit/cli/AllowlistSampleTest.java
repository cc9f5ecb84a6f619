package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.testutil.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --allow} end to end on the lab capture samples/a-http-proxy-only, where only HTTP_PROXY was set and Go's
 * https fetches went direct. Which connections the allowlist must turn into direct-allowed comes from the sample's
 * truth.json (the origin servers' logs: each request's client address and port), not from proxyaudit's output.
 */
class AllowlistSampleTest {
    private static final String SAMPLE = "samples/a-http-proxy-only";
    private static final String A = SAMPLE + "/capture.pcap";
    private static final String A_ENV = SAMPLE + "/capture.env";

    @TempDir
    Path dir;

    /** The truth: per direct-bypass host, the client ports of the connections its origin server logged. */
    private static Map<String, Set<Long>> directPortsByHost() throws Exception {
        Map<String, Object> truth = Json.object(Files.readString(Path.of(SAMPLE, "truth.json")));
        String client = (String) map(map(truth.get("lab")).get("client")).get("ipv4");
        Map<String, Set<Long>> out = new TreeMap<>();
        for (Object o : (List<?>) truth.get("hosts")) {
            Map<String, Object> h = map(o);
            if (!"direct-bypass".equals(h.get("expected_verdict"))) {
                continue;
            }
            for (Object ev : (List<?>) h.get("evidence")) {
                String peer = (String) Json.object((String) ev).get("peer");
                if (peer.startsWith(client + ":")) {
                    out.computeIfAbsent((String) h.get("host"), k -> new TreeSet<>())
                            .add(Long.parseLong(peer.substring(peer.lastIndexOf(':') + 1)));
                }
            }
        }
        return out;
    }

    /** The lab address of an origin server, from truth.json. */
    private static String originAddress(String name) throws Exception {
        Map<String, Object> truth = Json.object(Files.readString(Path.of(SAMPLE, "truth.json")));
        for (Object o : (List<?>) map(truth.get("lab")).get("origins")) {
            if (name.equals(map(o).get("name"))) {
                return (String) map(o).get("ipv4");
            }
        }
        throw new AssertionError(name + " not in truth.json");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static List<Map<String, Object>> records(String ndjson, String type) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank() && type.equals(Json.object(line).get("type"))) {
                out.add(Json.object(line));
            }
        }
        return out;
    }

    @Test
    void theTruthsDirectFetchesBecomeAllowedByTheirLineAndNothingFails() throws Exception {
        Map<String, Set<Long>> truth = directPortsByHost();
        assertEquals(Set.of("proxy.golang.org", "sum.golang.org"), truth.keySet(), "the sample's direct fetches");
        Path allow = dir.resolve("allow.txt");
        // a name with port and client for one, the origin's address for the other
        Files.writeString(allow, "proxy.golang.org:443 client=go-http\n" + originAddress("sum.golang.org")
                + "   # the checksum database\n");
        Path md = dir.resolve("summary.md");
        Path report = dir.resolve("report.html");
        Path csv = dir.resolve("csv");
        JobSummaryTest.Run r = JobSummaryTest.run(JobSummaryTest.analyze(Map.of()), "--no-inherit-env", "--env-file",
                A_ENV, "--allow", allow.toString(), "--fail-on", "any", "--format", "json", "--summary-md",
                md.toString(), "--annotations", "github", "--report", report.toString(), "--csv", csv.toString(), A);
        assertEquals(0, r.exit(), "allowed flows never fail: " + r.err());
        assertFalse(r.err().lines().anyMatch(l -> l.startsWith("::error") || l.startsWith("::warning")), r.err());

        Map<String, Set<Long>> allowedPorts = new TreeMap<>();
        for (Map<String, Object> f : records(r.out(), "flow")) {
            assertFalse("direct-bypass".equals(f.get("verdict")), "no bypass left: " + f);
            if ("direct-allowed".equals(f.get("verdict"))) {
                String host = (String) f.get("host");
                allowedPorts.computeIfAbsent(host, k -> new TreeSet<>()).add((Long) f.get("client_port"));
                assertEquals(host.equals("proxy.golang.org") ? allow + ":1" : allow + ":2", f.get("allowed_by"), host);
                assertTrue(((String) f.get("reason")).startsWith("allowed to go direct by " + f.get("allowed_by")),
                        (String) f.get("reason"));
                assertEquals("direct", f.get("route"));
            } else {
                assertFalse(f.containsKey("allowed_by"), f.toString());
            }
        }
        assertEquals(truth, allowedPorts, "exactly the connections the origin servers logged from the client");
        assertTrue(records(r.out(), "finding").isEmpty(), "an allowed flow is no finding");
        assertEquals(4L, records(r.out(), "capture").get(0).get("schema_version"));

        long allowed = truth.values().stream().mapToLong(Set::size).sum();
        String summary = Files.readString(md, StandardCharsets.UTF_8);
        assertTrue(summary.contains("\u2014 pass (--fail-on any)"), summary);
        assertTrue(summary.contains("| DNS bypasses | allowed |"), summary);
        assertTrue(summary.contains("**direct-allowed** `proxy.golang.org:443` (2 flows, by `" + allow + ":1`)"), summary);
        assertTrue(summary.contains("**direct-allowed** `sum.golang.org:443` (1 flow, by `" + allow + ":2`)"), summary);
        assertTrue(summary.contains(allowed + " connections went direct as the \\-\\-allow file allows\\."), summary);

        String html = Files.readString(report, StandardCharsets.UTF_8);
        assertTrue(html.contains("Direct, allowed (--allow)"), "the report's tile");
        assertTrue(html.contains("allowed to go direct by " + allow + ":1"), "the reason in the connection table");
        List<String> rows = Files.readAllLines(csv.resolve("flows.csv"));
        assertTrue(rows.get(0).endsWith(",allowed_by"), rows.get(0));
        assertEquals(allowed, rows.stream().filter(l -> l.contains(",direct-allowed,")).count());
        assertEquals(allowed, rows.stream().filter(l -> l.endsWith(allow + ":1") || l.endsWith(allow + ":2")).count());
    }

    @Test
    void anEntryForAnotherClientOrPortAllowsNothing() throws Exception {
        Path allow = dir.resolve("other.txt");
        Files.writeString(allow, "proxy.golang.org:443 client=git-curl\nsum.golang.org:80\n*.lab.test\n");
        JobSummaryTest.Run r = JobSummaryTest.run(JobSummaryTest.analyze(Map.of()), "--no-inherit-env", "--env-file",
                A_ENV, "--allow", allow.toString(), "--fail-on", "any", "--format", "json", A);
        assertEquals(1, r.exit(), r.err());
        assertFalse(r.out().contains("direct-allowed"), r.out());
        assertEquals(2, records(r.out(), "finding").size());
    }

    @Test
    void batchCountsAllowedFlowsAndJUnitNeverFailsOnThem() throws Exception {
        Path allow = dir.resolve("allow.txt");
        Files.writeString(allow, "*.golang.org:443\n");
        Path junit = dir.resolve("junit.xml");
        Path out = dir.resolve("out");
        BatchCommand b = new BatchCommand();
        b.jobSummary.processEnv = Map.of();
        b.processEnv = Map.of();
        JobSummaryTest.Run r = JobSummaryTest.run(b, "--no-inherit-env", "--quiet", "--fail-on", "any", "--out",
                out.toString(), "--junit", junit.toString(), "--allow", allow.toString(), SAMPLE);
        assertEquals(0, r.exit(), r.err());
        long allowed = directPortsByHost().values().stream().mapToLong(Set::size).sum();
        String xml = Files.readString(junit, StandardCharsets.UTF_8);
        assertTrue(xml.contains("failures=\"0\""), xml);
        assertTrue(xml.contains(allowed + " connections went direct as the --allow file allows (verdict direct-allowed)"),
                xml);
        Map<String, Object> totals = map(Json.object(Files.readString(out.resolve("summary.json"))).get("totals"));
        assertEquals(allowed, totals.get("direct_allowed"));
        assertEquals(0L, totals.get("direct_bypass"));
    }

    /**
     * A baseline holding only the sample's DNS server (its address from truth.json): the two Go origins are new
     * endpoints. Allowed, they are listed with their entry and do not fail under {@code --new-endpoints fail}.
     */
    @Test
    void aNewEndpointWhoseFlowsWereAllAllowedIsListedAndDoesNotFail() throws Exception {
        Map<String, Object> truth = Json.object(Files.readString(Path.of(SAMPLE, "truth.json")));
        String dns = (String) map(map(truth.get("lab")).get("dns")).get("ipv4");
        Path baseline = dir.resolve("baseline.json");
        Files.writeString(baseline, "{\"schema_version\": 1, \"endpoints\": [{\"host\": \"" + dns
                + "\", \"port\": 53, \"route\": \"direct\", \"client\": \"-\"}]}\n");
        Path allow = dir.resolve("allow.txt");
        Files.writeString(allow, "*.golang.org:443 client=go-http\n");
        BatchCommand b = new BatchCommand();
        b.jobSummary.processEnv = Map.of();
        b.processEnv = Map.of();
        Path out = dir.resolve("out");
        JobSummaryTest.Run r = JobSummaryTest.run(b, "--no-inherit-env", "--quiet", "--fail-on", "any", "--out",
                out.toString(), "--baseline", baseline.toString(), "--new-endpoints", "fail", "--allow",
                allow.toString(), SAMPLE);
        assertEquals(0, r.exit(), r.err());
        Set<String> expected = new TreeSet<>();
        for (String host : directPortsByHost().keySet()) {
            expected.add(host + ":443 direct go-http allowed_by=" + allow + ":1");
        }
        Set<String> listed = new TreeSet<>();
        Map<String, Object> summary = Json.object(Files.readString(out.resolve("summary.json")));
        for (Object o : (List<?>) map(summary.get("baseline")).get("new_endpoints")) {
            Map<String, Object> n = map(o);
            listed.add(n.get("host") + ":" + n.get("port") + " " + n.get("route") + " " + n.get("client")
                    + " allowed_by=" + n.get("allowed_by"));
        }
        assertEquals(expected, listed);
        assertTrue(r.err().contains("; allowed by " + allow + ":1)"), r.err());

        BatchCommand without = new BatchCommand();
        without.jobSummary.processEnv = Map.of();
        without.processEnv = Map.of();
        JobSummaryTest.Run failing = JobSummaryTest.run(without, "--no-inherit-env", "--quiet", "--fail-on", "none",
                "--out", dir.resolve("out2").toString(), "--baseline", baseline.toString(), "--new-endpoints", "fail",
                SAMPLE);
        assertEquals(ExitCodes.FINDINGS, failing.exit(), "without --allow the new endpoints fail: " + failing.err());
    }

    @Test
    void aBadLineIsOneErrorWithFileAndLineForEveryCommand() throws Exception {
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "# ok\nproxy.golang.org:443\nsum.golang.org:https\n");
        String expected = "proxyaudit: --allow " + bad + ":3: port 'https' is not a number from 1 to 65535";
        JobSummaryTest.Run a = JobSummaryTest.run(JobSummaryTest.analyze(Map.of()), "--allow", bad.toString(), A);
        assertEquals(ExitCodes.USAGE, a.exit());
        assertEquals(expected, a.err().strip());
        BatchCommand b = new BatchCommand();
        b.jobSummary.processEnv = Map.of();
        JobSummaryTest.Run batch = JobSummaryTest.run(b, "--quiet", "--out", dir.resolve("out").toString(), "--allow",
                bad.toString(), SAMPLE);
        assertEquals(ExitCodes.USAGE, batch.exit());
        assertEquals(expected, batch.err().strip());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
        // run refuses it before COMMAND starts (and before any capture rights are needed)
        Path marker = dir.resolve("ran");
        JobSummaryTest.Run run = JobSummaryTest.run(new RunCommand(), "--allow", bad.toString(), "--", "touch",
                marker.toString());
        assertEquals(ExitCodes.USAGE, run.exit());
        assertEquals(expected, run.err().strip());
        assertFalse(Files.exists(marker), "COMMAND did not run");
        JobSummaryTest.Run missing = JobSummaryTest.run(JobSummaryTest.analyze(Map.of()), "--allow",
                dir.resolve("none.txt").toString(), A);
        assertEquals(ExitCodes.USAGE, missing.exit());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("proxyaudit: --allow " + dir.resolve("none.txt") + ": "), missing.err());
        assertFalse(missing.err().contains("Exception"), missing.err());
    }
}
