package io.proxyaudit.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proxyaudit.capture.CaptureWarning;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.testutil.SharedCorpus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every capture of ../shared/corpus, damaged three ways, through the CLI in-process and the reader:
 * <ul>
 *   <li>bytes flipped anywhere in the file (headers included) with a seeded {@link Random}, at rates 0.001 to 0.05;</li>
 *   <li>packet bytes flipped by {@code editcap -E RATE --seed SEED} (record headers intact), when editcap is installed;</li>
 *   <li>cut at a random offset.</li>
 * </ul>
 * Expected: exit code 0, 1 or 3; no stack trace; every warning gives a byte offset; a few seconds at most per
 * file; and every record that lies wholly before the first damaged byte is still read, unchanged.
 * CI samples {@code proxyaudit.damage.seeds} (default 1) seeds per file and way; raise it for a longer run.
 */
class DamagedCorpusTest {
    private static final double[] RATES = {0.001, 0.005, 0.01, 0.02, 0.05};
    private static final int SEEDS = Integer.getInteger("proxyaudit.damage.seeds", 1);
    private static final long MAX_MILLIS_PER_RUN = 5_000;

    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> damagedCaptures() throws IOException {
        Path captures = SharedCorpus.requireCorpus().resolve("captures");
        List<Path> files;
        try (Stream<Path> s = Files.list(captures)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        boolean editcap = editcapAvailable();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            for (int seed = 1; seed <= SEEDS; seed++) {
                int s = seed;
                tests.add(DynamicTest.dynamicTest(f.getFileName() + " flipped, seed " + s, () -> flipped(f, s)));
                tests.add(DynamicTest.dynamicTest(f.getFileName() + " cut, seed " + s, () -> cut(f, s)));
                if (editcap && !f.toString().endsWith(".gz")) {
                    tests.add(DynamicTest.dynamicTest(f.getFileName() + " editcap -E, seed " + s, () -> editcapped(f, s)));
                }
            }
        }
        return tests.stream();
    }

