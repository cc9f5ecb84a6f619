package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proxyaudit.testutil.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch --db}, {@code analyze --db} and {@code history} end to end on the lab samples: the database's rows
 * against the batch's own summary.json and against {@code analyze --format json}'s NDJSON of the same capture;
 * two real processes writing one database at once; the files it must refuse, each with one line and nothing
 * written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchHistoryTest {
    static final Path SAMPLES = Path.of("samples");

    @TempDir
    static Path tmp;

    Path db;
    Path out;
    BatchCommandTest.Run batch;
    Map<String, Object> summary;

    @BeforeAll
    void runBatch() throws IOException {
        assumeTrue(Files.isDirectory(SAMPLES), "samples/ is absent");
        db = tmp.resolve("history.db");
        out = tmp.resolve("out");
        batch = BatchCommandTest.run("batch", "samples", "--out", out.toString(), "--db", db.toString(),
                "--no-inherit-env", "--quiet", "--threads", "2");
        summary = Json.object(Files.readString(out.resolve("summary.json")));
    }

    /** A command whose standard output (analyze's NDJSON goes to the stream, not picocli's writer) is kept. */
    static BatchCommandTest.Run withStdout(String... args) {
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        StandardOutput.redirect(stdout);
        try {
            BatchCommandTest.Run r = BatchCommandTest.run(args);
            return new BatchCommandTest.Run(r.code(), stdout.toString(StandardCharsets.UTF_8), r.err());
        } finally {
            StandardOutput.redirect(null);
        }
    }

    static Connection sql(Path db) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    static List<Map<String, Object>> rows(Path db, String query) throws SQLException {
        try (Connection c = sql(db); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            List<Map<String, Object>> l = new ArrayList<>();
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                Map<String, Object> m = new HashMap<>();
                for (int i = 1; i <= n; i++) {
                    Object v = r.getObject(i);
                    m.put(r.getMetaData().getColumnLabel(i), v instanceof Integer k ? Long.valueOf(k) : v);
                }
                l.add(m);
            }
            return l;
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    static final String[] COUNTS = {"flows", "proxied", "direct_exempt", "direct_unproxied", "not_proxyable",
            "direct_bypass", "go_bypasses", "other_bypasses", "unanswered", "dns_bypasses", "findings"};

    @Test
    void theRunMatchesSummaryJson() throws Exception {
        assertEquals(1L, summary.get("exit_code"), batch.err());
        List<Map<String, Object>> runs = rows(db, "SELECT * FROM runs");
        assertEquals(1, runs.size());
        Map<String, Object> run = runs.get(0);
        Map<String, Object> totals = map(summary.get("totals"));
        assertEquals("batch", run.get("command"));
        assertEquals(summary.get("exit_code"), run.get("exit_code"));
        assertEquals(summary.get("generated_at"), run.get("started_at"));
        assertEquals(totals.get("captures"), run.get("captures"));
        assertEquals(totals.get("failed"), run.get("failed"));
        assertEquals(totals.get("packets"), run.get("packets"));
        for (String k : COUNTS) {
            assertEquals(totals.get(k), run.get(k), k);
        }
        assertTrue((Long) totals.get("direct_bypass") > 0, "the samples have bypasses: the comparison means something");
    }

    @Test
    void everyCaptureMatchesItsSummaryRowAndItsFlowsAndFindingsAreAllThere() throws Exception {
        List<Map<String, Object>> caps = list(summary.get("captures"));
        List<Map<String, Object>> dbCaps = rows(db, "SELECT c.*, (SELECT count(*) FROM flows f WHERE f.capture_id = c.id)"
                + " AS flow_rows, (SELECT count(*) FROM findings f WHERE f.capture_id = c.id) AS finding_rows,"
                + " (SELECT count(*) FROM flows f WHERE f.capture_id = c.id AND f.verdict = 'direct-bypass') AS bypass_rows"
                + " FROM captures c ORDER BY c.id");
        assertEquals(caps.size(), dbCaps.size());
        for (int i = 0; i < caps.size(); i++) {
            Map<String, Object> s = caps.get(i);
            Map<String, Object> d = dbCaps.get(i);
            assertEquals(s.get("name"), d.get("name"));
            assertEquals(s.get("status"), d.get("status"));
            assertEquals(s.get("failed"), (Long) d.get("failed") == 1L, (String) s.get("name"));
            assertEquals(s.get("packets"), d.get("packets"), (String) s.get("name"));
            Map<String, Object> counts = map(s.get("counts"));
            for (String k : COUNTS) {
                assertEquals(counts.get(k), d.get(k), s.get("name") + " " + k);
            }
            // every flow and finding, not only the counts: rows in the tables
            assertEquals(counts.get("flows"), d.get("flow_rows"), (String) s.get("name"));
            assertEquals(counts.get("flows"), d.get("flows_listed"), (String) s.get("name"));
            assertEquals(counts.get("direct_bypass"), d.get("bypass_rows"), (String) s.get("name"));
            assertEquals(counts.get("findings"), d.get("finding_rows"), (String) s.get("name"));
        }
    }

    /** The flows of one capture as analyze prints them in NDJSON, against the database's rows of that capture. */
    @Test
    void flowRowsEqualAnalyzesNdjson() throws Exception {
        int compared = 0;
        for (String sample : List.of("j-busy-mixed", "e1-goprivate-git-via-proxy", "l-git-ssh-insteadof", "i-ipv6")) {
            Path dir = SAMPLES.resolve(sample);
            Path cap;
            try (var s = Files.list(dir)) {
                cap = s.filter(p -> p.getFileName().toString().matches("capture\\.pcap(ng)?(\\.gz)?")).findFirst()
                        .orElseThrow();
            }
            List<String> args = new ArrayList<>(List.of("analyze", cap.toString(), "--format", "json",
                    "--no-inherit-env", "--fail-on", "none"));
            for (Path side : BatchNames.sidecars(cap)) {
                args.add("--env-file");
                args.add(side.toString());
            }
            BatchCommandTest.Run a = withStdout(args.toArray(String[]::new));
            assertEquals(0, a.code(), a.err());
            TreeSet<String> ndjson = new TreeSet<>();
            for (String line : a.out().split("\n")) {
                Map<String, Object> r = Json.object(line);
                if ("flow".equals(r.get("type"))) {
                    ndjson.add(r.get("id") + " " + r.get("transport") + " " + r.get("client_ip") + " "
                            + r.get("client_port") + " " + r.get("server_ip") + " " + r.get("server_port") + " "
                            + r.get("host") + " " + r.get("target") + " " + r.get("role") + " " + r.get("route") + " "
                            + r.get("verdict") + " " + r.get("reason_code") + " " + r.get("proxy") + " "
                            + r.get("client") + " " + r.get("state") + " " + r.get("bytes_c2s") + " "
                            + r.get("bytes_s2c"));
                }
            }
            TreeSet<String> stored = new TreeSet<>();
            String name = BatchNames.displayName(cap.toAbsolutePath(), Path.of("").toAbsolutePath());
            for (Map<String, Object> r : rows(db, "SELECT f.* FROM flows f JOIN captures c ON c.id = f.capture_id "
                    + "WHERE c.name = '" + name.replace("'", "''") + "'")) {
                stored.add(r.get("flow_id") + " " + r.get("transport") + " " + r.get("client_ip") + " "
                        + r.get("client_port") + " " + r.get("server_ip") + " " + r.get("server_port") + " "
                        + r.get("host") + " " + r.get("target") + " " + r.get("role") + " " + r.get("route") + " "
                        + r.get("verdict") + " " + r.get("reason_code") + " " + r.get("proxy") + " "
                        + r.get("client") + " " + r.get("state") + " " + r.get("bytes_c2s") + " " + r.get("bytes_s2c"));
            }
            assertFalse(ndjson.isEmpty(), sample);
            assertEquals(ndjson, stored, sample);
            compared += stored.size();
        }
        assertTrue(compared > 50, "compared " + compared + " flows");
    }

    /** The shared corpus through batch: every capture's rows against summary.json, flow by flow counted. */
    @Test
    void theSharedCorpusThroughBatch() throws Exception {
        Path corpus = io.proxyaudit.testutil.SharedCorpus.corpusOrNull();
        assumeTrue(corpus != null && Files.isDirectory(corpus.resolve("captures")), "the shared corpus is absent");
        Path cdb = tmp.resolve("corpus.db");
        Path o = tmp.resolve("corpus-out");
        BatchCommandTest.Run r = BatchCommandTest.run("batch", corpus.resolve("captures").toString(), "--out",
                o.toString(), "--db", cdb.toString(), "--no-inherit-env", "--quiet", "--fail-on", "none");
        Map<String, Object> s = Json.object(Files.readString(o.resolve("summary.json")));
        assertEquals(s.get("exit_code"), (long) r.code(), r.err());
        List<Map<String, Object>> caps = list(s.get("captures"));
        assertTrue(caps.size() >= 20, "corpus captures: " + caps.size());
        Map<String, Map<String, Object>> byName = new HashMap<>();
        for (Map<String, Object> d : rows(cdb, "SELECT c.name, c.status, c.flows, c.direct_bypass, c.findings, "
                + "(SELECT count(*) FROM flows f WHERE f.capture_id = c.id) AS flow_rows, "
                + "(SELECT count(*) FROM findings f WHERE f.capture_id = c.id) AS finding_rows FROM captures c")) {
            byName.put((String) d.get("name"), d);
        }
        assertEquals(caps.size(), byName.size());
        long flows = 0;
        for (Map<String, Object> c : caps) {
            Map<String, Object> d = byName.get((String) c.get("name"));
            assertEquals(c.get("status"), d.get("status"), (String) c.get("name"));
            if (c.get("counts") != null) {
                Map<String, Object> counts = map(c.get("counts"));
                assertEquals(counts.get("flows"), d.get("flow_rows"), (String) c.get("name"));
                assertEquals(counts.get("direct_bypass"), d.get("direct_bypass"), (String) c.get("name"));
                assertEquals(counts.get("findings"), d.get("finding_rows"), (String) c.get("name"));
                flows += (Long) counts.get("flows");
            } else {
                assertEquals(0L, d.get("flow_rows"), (String) c.get("name"));
            }
        }
        assertEquals(map(s.get("totals")).get("flows"), flows);
        assertTrue(flows > 100, "flows " + flows);
    }

    @Test
    void theIndexDrawsTheHistory() throws Exception {
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("<section id=\"history\">"), "history section");
        int at = html.indexOf("<section id=\"history\">");
        String section = html.substring(at, html.indexOf("</section>", at));
        assertTrue(section.contains("<svg"), "a chart");
        assertTrue(section.contains("id=\"run-table\""), "the runs table");
    }

    @Test
    void historyListsTheRunsAndTheTrendPerHost() throws Exception {
        BatchCommandTest.Run text = BatchCommandTest.run("history", "--db", db.toString());
        assertEquals(0, text.code(), text.err());
        for (String line : text.out().split("\n")) {
            assertTrue(line.length() <= 80, "wider than 80 columns: " + line);
        }
        BatchCommandTest.Run json = BatchCommandTest.run("history", "--db", db.toString(), "--format", "json",
                "--last", "0");
        assertEquals(0, json.code(), json.err());
        Map<String, Object> h = Json.object(json.out());
        long runsNow = rows(db, "SELECT count(*) AS n FROM runs").get(0).get("n") instanceof Long n ? n : -1;
        assertEquals(runsNow, list(h.get("runs")).size());
        // the run of this batch, per host, against summary.json's host totals
        Map<String, Long> bypassByHost = new HashMap<>();
        for (Map<String, Object> host : list(summary.get("hosts"))) {
            bypassByHost.merge(String.valueOf(host.get("host")), (Long) host.get("direct_bypass"), Long::sum);
        }
        int checked = 0;
        for (Map<String, Object> host : list(h.get("hosts"))) {
            for (Map<String, Object> r : list(host.get("runs"))) {
                if (Long.valueOf(1).equals(r.get("run")) && bypassByHost.containsKey((String) host.get("host"))) {
                    assertEquals(bypassByHost.get((String) host.get("host")), r.get("direct_bypass"),
                            (String) host.get("host"));
                    checked++;
                }
            }
        }
        assertTrue(checked >= 5, "hosts compared: " + checked);
    }

    @Test
    void analyzeAppendsItsRunToo() throws Exception {
        Path own = tmp.resolve("analyze.db");
        Path cap = SAMPLES.resolve("b-https-proxy/capture.pcap");
        assumeTrue(Files.exists(cap));
        BatchCommandTest.Run a = withStdout("analyze", cap.toString(), "--no-inherit-env", "--env-file",
                SAMPLES.resolve("b-https-proxy/capture.env").toString(), "--db", own.toString(), "--format", "json");
        List<Map<String, Object>> runs = rows(own, "SELECT * FROM runs");
        assertEquals(1, runs.size());
        assertEquals("analyze", runs.get(0).get("command"));
        assertEquals((long) a.code(), runs.get(0).get("exit_code"));
        long ndjsonFlows = a.out().lines().filter(l -> l.startsWith("{\"type\":\"flow\"")).count();
        assertTrue(ndjsonFlows > 0);
        assertEquals(ndjsonFlows, rows(own, "SELECT count(*) AS n FROM flows").get(0).get("n"));
        assertEquals(ndjsonFlows, runs.get(0).get("flows"));
    }

    /** Two batches as two JVMs on one new database at once: both runs whole, the file intact. */
    @Test
    void twoProcessesWritingOneDatabaseAtOnce() throws Exception {
        Path shared = tmp.resolve("shared.db");
        List<Process> ps = new ArrayList<>();
        for (String o : List.of("pa", "pb")) {
            ps.add(new ProcessBuilder(java("batch", "samples", "--out", tmp.resolve(o).toString(), "--db",
                    shared.toString(), "--no-inherit-env", "--quiet", "--threads", "1"))
                    .redirectOutput(tmp.resolve(o + ".out").toFile()).redirectError(tmp.resolve(o + ".err").toFile())
                    .start());
        }
        for (int i = 0; i < ps.size(); i++) {
            assertTrue(ps.get(i).waitFor(300, TimeUnit.SECONDS), "batch did not end");
            String err = Files.readString(tmp.resolve((i == 0 ? "pa" : "pb") + ".err"));
            assertEquals(1, ps.get(i).exitValue(), err);
            assertEquals("", err, "nothing on stderr with --quiet");
        }
        assertEquals("ok", rows(shared, "PRAGMA integrity_check").get(0).values().iterator().next());
        List<Map<String, Object>> runs = rows(shared, "SELECT r.id, r.flows, (SELECT count(*) FROM flows f JOIN captures c"
                + " ON c.id = f.capture_id WHERE c.run_id = r.id) AS flow_rows FROM runs r ORDER BY r.id");
        assertEquals(2, runs.size());
        Object flows = map(Json.object(Files.readString(tmp.resolve("pa/summary.json"))).get("totals")).get("flows");
        for (Map<String, Object> r : runs) {
            assertEquals(flows, r.get("flows"));
            assertEquals(flows, r.get("flow_rows"), "every flow of each run, none of the other's");
        }
    }

    static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** One line on stderr, exit code 2, and neither the output directory nor a change to the file. */
    void refused(Path file, String expected) throws IOException {
        byte[] before = Files.exists(file) ? Files.readAllBytes(file) : null;
        Path o = tmp.resolve("refused-" + file.getFileName());
        BatchCommandTest.Run r = BatchCommandTest.run("batch", "samples/a-http-proxy-only", "--out", o.toString(),
                "--db", file.toString(), "--no-inherit-env", "--quiet");
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("proxyaudit: --db " + file + ": "), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(o), "nothing written");
        if (before != null) {
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)), "the file is unchanged");
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsRefused() throws Exception {
        Path notes = tmp.resolve("notes.db");
        Files.writeString(notes, "these are notes, not a database\n");
        refused(notes, "not an SQLite database");
    }

    @Test
    void anotherProgramsDatabaseIsRefused() throws Exception {
        Path other = tmp.resolve("other.db");
        try (Connection c = sql(other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)");
        }
        refused(other, "not a proxyaudit history database");
    }

    @Test
    void aDatabaseOfANewerSchemaIsRefused() throws Exception {
        Path newer = tmp.resolve("newer.db");
        Files.copy(db, newer);
        try (Connection c = sql(newer); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        refused(newer, "written by a newer proxyaudit (history schema version 99");
        BatchCommandTest.Run h = BatchCommandTest.run("history", "--db", newer.toString());
        assertEquals(ExitCodes.USAGE, h.code());
        assertEquals(1, h.err().strip().lines().count(), h.err());
    }

    @Test
    void aDirectoryThatDoesNotExistIsRefused() throws Exception {
        refused(tmp.resolve("no-such-dir").resolve("h.db"), "its directory does not exist");
    }

    /** Another process holds the write lock: the run waits --db-wait, then says so; the database has none of it. */
    @Test
    void aLockedDatabaseIsOneLineAndNothingOfTheRun() throws Exception {
        Path locked = tmp.resolve("locked.db");
        Files.copy(db, locked);
        Path o = tmp.resolve("locked-out");
        BatchCommandTest.Run r;
        try (Connection c = sql(locked); Statement s = c.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            s.execute("INSERT INTO runs (started_at, command, tool, fail_on, exit_code, inputs, captures, failed, "
                    + "not_read, packets) VALUES ('x', 'x', 'x', 'x', 0, '[]', 0, 0, 0, 0)");
            r = BatchCommandTest.run("batch", "samples/a-http-proxy-only", "--out", o.toString(), "--db",
                    locked.toString(), "--db-wait", "1", "--no-inherit-env", "--quiet");
            s.execute("ROLLBACK");
        }
        assertEquals(ExitCodes.UNREADABLE, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("locked by another process for more than 1 s"), r.err());
        assertTrue(r.err().contains("this run was not recorded"), r.err());
        assertEquals(1L, rows(locked, "SELECT count(*) AS n FROM runs").get(0).get("n"));
        assertEquals(3L, Json.object(Files.readString(o.resolve("summary.json"))).get("exit_code"),
                "summary.json tells the exit code");
    }

    /**
     * A read-only database file, as a user who may not write it: as root (who may write anything) the run is
     * made as nobody through setpriv, with a copy of the class path nobody can read.
     */
    @Test
    void aReadOnlyDatabaseIsOneLine() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ro"));
        Path ro = dir.resolve("h.db");
        Files.copy(db, ro);
        Path o = tmp.resolve("ro-out");
        List<String> cmd = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is needed as root");
            cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        String cp = readableClassPath(tmp.resolve("cp"));
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                Main.class.getName(), "batch", SAMPLES.toAbsolutePath().resolve("a-http-proxy-only").toString(),
                "--out", o.toString(), "--db", ro.toString(), "--no-inherit-env", "--quiet"));
        ro.toFile().setReadable(true, false);
        ro.toFile().setWritable(false, false);
        for (Path p = o.getParent(); p != null && p.startsWith(tmp.getParent()); p = p.getParent()) {
            p.toFile().setExecutable(true, false);
            p.toFile().setReadable(true, false);
        }
        tmp.toFile().setWritable(true, false); // so nobody could create --out: only the database is refused
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(ExitCodes.USAGE, p.exitValue(), output);
        assertEquals(1, output.strip().lines().count(), output);
        assertTrue(output.contains("--db " + ro + ": the file is read-only"), output);
        assertFalse(Files.exists(o), "nothing written");
    }

    /** The test class path copied where any user can read it (the Maven repository under /root is not). */
    static String readableClassPath(Path into) throws IOException {
        List<String> out = new ArrayList<>();
        String cp = System.getProperty("java.class.path");
        List<String> entries = new ArrayList<>(List.of(cp.split(java.io.File.pathSeparator)));
        // surefire may start the tests through a manifest-only jar: its Class-Path holds the real entries
        if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
            try (java.util.jar.JarFile j = new java.util.jar.JarFile(entries.get(0))) {
                String mcp = j.getManifest() == null ? null : j.getManifest().getMainAttributes().getValue("Class-Path");
                if (mcp != null) {
                    entries.clear();
                    for (String u : mcp.trim().split(" +")) {
                        entries.add(Path.of(java.net.URI.create(u)).toString());
                    }
                }
            }
        }
        int i = 0;
        for (String e : entries) {
            Path src = Path.of(e);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = into.resolve((i++) + "-" + src.getFileName());
            try (var walk = Files.walk(src)) {
                for (Path s : (Iterable<Path>) walk::iterator) {
                    Path d = dst.resolve(src.relativize(s).toString());
                    if (Files.isDirectory(s)) {
                        Files.createDirectories(d);
                    } else {
                        Files.createDirectories(d.getParent());
                        Files.copy(s, d);
                    }
                    d.toFile().setReadable(true, false);
                    d.toFile().setExecutable(Files.isDirectory(s), false);
                }
            }
            out.add(dst.toString());
        }
        for (Path p = into; p != null; p = p.getParent()) {
            p.toFile().setReadable(true, false);
            p.toFile().setExecutable(true, false);
        }
        return String.join(java.io.File.pathSeparator, out);
    }
}
