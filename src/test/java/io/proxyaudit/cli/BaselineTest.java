package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proxyaudit.testutil.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch --baseline}: learnt from a passing run of one lab sample, then a run over that sample and another
 * lists exactly the other's endpoints that the first lacks, computed here from {@code analyze --format json}'s
 * flow records (target, route, client), never from the batch's own output.
 */
class BaselineTest {
    static final Path SAMPLES = Path.of("samples");
    /** Passes with --fail-on none; its endpoints are the baseline. */
    static final String LEARNT = "a-http-proxy-only";
    /** Reaches endpoints that LEARNT does not. */
    static final String OTHER = "j-busy-mixed";

    @TempDir
    Path tmp;

    static Path capture(String sample) throws Exception {
        try (var s = Files.list(SAMPLES.resolve(sample))) {
            return s.filter(p -> p.getFileName().toString().matches("capture\\.pcap(ng)?(\\.gz)?")).findFirst()
                    .orElseThrow();
        }
    }

    /** host port route client of every flow of the sample, from analyze's NDJSON (the flow's target when it has one). */
    static Set<String> endpointsByAnalyze(String sample) throws Exception {
        Path cap = capture(sample);
        List<String> args = new java.util.ArrayList<>(List.of("analyze", cap.toString(), "--format", "json",
                "--no-inherit-env", "--fail-on", "none"));
        for (Path side : BatchNames.sidecars(cap)) {
            args.add("--env-file");
            args.add(side.toString());
        }
        BatchCommandTest.Run a = BatchHistoryTest.withStdout(args.toArray(String[]::new));
        Set<String> out = new HashSet<>();
        for (String line : a.out().split("\n")) {
            Map<String, Object> r = Json.object(line);
            if (!"flow".equals(r.get("type"))) {
                continue;
            }
            String target = (String) r.get("target");
            String host;
            long port;
            if (target != null && target.lastIndexOf(':') > 0) {
                host = target.substring(0, target.lastIndexOf(':')).replace("[", "").replace("]", "");
                port = Long.parseLong(target.substring(target.lastIndexOf(':') + 1));
            } else {
                host = (String) r.get("host");
                port = (Long) r.get("server_port");
            }
            out.add(host.toLowerCase(java.util.Locale.ROOT) + " " + port + " " + r.getOrDefault("route", "-") + " "
                    + r.getOrDefault("client", "-"));
        }
        assertFalse(out.isEmpty(), sample);
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @Test
    void learnsFromAPassingRunAndFlagsWhatIsNew() throws Exception {
        assumeTrue(Files.isDirectory(SAMPLES.resolve(OTHER)));
        Path base = tmp.resolve("endpoints.json");
        BatchCommandTest.Run missing = BatchCommandTest.run("batch", SAMPLES.resolve(LEARNT).toString(), "--out",
                tmp.resolve("o0").toString(), "--baseline", base.toString(), "--no-inherit-env", "--quiet");
        assertEquals(ExitCodes.USAGE, missing.code(), "no file and no --baseline-update: " + missing.err());
        assertTrue(missing.err().contains("no such file (a passing run with --baseline-update creates it)"), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());

        BatchCommandTest.Run learn = BatchCommandTest.run("batch", SAMPLES.resolve(LEARNT).toString(), "--out",
                tmp.resolve("o1").toString(), "--baseline", base.toString(), "--baseline-update", "--fail-on", "none",
                "--no-inherit-env", "--quiet");
        assertEquals(0, learn.code(), learn.err());
        assertTrue(learn.err().contains("baseline " + base + ": created with "), learn.err());
        Map<String, Object> file = Json.object(Files.readString(base));
        assertEquals(1L, file.get("schema_version"));
        Set<String> learnt = new HashSet<>();
        for (Map<String, Object> e : list(file.get("endpoints"))) {
            learnt.add(e.get("host") + " " + e.get("port") + " " + e.get("route") + " " + e.get("client"));
        }
        assertEquals(endpointsByAnalyze(LEARNT), learnt);

        Set<String> expectedNew = new HashSet<>(endpointsByAnalyze(OTHER));
        expectedNew.removeAll(learnt);
        assertFalse(expectedNew.isEmpty(), "the other sample reaches endpoints the first does not");

        Path junit = tmp.resolve("junit.xml");
        BatchCommandTest.Run warn = BatchCommandTest.run("batch", SAMPLES.resolve(LEARNT).toString(),
                SAMPLES.resolve(OTHER).toString(), "--out", tmp.resolve("o2").toString(), "--baseline",
                base.toString(), "--fail-on", "none", "--no-inherit-env", "--quiet", "--junit", junit.toString());
        assertEquals(0, warn.code(), "new endpoints only warn by default: " + warn.err());
        Map<String, Object> summary = Json.object(Files.readString(tmp.resolve("o2/summary.json")));
        Map<String, Object> b = BatchHistoryTest.map(summary.get("baseline"));
        assertEquals("warn", b.get("new_endpoints_mode"));
        assertEquals((long) learnt.size(), b.get("known_endpoints"));
        Set<String> flagged = new HashSet<>();
        for (Map<String, Object> e : list(b.get("new_endpoints"))) {
            flagged.add(e.get("host") + " " + e.get("port") + " " + e.get("route") + " " + e.get("client"));
            assertEquals(List.of(BatchNames.displayName(capture(OTHER).toAbsolutePath(), Path.of("").toAbsolutePath())),
                    e.get("captures"), "only the other sample reaches it");
        }
        assertEquals(expectedNew, flagged);
        assertTrue(warn.err().contains(expectedNew.size() + " new endpoint"), warn.err());
        String html = Files.readString(tmp.resolve("o2/index.html"));
        assertTrue(html.contains("<section id=\"new-endpoints\""), "index section");
        String section = html.substring(html.indexOf("<section id=\"new-endpoints\""));
        section = section.substring(0, section.indexOf("</section>"));
        assertEquals(expectedNew.size() + 1, section.split("<tr", -1).length - 1, "a row each, and the header");
        String xml = Files.readString(junit);
        assertTrue(xml.contains("<system-out>" + expectedNew.size() + " new endpoint"), xml);
        assertFalse(xml.contains("type=\"new-endpoint\""), "warn: no failure");

        BatchCommandTest.Run fail = BatchCommandTest.run("batch", SAMPLES.resolve(LEARNT).toString(),
                SAMPLES.resolve(OTHER).toString(), "--out", tmp.resolve("o3").toString(), "--baseline",
                base.toString(), "--baseline-update", "--new-endpoints", "fail", "--fail-on", "none",
                "--no-inherit-env", "--quiet", "--junit", junit.toString());
        assertEquals(ExitCodes.FINDINGS, fail.code(), fail.err());
        assertTrue(fail.err().contains("baseline " + base + ": not updated: the run did not pass (exit code 1)"),
                fail.err());
        assertEquals(learnt.size(), list(Json.object(Files.readString(base)).get("endpoints")).size(),
                "a failing run teaches nothing");
        String failXml = Files.readString(junit);
        assertEquals(1, failXml.split("type=\"new-endpoint\"", -1).length - 1, "one failing testcase: " + failXml);
        assertTrue(failXml.contains("failures=\"1\""), failXml);

        // a passing run with the update learns the new endpoints: the next run has none
        BatchCommandTest.Run learnMore = BatchCommandTest.run("batch", SAMPLES.resolve(OTHER).toString(), "--out",
                tmp.resolve("o4").toString(), "--baseline", base.toString(), "--baseline-update", "--fail-on", "none",
                "--no-inherit-env", "--quiet");
        assertEquals(0, learnMore.code(), learnMore.err());
        assertTrue(learnMore.err().contains("learnt this run: " + expectedNew.size() + " new"), learnMore.err());
        BatchCommandTest.Run again = BatchCommandTest.run("batch", SAMPLES.resolve(OTHER).toString(), "--out",
                tmp.resolve("o5").toString(), "--baseline", base.toString(), "--new-endpoints", "fail",
                "--fail-on", "none", "--no-inherit-env", "--quiet");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("no new endpoint against baseline"), again.err());
    }