    /** The capture as the reader sees it (decompressed), so offsets match the reader's. */
    private static byte[] plain(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        if (b.length > 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
                return in.readAllBytes();
            }
        }
        return b;
    }

    private static void flipped(Path f, int seed) throws IOException {
        byte[] orig = plain(f);
        Random rnd = new Random(f.getFileName().toString().hashCode() * 31L + seed);
        double rate = RATES[rnd.nextInt(RATES.length)];
        byte[] bad = orig.clone();
        int first = Integer.MAX_VALUE;
        // keep the file header intact half of the time, so that the damage reaches the records
        int from = rnd.nextBoolean() ? Math.min(64, bad.length) : 0;
        for (int i = from; i < bad.length; i++) {
            if (rnd.nextDouble() < rate) {
                bad[i] ^= (byte) (1 + rnd.nextInt(255));
                first = Math.min(first, i);
            }
        }
        check(f, orig, bad, first, "flipped rate " + rate + " seed " + seed);
    }

    private static void cut(Path f, int seed) throws IOException {
        byte[] orig = plain(f);
        Random rnd = new Random(f.getFileName().toString().hashCode() * 17L + seed);
        int at = orig.length == 0 ? 0 : rnd.nextInt(orig.length);
        byte[] bad = java.util.Arrays.copyOf(orig, at);
        check(f, orig, bad, at, "cut at " + at);
    }

    private static void editcapped(Path f, int seed) throws IOException, InterruptedException {
        double rate = RATES[(seed + f.getFileName().toString().length()) % RATES.length];
        Path out = dir.resolve("editcap-" + seed + "-" + f.getFileName());
        Process p = new ProcessBuilder("editcap", "-E", Double.toString(rate), "--seed", Integer.toString(seed),
                f.toString(), out.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS), "editcap hung");
        if (p.exitValue() != 0 || !Files.exists(out)) {
            return; // editcap cannot read this file itself (damaged on purpose in the corpus); nothing to compare
        }
        // editcap rewrites the file: its packet records stay where they were only for pcap in pcap out;
        // compare only exit code, messages and time here
        runCli(out, "editcap -E " + rate + " --seed " + seed, "stats");
        runCli(out, "editcap -E " + rate + " --seed " + seed, "flows", "--format", "csv");
    }

    private static void check(Path f, byte[] orig, byte[] bad, int firstDamage, String what) throws IOException {
        Path damaged = dir.resolve(f.getFileName() + ".damaged");
        Files.write(damaged, bad);
        Path intact = dir.resolve(f.getFileName() + ".orig");
        Files.write(intact, orig);
        CliRun flowsAfter = runCli(damaged, what, "flows", "--format", "json");
        noSwallowedExceptions(damaged, what);
        CaptureRead before;
        try {
            before = CaptureRead.of(intact, ReaderOptions.defaults());
        } catch (IOException e) {
            return; // the undamaged file itself is unreadable (corpus holds such files): nothing to keep
        }
        CaptureRead after;
        try {
            after = CaptureRead.of(damaged, ReaderOptions.defaults());
        } catch (IOException e) {
            assertTrue(firstDamage < 64, what + ": only damage to the file header may make it unreadable, got "
                    + e.getMessage());
            return;
        }
        // flows that ended before the first damaged record (in capture time) are still reported
        long damageTime = Long.MAX_VALUE;
        List<long[]> records = before.records();
        for (int i = 0; i < records.size(); i++) {
            long[] r = records.get(i);
            if (recordEnd(records, i, orig.length) > firstDamage && r[4] != Long.MIN_VALUE) {
                damageTime = Math.min(damageTime, r[4]);
            }
        }
        CliRun flowsBefore = CliRun.run("flows", "--format", "json", intact.toString());
        java.util.Set<String> afterKeys = flowKeys(flowsAfter.out(), Long.MAX_VALUE);
        for (String key : flowKeys(flowsBefore.out(), damageTime)) {
            assertTrue(afterKeys.contains(key), what + ": flow " + key + " ended before the damage but was not reported");
        }
        int kept = 0;
        for (int i = 0; i < records.size(); i++) {
            long[] r = records.get(i);
            if (recordEnd(records, i, orig.length) > firstDamage) {
                break;
            }
            assertTrue(kept < after.records().size(), what + ": record " + r[0] + " at offset " + r[1]
                    + " lies before the damage at " + firstDamage + " but was lost");
            long[] a = after.records().get(kept);
            assertEquals(r[1], a[1], what + ": record " + r[0] + " offset");
            assertEquals(r[2], a[2], what + ": record " + r[0] + " length");
            kept++;
        }
        for (CaptureWarning w : after.warnings()) {
            assertTrue(w.offset() >= 0, what + ": warning without byte offset: " + w.toLine());
        }
    }

    /**
     * Where record {@code i} ends at the latest: its header and data (pcap header 16, pcapng EPB 28 + padding +
     * trailer 4), or, when the block is longer (pcapng options such as ptcpdump's per-packet comments), the start
     * of the next record or the end of the file.
     */
    private static long recordEnd(List<long[]> records, int i, long fileLength) {
        long[] r = records.get(i);
        long next = i + 1 < records.size() ? records.get(i + 1)[1] : fileLength;
        return Math.max(r[1] + 32 + r[2] + 3, next);
    }

    /** The pipeline counts an exception in one packet and goes on; on damaged real data there must be none. */
    private static void noSwallowedExceptions(Path damaged, String what) {
        io.proxyaudit.flow.FlowSink none = new io.proxyaudit.flow.FlowSink() {
            @Override
            public void onFlow(io.proxyaudit.flow.FlowRecord flow) {}

            @Override
            public void onDns(io.proxyaudit.flow.DnsLookup lookup) {}
        };
        io.proxyaudit.flow.FlowPipeline.Result r;
        try {
            r = new io.proxyaudit.flow.FlowPipeline(io.proxyaudit.flow.FlowOptions.defaults(), ReaderOptions.defaults())
                    .run(damaged.toString(), none);
        } catch (IOException e) {
            return; // not a capture at all: the CLI check covers the message
        }
        assertEquals(0L, r.summary().counters().getOrDefault("packet_errors", 0L), what + ": " + r.summary().counters());
        assertEquals(0L, r.summary().counters().getOrDefault("parser_errors", 0L), what + ": " + r.summary().counters());
    }

    private static final java.util.regex.Pattern TS = java.util.regex.Pattern.compile("\"(start_ts|end_ts)\":(-?[0-9.]+)");

    /** transport, endpoints and start time of each NDJSON flow record that ended before {@code beforeNanos}. */
    private static java.util.Set<String> flowKeys(String ndjson, long beforeNanos) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        ndjson.lines().filter(l -> l.startsWith("{\"type\":\"flow\"")).forEach(line -> {
            java.util.Map<String, Object> f;
            try {
                f = io.proxyaudit.testutil.Json.object(line);
            } catch (IOException e) {
                throw new AssertionError("flow record not JSON: " + line, e);
            }
            java.util.Map<String, String> ts = new java.util.HashMap<>();
            java.util.regex.Matcher m = TS.matcher(line);
            while (m.find()) {
                ts.putIfAbsent(m.group(1), m.group(2)); // the record's own, before any nested member
            }
            if (!ts.containsKey("end_ts")) {
                return;
            }
            long end = new java.math.BigDecimal(ts.get("end_ts")).movePointRight(9).longValueExact();
            if (end < beforeNanos) {
                keys.add(String.join(" ", String.valueOf(f.get("transport")), String.valueOf(f.get("client_ip")),
                        String.valueOf(f.get("client_port")), String.valueOf(f.get("server_ip")),
                        String.valueOf(f.get("server_port")), ts.get("start_ts")));
            }
        });
        return keys;
    }

    private static CliRun runCli(Path damaged, String what, String... command) {
        String[] args = java.util.Arrays.copyOf(command, command.length + 1);
        args[command.length] = damaged.toString();
        CliRun r = CliRun.run(args);
        String ctx = damaged.getFileName() + " (" + what + ")";
        assertTrue(r.exit() == 0 || r.exit() == 1 || r.exit() == 3, ctx + ": exit " + r.exit() + "\n" + r.err());
        assertFalse(r.hasStackTrace(), ctx + ": stack trace reached the user:\n" + r.err() + r.out());
        assertTrue(r.cpuMillis() < MAX_MILLIS_PER_RUN, ctx + ": took " + r.cpuMillis() + " ms of CPU");
        if (r.exit() == 3) {
            assertTrue(r.err().lines().allMatch(l -> l.startsWith("proxyaudit: ")), ctx + ": " + r.err());
        }
        // warnings (not the one-line error for a file that is no capture at all) carry a byte offset
        r.err().lines().filter(l -> l.startsWith("proxyaudit: warning: ") && !l.contains("more warnings not shown"))
                .forEach(l -> assertTrue(l.contains("byte offset "), ctx + ": warning without a byte offset: " + l));
        return r;
    }

    private static boolean editcapAvailable() {
        try {
            Process p = new ProcessBuilder("editcap", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
