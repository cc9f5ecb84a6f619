package io.proxyaudit.capture;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxyaudit.testutil.SharedCorpus;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Our reader against capinfos/tshark 4.0 on every capture of the shared corpus
 * ({@code expected/<file>/capinfos.tsv}): format, compression, byte order, time stamp resolution, link
 * types, sections, interfaces, packet count, first/last time stamp. For damaged files (tshark stops at
 * the first error) the packets before our first warning are compared with what tshark read.
 *
 * <p>Every difference must be listed, with its reason, in
 * {@code src/test/resources/conformance/capinfos-differences.tsv}; an unlisted difference fails, and
 * so does a listed one that no longer occurs. Run with {@code -Dconformance.print=true} to print the
 * current differences in that file's format.
 */
class CapinfosConformanceTest {
    static final Path DIFFERENCES = Path.of("src/test/resources/conformance/capinfos-differences.tsv");

    record Ours(CaptureSummary summary, String error, long packetsBeforeFirstWarning, long firstRecordTs,
            long lastRecordBeforeWarningTs) {}

    static Ours read(Path file) {
        List<CaptureWarning> warnings = new ArrayList<>();
        CaptureListener l = new CaptureListener() {
            @Override
            public void onWarning(CaptureWarning w) {
                warnings.add(w);
            }
        };
        try (CaptureReader r = CaptureOpener.open(file.toString(), l, ReaderOptions.defaults())) {
            PacketRecord rec = new PacketRecord();
            long before = 0;
            long first = Long.MIN_VALUE;
            long lastBefore = Long.MIN_VALUE;
            while (r.next(rec)) {
                if (rec.number == 1) {
                    first = rec.timestampNanos;
                }
                if (warnings.isEmpty()) {
                    before++;
                    lastBefore = rec.timestampNanos;
                }
            }
            return new Ours(r.summary(), null, before, first, lastBefore);
        } catch (IOException e) {
            return new Ours(null, e.getMessage(), 0, Long.MIN_VALUE, Long.MIN_VALUE);
        }
    }