    @Test
    void aBadBaselineFileIsOneLineAndNothingWritten() throws Exception {
        Path o = tmp.resolve("out");
        for (String[] c : new String[][] {
                {"notes", "this is not json", "not a proxyaudit baseline (not JSON at line 1)"},
                {"other", "{\"name\": \"x\"}", "not a proxyaudit baseline (no schema_version or no endpoints)"},
                {"newer", "{\"schema_version\": 7, \"endpoints\": []}", "baseline schema_version 7 (this proxyaudit reads 1)"},
                {"badport", "{\"schema_version\": 1, \"endpoints\": [\n{\"host\": \"a\", \"port\": 70000, "
                        + "\"route\": \"proxy\", \"client\": \"go-http\"}]}", "endpoint at line 2 needs host, port"}}) {
            Path f = tmp.resolve(c[0] + ".json");
            Files.writeString(f, c[1]);
            BatchCommandTest.Run r = BatchCommandTest.run("batch", SAMPLES.resolve(LEARNT).toString(), "--out",
                    o.toString(), "--baseline", f.toString(), "--baseline-update", "--no-inherit-env", "--quiet");
            assertEquals(ExitCodes.USAGE, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(c[2]), r.err());
            assertFalse(Files.exists(o), "nothing written");
            assertEquals(c[1], Files.readString(f), "the file is left alone");
        }
        BatchCommandTest.Run r = BatchCommandTest.run("batch", SAMPLES.resolve(LEARNT).toString(), "--out",
                o.toString(), "--baseline-update");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--baseline-update needs --baseline FILE"), r.err());
    }
}
