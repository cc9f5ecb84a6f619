package io.proxyaudit.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of {@code explain --client curl} and {@code --client git} against the real programs on the
 * wire: Debian 12's curl 7.88.1 and git 2.39.5 run {@link WireCases} (fixed seed) inside a loopback-only network
 * namespace ({@link WireNamespace}), where {@link WireListener} sees which address and port each program connected
 * to and how it opened the connection. Every case where the model and the program differ must be listed, with
 * its reason, in {@code observed/curl-git-deliberate-differences.tsv}; a listed case that agrees again is an
 * error too (the list stays exact).
 *
 * <p>The observations are committed ({@code observed/wire-curl-7.88.1.tsv}, {@code observed/wire-git-2.39.5.tsv})
 * so the comparison also runs where the namespace cannot (not root): the recorded tests. The live tests need root,
 * unshare, curl and git (.ci/run installs them) and skip with the reason otherwise; with the recorded versions
 * installed they also check that the recording is still what the programs do. To re-record:
 * {@code mvn -B -o test -Dtest=CurlGitWireTest -Dproxyaudit.wire.record=src/test/resources/io/proxyaudit/policy/observed}.
 */
class CurlGitWireTest {
    static final int CURL_CASES = 2000;
    static final int GIT_CASES = 400;
    private static final String DIR = "/io/proxyaudit/policy/observed/";
    private static final Map<String, String> RECORDED = Map.of("curl", "wire-curl-7.88.1.tsv", "git", "wire-git-2.39.5.tsv");
    private static final Map<String, String> VERSIONS = Map.of("curl", "curl 7.88.1", "git", "git version 2.39.5");

    @Test
    void recordedCurlAgreesWithTheModel() throws IOException {
        compare("curl", recorded("curl"));
    }

    @Test
    void recordedGitAgreesWithTheModel() throws IOException {
        compare("git", recorded("git"));
    }

    @Test
    void liveCurlAgreesWithTheModel(@TempDir Path work) throws Exception {
        live("curl", CURL_CASES, work);
    }

    @Test
    void liveGitAgreesWithTheModel(@TempDir Path work) throws Exception {
        live("git", GIT_CASES, work);
    }

    private static void live(String program, int n, Path work) throws Exception {
        String why = WireNamespace.unavailable();
        Assumptions.assumeTrue(why == null, "real " + program + " not run in a network namespace: " + why);
        List<WireCase> cases = WireCases.generate(program, n);
        long t0 = System.nanoTime();
        Map<String, String> events = observe(cases, work);
        String version = WireNamespace.version(program);
        System.out.printf("%s: %d cases observed in %.1f s (%s)%n", program, n, (System.nanoTime() - t0) / 1e9, version);
        String record = System.getProperty("proxyaudit.wire.record");
        if (record != null && !record.isBlank()) {
            writeRecording(Path.of(record), program, version, cases, events);
        }
        if (!version.startsWith(VERSIONS.get(program))) {
            System.out.println(program + ": " + version + " is not the recorded " + VERSIONS.get(program)
                    + "; the model is compared with it all the same");
        } else {
            Map<String, String> rec = recorded(program);
            List<String> changed = new ArrayList<>();
            for (WireCase c : cases) {
                // the route and the verdict, not the exact address: curl may reach localhost on ::1 or 127.0.0.1
                String a = summary(WireVerdict.of(c, events.get(c.id())));
                String b = summary(WireVerdict.of(c, rec.get(c.id())));
                if (!a.equals(b)) {
                    changed.add(c.id() + ": now " + a + ", recorded " + b);
                }
            }
            assertTrue(changed.isEmpty(), program + ": the recording is stale (" + changed.size() + " cases), e.g. "
                    + changed.subList(0, Math.min(5, changed.size())));
        }
        compare(program, events);
    }

    private static String summary(WireVerdict v) {
        return v.agrees() ? v.observed().split(" ")[0] + " (agrees)" : v.observed();
    }

    /** Runs the cases in two namespaces at once (each with its own listeners), returning id -> events. */
    private static Map<String, String> observe(List<WireCase> cases, Path work) throws Exception {
        int shards = 2;
        ExecutorService pool = Executors.newFixedThreadPool(shards);
        try {
            List<Future<List<String>>> parts = new ArrayList<>();
            for (int s = 0; s < shards; s++) {
                List<WireCase> part = new ArrayList<>();
                for (int i = s; i < cases.size(); i += shards) {
                    part.add(cases.get(i));
                }
                Path dir = Files.createDirectory(work.resolve("shard" + s));
                parts.add(pool.submit(() -> WireNamespace.observe(part, dir)));
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Future<List<String>> f : parts) {
                for (String line : f.get()) {
                    String[] cols = line.split("\t", -1);
                    out.put(cols[0], cols[2]);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void writeRecording(Path dir, String program, String version, List<WireCase> cases,
            Map<String, String> events) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# " + version + ", observed on the wire by CurlGitWireTest (WireCases seed " + WireCases.SEED + ")");
        lines.add("# id\tprogram\tenv\turl\tconnections (address port opening | ...; - none)");
        for (WireCase c : cases) {
            lines.add(c.tsv() + "\t" + events.get(c.id()));
        }
        Files.write(dir.resolve(RECORDED.get(program)), lines, StandardCharsets.UTF_8);
    }

    /** The recorded observations, checked to be the generator's cases (same id, environment and URL). */
    private static Map<String, String> recorded(String program) throws IOException {
        List<WireCase> cases = WireCases.generate(program, program.equals("curl") ? CURL_CASES : GIT_CASES);
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        for (String[] r : read(RECORDED.get(program))) {
            WireCase c = WireCase.parse(r);
            assertEquals(cases.get(i++), c, "the recording does not hold the generated cases: re-record");
            out.put(c.id(), r[4]);
        }
        assertEquals(cases.size(), out.size(), program + ": recorded case count");
        return out;
    }

    /** Model against observations: every difference must be listed, every listed case must still differ. */
    private static void compare(String program, Map<String, String> events) throws IOException {
        Map<String, String> deliberate = new LinkedHashMap<>();
        for (String[] r : read("curl-git-deliberate-differences.tsv")) {
            if (r[0].equals(program)) {
                deliberate.put(r[1], r[2]);
            }
        }
        List<WireCase> cases = WireCases.generate(program, events.size());
        int agree = 0;
        List<String> unlisted = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (WireCase c : cases) {
            WireVerdict v = WireVerdict.of(c, events.get(c.id()));
            if (v.agrees()) {
                agree++;
                if (deliberate.containsKey(c.id())) {
                    stale.add(c.id());
                }
            } else if (!deliberate.containsKey(c.id())) {
                unlisted.add(c.tsv() + "\n    real: " + v.observed() + "\n    model: " + v.expected() + " ["
                        + v.model().reasonCode() + "] " + v.model().reason());
            }
        }
        System.out.printf("%s: %d of %d cases agree with the model (%.2f %%), %d listed as deliberate%n", program, agree,
                cases.size(), 100.0 * agree / cases.size(), cases.size() - agree - unlisted.size());
        if (!unlisted.isEmpty()) {
            fail(program + ": " + unlisted.size() + " differences not listed in curl-git-deliberate-differences.tsv:\n"
                    + String.join("\n", unlisted.subList(0, Math.min(40, unlisted.size()))));
        }
        assertTrue(stale.isEmpty(), program + ": listed as different but agreeing now: " + stale);
    }

    private static List<String[]> read(String name) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = CurlGitWireTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IOException("test resource missing: " + DIR + name);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t", -1));
                }
            }
        }
        return rows;
    }
}