    /** Differences as "file\tfield" -> "ours\ttshark". */
    static Map<String, String> differences(Path corpus) throws IOException {
        Map<String, String> diffs = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus.resolve("captures"))) {
            files = s.sorted().collect(Collectors.toList());
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            Path exp = corpus.resolve("expected").resolve(name).resolve("capinfos.tsv");
            if (!Files.exists(exp)) {
                diffs.put(name + "\texpected", "-\tmissing capinfos.tsv");
                continue;
            }
            Map<String, String> e = Tsv.read(exp).get(0);
            Ours o = read(f);
            compare(name, e, o, diffs);
        }
        return diffs;
    }

    private static void compare(String name, Map<String, String> e, Ours o, Map<String, String> diffs) {
        long tsharkPackets = parseLong(e.get("tshark_packets"));
        boolean tsharkOpened = "0".equals(e.get("tshark_exit")) || tsharkPackets > 0;
        if (o.summary == null) {
            if (!tsharkOpened) {
                return; // both refuse the file
            }
            diffs.put(name + "\treadable", "no: " + o.error + "\t" + (tsharkOpened ? "yes" : "no"));
            return;
        }
        CaptureSummary s = o.summary;
        if (!tsharkOpened) {
            diffs.put(name + "\treadable", "yes\tno: " + e.get("tshark_error"));
        }
        check(diffs, name, "format", s.format(), e.get("format"));
        check(diffs, name, "compression", s.compression() == null ? "" : s.compression(), e.get("compression"));
        check(diffs, name, "byte_order", s.byteOrder(), e.get("byte_order"));
        check(diffs, name, "ts_resolution", String.join(",", s.tsResolution()), e.get("ts_resolution"));
        check(diffs, name, "dlt_numbers", s.linkTypes().stream().map(String::valueOf).collect(Collectors.joining(",")),
                e.get("dlt_numbers"));
        if ("pcapng".equals(s.format())) {
            check(diffs, name, "sections", String.valueOf(s.sections()), e.get("sections"));
            check(diffs, name, "interfaces", String.valueOf(s.interfaces()), e.get("interfaces"));
        }
        if (!tsharkOpened) {
            return;
        }
        if ("no".equals(e.get("damaged"))) {
            check(diffs, name, "packets", String.valueOf(s.packets()), e.get("packets"));
            checkTs(diffs, name, "first_ts", s.firstTimestampNanos(), e.get("first_ts"));
            checkTs(diffs, name, "last_ts", s.lastTimestampNanos(), e.get("last_ts"));
        } else {
            // tshark stops at the damage: compare what both read before it (time stamps of the first
            // and of the last record before the damage, as tshark lists them)
            check(diffs, name, "packets_before_damage", String.valueOf(o.packetsBeforeFirstWarning),
                    String.valueOf(tsharkPackets));
            if (tsharkPackets > 0) {
                checkTs(diffs, name, "first_record_ts", o.firstRecordTs, e.get("tshark_first_ts"));
                checkTs(diffs, name, "last_record_ts_before_damage", o.lastRecordBeforeWarningTs,
                        e.get("tshark_last_ts"));
            }
            if (s.warnings().isEmpty()) {
                diffs.put(name + "\twarnings", "none\ttshark reports: " + e.get("tshark_error"));
            }
        }
    }

    private static long parseLong(String v) {
        try {
            return v == null || v.isEmpty() ? 0 : Long.parseLong(v);
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    private static void check(Map<String, String> diffs, String file, String field, String ours, String theirs) {
        if (!ours.equals(theirs == null ? "" : theirs)) {
            diffs.put(file + "\t" + field, ours + "\t" + theirs);
        }
    }

    /** capinfos prints seconds with as many digits as the resolution gives, truncated: compare at that precision. */
    private static void checkTs(Map<String, String> diffs, String file, String field, long oursNanos, String theirs) {
        String ours = oursNanos == Long.MIN_VALUE ? "n/a" : formatNanos(oursNanos);
        if (theirs == null || theirs.isEmpty() || theirs.equals("n/a") || ours.equals("n/a")) {
            check(diffs, file, field, ours, theirs == null || theirs.isEmpty() ? "n/a" : theirs);
            return;
        }
        BigDecimal t = new BigDecimal(theirs);
        BigDecimal o = new BigDecimal(ours);
        BigDecimal unit = BigDecimal.ONE.movePointLeft(Math.max(0, t.scale()));
        if (o.subtract(t).abs().compareTo(unit) >= 0) {
            diffs.put(file + "\t" + field, ours + "\t" + theirs);
        }
    }

    static String formatNanos(long n) {
        return new BigDecimal(n).movePointLeft(9).toPlainString();
    }

    static Map<String, String[]> listed() throws IOException {
        Map<String, String[]> m = new TreeMap<>();
        for (Map<String, String> row : Tsv.read(DIFFERENCES)) {
            m.put(row.get("file") + "\t" + row.get("field"),
                    new String[] {row.get("ours"), row.get("tshark"), row.get("reason")});
        }
        return m;
    }

    @Test
    void everyCaptureMatchesCapinfosOrIsAnExplainedDifference() throws IOException {
        Path corpus = SharedCorpus.requireCorpus();
        Map<String, String> diffs = differences(corpus);
        Map<String, String[]> listed = listed();
        if (Boolean.getBoolean("conformance.print")) {
            StringBuilder sb = new StringBuilder("file\tfield\tours\ttshark\treason\n");
            diffs.forEach((k, v) -> sb.append(k).append('\t').append(v).append('\t')
                    .append(listed.containsKey(k) ? listed.get(k)[2] : "TODO").append('\n'));
            System.out.println(sb);
        }
        List<String> problems = new ArrayList<>();
        diffs.forEach((k, v) -> {
            String[] l = listed.get(k);
            if (l == null) {
                problems.add("unlisted difference: " + k + " ours=" + v.replace("\t", " tshark="));
            } else if (!(l[0] + "\t" + l[1]).equals(v)) {
                problems.add("listed difference changed: " + k + " now ours=" + v.replace("\t", " tshark=")
                        + ", listed ours=" + l[0] + " tshark=" + l[1]);
            } else if (l[2] == null || l[2].isBlank() || l[2].equals("TODO")) {
                problems.add("listed difference without a reason: " + k);
            }
        });
        listed.keySet().stream().filter(k -> !diffs.containsKey(k))
                .forEach(k -> problems.add("listed difference no longer occurs: " + k));
        if (!problems.isEmpty()) {
            fail(problems.size() + " conformance problem(s):\n" + String.join("\n", problems));
        }
        assertTrue(diffs.size() < 40, "too many differences to be credible: " + diffs.size());
    }
}
