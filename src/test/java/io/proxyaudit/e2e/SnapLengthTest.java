package io.proxyaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.HttpExchange;
import io.proxyaudit.policy.ProxyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab samples cut with {@code editcap -s N} (what {@code tcpdump -s N} would have written), for the snap lengths
 * CI jobs use. Expectations come from tshark on the same cut file and from the uncut capture, never from our output:
 * every absolute-URI request and every SNI tshark reads in the cut file we read too; a flow whose deciding bytes
 * (CONNECT target, absolute-URI target, SNI) are read as in the uncut capture gets the uncut route, and with the same
 * client the uncut verdict; the packets cut are those longer than N. Skipped without editcap or tshark (.ci/run
 * installs both).
 */
class SnapLengthTest {
    static final int[] CUTS = {96, 128, 200, 256};

    @TempDir
    static Path tmp;

    /** The uncut capture's audit per sample, made once for the four cuts. */
    private static final Map<Path, AuditResult> UNCUT = new java.util.concurrent.ConcurrentHashMap<>();

    @TestFactory
    Stream<DynamicTest> everySampleCutAtEverySnapLength() throws IOException {
        assumeTrue(available("editcap") && available("tshark"), "editcap and tshark not installed: snap-length test skipped");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(SamplesTruthTest.SAMPLES)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("capture.env"))).sorted().toList();
        }
        assertTrue(dirs.size() >= 10, "lab samples under samples/");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path d : dirs) {
            for (int n : CUTS) {
                tests.add(DynamicTest.dynamicTest(d.getFileName() + " -s " + n, () -> check(d, n)));
            }
        }
        return tests.stream();
    }

    /** The case: cmd/go's absolute-URI GETs through a proxy, cut at 200 bytes, are all found. */
    @Test
    void everyAbsoluteUriGetOfTheProxySampleIsFoundAt200() throws Exception {
        assumeTrue(available("editcap"), "editcap not installed: snap-length test skipped");
        Path d = SamplesTruthTest.SAMPLES.resolve("g1-plain-goproxy-via-proxy");
        List<String> uncut = absoluteTargets(audit(capture(d), d));
        assertEquals(10, uncut.size(), "the sample's GETs to squid (its access log lists 10)");
        List<String> cut = absoluteTargets(audit(cut(capture(d), 200), d));
        assertEquals(uncut, cut);
    }

    private static void check(Path dir, int n) throws Exception {
        Path original = capture(dir);
        Path cut = cut(original, n);
        AuditResult whole = UNCUT.computeIfAbsent(dir, d -> {
            try {
                return audit(original, d);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        AuditResult part = audit(cut, dir);
        String where = dir.getFileName() + " -s " + n;

        // tshark's reading of the cut file, one line per frame: wire length, captured length, request target, SNI
        long tsharkCut = 0;
        Set<String> targetsOurs = part.flows().stream().flatMap(f -> f.flow().http().stream()).map(HttpExchange::target)
                .filter(Objects::nonNull).collect(Collectors.toSet());
        Set<String> sniOurs = part.flows().stream().flatMap(f -> Stream.of(f.flow().clientHello(), f.flow().tunnelHello()))
                .filter(Objects::nonNull).map(h -> h.sni()).filter(Objects::nonNull).collect(Collectors.toSet());
        for (String line : run("tshark", "-n", "-r", cut.toString(), "-T", "fields", "-E", "occurrence=a",
                "-E", "aggregator=\u001e", "-e", "frame.len", "-e", "frame.cap_len", "-e", "http.request.uri",
                "-e", "tls.handshake.extensions_server_name").split("\n")) {
            String[] c = line.split("\t", -1);
            if (c.length < 4) {
                continue;
            }
            if (Long.parseLong(c[1]) < Long.parseLong(c[0])) {
                tsharkCut++;
            }
            for (String target : c[2].split("\u001e")) {
                assertTrue(target.isEmpty() || targetsOurs.contains(target) || targetsOurs.stream().anyMatch(
                        o -> o.endsWith(":***") && target.startsWith(o.substring(0, o.length() - 3))), // a cut "user:pa"

                        where + ": tshark reads the request target " + target + "; we read " + targetsOurs);
            }
            for (String sni : c[3].split("\u001e")) {
                assertTrue(sni.isEmpty() || sniOurs.contains(sni), where + ": tshark reads SNI " + sni + "; we read " + sniOurs);
            }
        }
        assertEquals(tsharkCut, part.capture().counters().getOrDefault("packets_cut", 0L), where + ": packets cut");

        Map<Long, AuditedFlow> cutById = part.flows().stream().collect(Collectors.toMap(f -> f.flow().id(), Function.identity()));
        assertEquals(whole.flows().size(), part.flows().size(), where + ": the same connections");
        for (AuditedFlow w : whole.flows()) {
            AuditedFlow c = cutById.get(w.flow().id());
            String flow = where + " flow " + w.flow().id() + " (" + w.target() + ")";
            if (deciding(w.flow()).equals(deciding(c.flow()))) {
                assertEquals(w.route(), c.route(), flow + ": route with the same deciding bytes " + deciding(w.flow()));
                if (w.client() == c.client()) {
                    assertEquals(w.verdict(), c.verdict(), flow + ": verdict with the same bytes and client");
                }
            }
        }
    }

    /** What a flow's route is decided by, besides its addresses: CONNECT target, absolute-URI targets, SNIs. */
    private static List<String> deciding(FlowRecord f) {
        List<String> out = new ArrayList<>();
        out.add(f.connect() == null ? "-" : f.connect().target());
        for (HttpExchange x : f.http()) {
            if (x.target() != null && (x.target().startsWith("http://") || x.target().startsWith("https://"))) {
                out.add(x.target());
                break;
            }
        }
        out.add(f.clientHello() == null ? "-" : String.valueOf(f.clientHello().sni()));
        out.add(f.tunnelHello() == null ? "-" : String.valueOf(f.tunnelHello().sni()));
        return out;
    }

    private static List<String> absoluteTargets(AuditResult r) {
        List<String> out = new ArrayList<>();
        for (AuditedFlow f : r.flows().stream().sorted((a, b) -> Long.compare(a.flow().id(), b.flow().id())).toList()) {
            for (HttpExchange x : f.flow().http()) {
                if (x.target() != null && (x.target().startsWith("http://") || x.target().startsWith("https://"))) {
                    out.add(x.target());
                }
            }
        }
        return out;
    }

    private static Path capture(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("capture.pcap")).findFirst().orElseThrow();
        }
    }

    private static AuditResult audit(Path capture, Path dir) throws Exception {
        ProxyConfig config = ProxyConfig.builder().file(dir.resolve("capture.env")).build();
        CaptureAudit.Outcome o = CaptureAudit.run(capture.toString(), config, FlowOptions.defaults(),
                ReaderOptions.defaults(), w -> {});
        assertTrue(o.complete(), capture + " read completely: " + o.error());
        return o.result();
    }

    private static Path cut(Path capture, int n) throws Exception {
        Path out = tmp.resolve(capture.getParent().getFileName() + "-s" + n + ".pcap");
        if (!Files.exists(out)) {
            run("editcap", "-s", Integer.toString(n), capture.toString(), out.toString());
        }
        return out;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " hung");
        assertEquals(0, p.exitValue(), String.join(" ", cmd));
        return new String(out, StandardCharsets.UTF_8);
    }

    private static boolean available(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
