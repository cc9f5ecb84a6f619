package io.proxyaudit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxyaudit.cli.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Spark job (local[2]) against the real {@code proxyaudit batch} and {@code analyze} run in this JVM on the same
 * captures: the lab samples with their sidecars, damaged and broken inputs, and the shared corpus. Every expected
 * value comes from batch's summary.json or analyze's NDJSON, never from the job itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LakeJobTest {
    static final Path ROOT = Path.of(System.getProperty("proxyaudit.root", "..")).toAbsolutePath().normalize();
    static final Path SAMPLES = ROOT.resolve("samples");
    static final Path CORPUS = Path.of(System.getProperty("proxyaudit.shared", "../../shared")).toAbsolutePath()
            .normalize().resolve("corpus/captures");
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path tmp;

    SparkSession spark;

    record Run(int code, String out, String err) {}

    /** The outputs of batch and of the job over the same inputs. */
    record Both(Run batch, JsonNode batchSummary, Run job, JsonNode jobSummary, Path jobOut) {}

    @BeforeAll
    void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("LakeJobTest")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "localhost")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    static Run cli(Object command, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args.toArray(new String[0]));
        return new Run(code, out.toString(), err.toString());
    }

    Both both(String name, List<String> inputs) throws IOException {
        Path batchOut = tmp.resolve(name + "-batch");
        Path jobOut = tmp.resolve(name + "-spark");
        List<String> b = new ArrayList<>(List.of("batch", "--out", batchOut.toString(), "--no-inherit-env", "--quiet"));
        b.addAll(inputs);
        Run batch = cli(new Main(), b);
        List<String> j = new ArrayList<>(List.of("--out", jobOut.toString(), "--no-inherit-env", "--quiet"));
        j.addAll(inputs);
        Run job = cli(new SparkAuditCommand(), j);
        assertTrue(Files.isRegularFile(jobOut.resolve("summary.json")), "the job wrote no summary.json: " + job.err());
        return new Both(batch, JSON.readTree(batchOut.resolve("summary.json").toFile()), job,
                JSON.readTree(jobOut.resolve("summary.json").toFile()), jobOut);
    }

    /** An --allow file that lets sample a's direct fetch of sum.golang.org go (docs/allowlist.md). */
    Path allowFile() throws IOException {
        Path f = tmp.resolve("allow.txt");
        if (!Files.exists(f)) {
            Files.writeString(f, "# the checksum database may go direct\nsum.golang.org:443\n");
        }
        return f;
    }

    /** The lab samples (their sidecars applied), plus damaged and broken inputs of every kind batch knows. */
    List<String> sampleInputs() throws IOException {
        Path damaged = Files.createDirectories(tmp.resolve("damaged"));
        Path sample = SAMPLES.resolve("a-http-proxy-only");
        byte[] pcap = Files.readAllBytes(sample.resolve("capture.pcap"));
        // cut inside a packet record: batch reads up to the cut and reports the damage
        Files.write(damaged.resolve("cut.pcap"), Arrays.copyOf(pcap, pcap.length * 3 / 5));
        Files.copy(sample.resolve("capture.env"), damaged.resolve("cut.env"));
        // a gzip stream that ends early: reading stops, the capture is incomplete
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(gz)) {
            o.write(pcap);
        }
        Files.write(damaged.resolve("cut-gzip.pcap.gz"), Arrays.copyOf(gz.toByteArray(), gz.size() / 2));
        // a sidecar that is not an env file: a configuration error for its capture only
        Files.write(damaged.resolve("badenv.pcap"), pcap);
        Files.writeString(damaged.resolve("badenv.env"), "HTTPS_PROXY=http://10.0.0.1:3128\nthis is not an assignment\n");
        // a text file among them: skipped, as batch skips it
        Files.writeString(damaged.resolve("notes.txt"), "not a capture\n");
        // named explicitly although it is not a capture: unreadable
        Path named = Files.createDirectories(tmp.resolve("named"));
        Files.writeString(named.resolve("notes.pcap"), "# not a capture\n");
        Path glob = Files.createDirectories(tmp.resolve("glob"));
        Files.copy(SAMPLES.resolve("b-https-proxy/capture.pcap"), glob.resolve("b.pcap"));
        Files.copy(SAMPLES.resolve("b-https-proxy/capture.env"), glob.resolve("b.env"));
        return List.of(SAMPLES.toString(), damaged.toString(), named.resolve("notes.pcap").toString(),
                tmp.resolve("missing.pcap").toString(), glob + "/*.pcap", tmp + "/nothing-*.pcap");
    }

    @Test
    void samplesAndBrokenInputsGiveWhatBatchReports() throws IOException {
        List<String> inputs = new ArrayList<>(List.of("--allow", allowFile().toString()));
        inputs.addAll(sampleInputs());
        Both r = both("samples", inputs);
        assertTrue(r.jobSummary().get("totals").get("direct_allowed").asLong() > 0, "the --allow entry matched");
        assertEquals(r.batch().code(), r.job().code(), "exit code; batch: " + r.batch().err() + "\njob: " + r.job().err());
        assertSameTotals(r);
        Map<String, Row> captures = assertSameCaptures(r);
        assertEquals("incomplete", captures.get(tmp.resolve("damaged/cut-gzip.pcap.gz").toString()).getAs("status"));
        assertNotNull(captures.get(tmp.resolve("damaged/cut.pcap").toString()).getAs("damage"), "damage of the cut copy");
        assertEquals("config-error", captures.get(tmp.resolve("damaged/badenv.pcap").toString()).getAs("status"));
        assertEquals("unreadable", captures.get(tmp.resolve("named/notes.pcap").toString()).getAs("status"));
        assertEquals("no such file: " + tmp.resolve("missing.pcap"),
                captures.get(tmp.resolve("missing.pcap").toString()).getAs("error"));
        assertTrue(r.jobSummary().get("totals").get("findings").asLong() > 0, "the samples have findings");
        assertRowsEqualAnalyze(r.jobOut());
    }

    @Test
    void corpusGivesWhatBatchReports() throws IOException {
        assumeTrue(Files.isDirectory(CORPUS), "shared corpus absent (" + CORPUS + "): corpus comparison skipped");
        Both r = both("corpus", List.of(CORPUS.toString()));
        assertEquals(r.batch().code(), r.job().code(), "exit code; job: " + r.job().err());
        assertSameTotals(r);
        Map<String, Row> captures = assertSameCaptures(r);
        long unreadable = captures.values().stream().filter(c -> "unreadable".equals(c.getAs("status"))).count();
        assertTrue(unreadable > 0, "the corpus holds captures that cannot be read: each is a row, the job did not fail");
    }

    /** summary.json's totals: every field of batch's, equal, and no other. */
    static void assertSameTotals(Both r) {
        JsonNode b = r.batchSummary().get("totals");
        JsonNode j = r.jobSummary().get("totals");
        assertEquals(fieldNames(b), fieldNames(j), "totals fields");
        for (String f : fieldNames(b)) {
            assertEquals(b.get(f), j.get(f), "totals." + f);
        }
        assertEquals(r.batchSummary().get("skipped"), r.jobSummary().get("skipped"), "skipped files");
        assertEquals(r.batchSummary().get("fail_on"), r.jobSummary().get("fail_on"));
        assertEquals(r.batchSummary().get("exit_code"), r.jobSummary().get("exit_code"));
        assertEquals(r.batchSummary().get("config"), r.jobSummary().get("config"));
    }

    /** Each capture of batch's summary.json has its captures row with the same values, flows and findings. */
    Map<String, Row> assertSameCaptures(Both r) {
        Dataset<Row> captures = spark.read().parquet(r.jobOut().resolve("captures").toString());
        Map<String, Row> byPath = new TreeMap<>();
        for (Row c : captures.collectAsList()) {
            String path = c.getAs("path");
            assertEquals(path, c.getAs(TableSchemas.CAPTURE), "join key");
            byPath.put(path, c);
        }
        Map<String, Long> flows = countByCapture(r.jobOut(), "flows", null);
        Map<String, Long> bypassFlows = countByCapture(r.jobOut(), "flows", "verdict = 'direct-bypass'");
        Map<String, Long> dnsBypasses = countByCapture(r.jobOut(), "dns", "verdict = 'direct-bypass'");
        Map<String, List<String>> findings = findingsByCapture(r.jobOut());
        List<String> batchPaths = new ArrayList<>();
        for (JsonNode b : r.batchSummary().get("captures")) {
            String path = b.get("path").asText();
            batchPaths.add(path);
            Row c = byPath.get(path);
            assertNotNull(c, "no captures row for " + path);
            for (String f : List.of("name", "status", "error", "damage", "config_source", "format", "compression",
                    "assumed_proxy", "assumption")) {
                assertEquals(text(b.get(f)), c.getAs(f), path + ": " + f);
            }
            assertEquals((Object) b.get("failed").asBoolean(), c.getAs("failed"), path + ": failed");
            assertEquals(b.get("file_bytes").asLong(), c.<Long>getAs("file_bytes"), path + ": file_bytes");
            assertEquals(strings(b.get("sidecars")), c.getList(c.fieldIndex("sidecars")), path + ": sidecars");
            if (b.get("counts").isNull()) {
                assertTrue(c.isNullAt(c.fieldIndex("counts")), path + ": counts of an unread capture");
                assertTrue(c.isNullAt(c.fieldIndex("packets")), path + ": packets of an unread capture");
                continue;
            }
            assertEquals(b.get("packets").asLong(), c.<Long>getAs("packets"), path + ": packets");
            assertEquals(b.get("captured_bytes").asLong(), c.<Long>getAs("bytes"), path + ": bytes");
            assertEquals(b.get("warnings").asLong(), c.<Long>getAs("warnings"), path + ": warnings");
            Row counts = c.getAs("counts");
            for (Iterator<String> it = b.get("counts").fieldNames(); it.hasNext(); ) {
                String f = it.next();
                assertEquals(b.get("counts").get(f).asLong(), counts.<Long>getAs(f), path + ": counts." + f);
            }
            assertEquals(b.get("counts").get("flows").asLong(), flows.getOrDefault(path, 0L), path + ": flows rows");
            assertEquals(b.get("counts").get("direct_bypass").asLong(), bypassFlows.getOrDefault(path, 0L),
                    path + ": direct-bypass flow rows");
            assertEquals(b.get("counts").get("dns_bypasses").asLong(), dnsBypasses.getOrDefault(path, 0L),
                    path + ": direct-bypass dns rows");
            assertEquals(0, b.get("findings_omitted").asLong(), path + ": batch listed every finding");
            List<String> expected = new ArrayList<>();
            for (JsonNode f : b.get("findings")) {
                expected.add(String.join("|", text(f.get("verdict")), text(f.get("host")), f.get("port").asText(),
                        text(f.get("role")), f.get("flows").asText(), text(f.get("reason_code")), text(f.get("reason")),
                        text(f.get("remediation"))));
            }
            expected.sort(null);
            assertEquals(expected, findings.getOrDefault(path, List.of()), path + ": findings");
        }
        assertEquals(new TreeMap<>(byPath).keySet(), new java.util.TreeSet<>(batchPaths), "the same captures");
        return byPath;
    }

    /**
     * Every record of {@code analyze --json FILE} on each sample (its sidecar as --env-file), read back from the
     * tables as JSON, is the same JSON object: all fields, nested ones too, absent where NDJSON omits them.
     */
    void assertRowsEqualAnalyze(Path jobOut) throws IOException {
        Map<String, Map<String, List<JsonNode>>> tables = new HashMap<>();
        for (String t : List.of("captures", "flows", "dns", "findings")) {
            Dataset<Row> rows = spark.read().parquet(jobOut.resolve(t).toString());
            Map<String, List<JsonNode>> byCapture = new HashMap<>();
            for (String line : rows.toJSON().collectAsList()) {
                ObjectNode o = (ObjectNode) JSON.readTree(line);
                String capture = o.remove(TableSchemas.CAPTURE).asText();
                o.remove(TableSchemas.DATE);
                if (t.equals("captures")) {
                    for (var f : TableSchemas.BATCH_FIELDS) {
                        o.remove(f.name());
                    }
                }
                byCapture.computeIfAbsent(capture, k -> new ArrayList<>()).add(o);
            }
            tables.put(t, byCapture);
        }
        int compared = 0;
        try (Stream<Path> dirs = Files.list(SAMPLES)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Path capture = dir.resolve("capture.pcap");
                if (!Files.exists(capture)) {
                    capture = dir.resolve("capture.pcapng");
                }
                if (!Files.exists(capture)) {
                    continue;
                }
                Path ndjson = tmp.resolve("analyze-" + dir.getFileName() + ".ndjson");
                List<String> args = new ArrayList<>(List.of("analyze", "--json", ndjson.toString(), "--no-inherit-env",
                        "--fail-on", "none", "--allow", allowFile().toString()));
                if (Files.exists(dir.resolve("capture.env"))) {
                    args.addAll(List.of("--env-file", dir.resolve("capture.env").toString()));
                }
                args.add(capture.toString());
                java.io.PrintStream stdout = System.out;
                Run analyze;
                try {
                    System.setOut(new java.io.PrintStream(OutputStream.nullOutputStream())); // its terminal summary
                    analyze = cli(new Main(), args);
                } finally {
                    System.setOut(stdout);
                }
                assertEquals(0, analyze.code(), capture + ": " + analyze.err());
                Map<String, List<JsonNode>> expected = new HashMap<>();
                for (String line : Files.readAllLines(ndjson)) {
                    ObjectNode o = (ObjectNode) JSON.readTree(line);
                    String type = o.get("type").asText();
                    String table = switch (type) {
                        case "capture" -> "captures";
                        case "flow" -> "flows";
                        case "finding" -> "findings";
                        default -> type;
                    };
                    expected.computeIfAbsent(table, k -> new ArrayList<>()).add(o);
                }
                for (String t : List.of("captures", "flows", "dns", "findings")) {
                    List<JsonNode> want = sorted(expected.getOrDefault(t, List.of()));
                    List<JsonNode> got = sorted(tables.get(t).getOrDefault(capture.toString(), List.of()));
                    assertEquals(want, got, capture + ": " + t + " rows against analyze's NDJSON");
                    compared += want.size();
                }
            }
        }
        assertTrue(compared > 100, "records compared: " + compared);
    }

    private static List<JsonNode> sorted(List<JsonNode> l) {
        List<JsonNode> s = new ArrayList<>(l);
        s.sort(java.util.Comparator.comparing(JsonNode::toString));
        return s;
    }

    Map<String, Long> countByCapture(Path out, String table, String where) {
        Dataset<Row> rows = spark.read().parquet(out.resolve(table).toString());
        if (where != null) {
            rows = rows.where(where);
        }
        Map<String, Long> m = new HashMap<>();
        for (Row r : rows.groupBy(TableSchemas.CAPTURE).count().collectAsList()) {
            m.put(r.getString(0), r.getLong(1));
        }
        return m;
    }

    Map<String, List<String>> findingsByCapture(Path out) {
        Map<String, List<String>> m = new HashMap<>();
        for (Row f : spark.read().parquet(out.resolve("findings").toString()).collectAsList()) {
            String line = String.join("|", f.<String>getAs("verdict"), f.<String>getAs("host"),
                    (f.isNullAt(f.fieldIndex("port")) ? "0" : String.valueOf(f.getLong(f.fieldIndex("port")))), f.<String>getAs("role"),
                    String.valueOf(f.getLong(f.fieldIndex("flows"))), f.<String>getAs("reason_code"), f.<String>getAs("reason"),
                    f.<String>getAs("remediation"));
            m.computeIfAbsent(f.getAs(TableSchemas.CAPTURE), k -> new ArrayList<>()).add(line);
        }
        m.values().forEach(l -> l.sort(null));
        return m;
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> l = new ArrayList<>();
        o.fieldNames().forEachRemaining(l::add);
        return l;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static List<String> strings(JsonNode a) {
        List<String> l = new ArrayList<>();
        a.forEach(n -> l.add(n.asText()));
        return l;
    }

    @Test
    void namesSparksFileInputCannotReadAreReportedNeverDropped() throws IOException {
        // batch reads these; Spark's file input leaves out hidden names and reads paths as globs: the job says so
        Path dir = Files.createDirectories(tmp.resolve("hidden"));
        Path sample = SAMPLES.resolve("a-http-proxy-only/capture.pcap");
        Files.copy(sample, dir.resolve(".walked.pcap"));
        Files.copy(sample, dir.resolve("ok.pcap"));
        Path named = Files.copy(sample, tmp.resolve("_named.pcap"));
        Path out = tmp.resolve("hidden-spark");
        Run job = cli(new SparkAuditCommand(), List.of("--out", out.toString(), "--no-inherit-env", "--quiet",
                dir.toString(), named.toString()));
        assertEquals(3, job.code(), "a named file not read: exit code 3; " + job.err());
        Map<String, String> status = new HashMap<>();
        Map<String, String> error = new HashMap<>();
        for (Row c : spark.read().parquet(out.resolve("captures").toString()).collectAsList()) {
            status.put(c.getAs("path"), c.getAs("status"));
            error.put(c.getAs("path"), c.getAs("error"));
        }
        assertEquals(Map.of(named.toString(), "unreadable", dir.resolve("ok.pcap").toString(), "analysed"), status);
        assertTrue(error.get(named.toString()).contains("names starting with '.' or '_'"), error.toString());
        JsonNode skipped = JSON.readTree(out.resolve("summary.json").toFile()).get("skipped");
        assertEquals(1, skipped.size(), skipped.toString());
        assertEquals(dir.resolve(".walked.pcap").toString(), skipped.get(0).get("path").asText());
        assertEquals(1, JSON.readTree(out.resolve("summary.json").toFile()).get("totals").get("skipped_files").asInt());
    }

    @Test
    void pathsTheFileInputCannotNameAreKnownBeforeReading() {
        assertNull(LakeInputs.unreadableName(new org.apache.hadoop.fs.Path("s3a://bucket/ci/2026-12-03/job.pcap")));
        assertNotNull(LakeInputs.unreadableName(new org.apache.hadoop.fs.Path("/data/_tmp.pcap")));
        assertNotNull(LakeInputs.unreadableName(new org.apache.hadoop.fs.Path("/data/a,b.pcap")));
        assertNotNull(LakeInputs.unreadableName(new org.apache.hadoop.fs.Path("/data/run[1]/x.pcap")));
    }
}
