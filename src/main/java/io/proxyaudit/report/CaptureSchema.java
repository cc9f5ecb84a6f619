package io.proxyaudit.report;

import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.capture.CaptureWarning;
import java.util.List;
import java.util.Map;

/** The {@code capture} record: what was read from one capture file ({@link CaptureSummary}); it closes the file's group. */
public final class CaptureSchema {
    private CaptureSchema() {}

    /** Version of the NDJSON output (docs/ndjson-schema.md). */
    public static final int SCHEMA_VERSION = 2;
    /** Warnings listed on a capture record; the total is always given. */
    static final int MAX_WARNINGS_LISTED = 100;

    public static final RecordSchema<CaptureWarning> WARNING = new RecordSchema<>("warning_list",
            "A problem found in the file; reading went on.",
            Field.nonNegative("offset", "byte offset in the decompressed file (absent: not tied to a place)",
                    CaptureWarning::offset),
            Field.text("kind", "stable code (`truncated-record`, `bad-record-length` ...)", CaptureWarning::kind),
            Field.text("message", "what was wrong, for people", CaptureWarning::message));

    public static final RecordSchema<CaptureSummary> CAPTURE = new RecordSchema<>("capture",
            "What was read from one capture file; it follows the file's `flow` and `dns` records.",
            Field.constant("type", "`capture`", "capture"),
            Field.constant("schema_version", "`" + SCHEMA_VERSION + "`", SCHEMA_VERSION),
            Field.text("file", "the file name as given (`<stdin>` for `-`)", CaptureSummary::file),
            Field.text("format", "`pcap` or `pcapng`", CaptureSummary::format),
            Field.text("compression", "`gzip` when the file was compressed", CaptureSummary::compression),
            Field.custom("link_types", "[number]", "LINKTYPE_* values seen, in interface order", (s, name, g) -> {
                if (s.linkTypes() != null) {
                    g.writeArrayFieldStart(name);
                    for (int i = 0; i < s.linkTypes().size(); i++) {
                        g.writeNumber(s.linkTypes().get(i));
                    }
                    g.writeEndArray();
                }
            }, null),
            Field.number("packets", "records read", CaptureSummary::packets),
            Field.number("bytes", "captured bytes of those records", CaptureSummary::capturedBytes),
            Field.timestamp("first_ts", "time stamp of the first record", CaptureSummary::firstTimestampNanos),
            Field.timestamp("last_ts", "time stamp of the last record", CaptureSummary::lastTimestampNanos),
            Field.number("warnings", "how many problems were found in the file (reading went on)",
                    s -> Nulls.list(s.warnings()).size()),
            Field.objects("warning_list", "the first " + MAX_WARNINGS_LISTED + " warnings",
                    s -> {
                        List<CaptureWarning> w = Nulls.list(s.warnings());
                        return w.size() > MAX_WARNINGS_LISTED ? w.subList(0, MAX_WARNINGS_LISTED) : w;
                    }, WARNING),
            Field.positive("skipped_bytes", "bytes of the file skipped while resynchronising", CaptureSummary::skippedBytes),
            Field.custom("counters", "object", "named counters of everything skipped, cut, evicted or not parsed; "
                    + "names are stable (below)", (s, name, g) -> {
                        if (s.counters() != null && !s.counters().isEmpty()) {
                            g.writeObjectFieldStart(name);
                            for (Map.Entry<String, Long> e : s.counters().entrySet()) {
                                g.writeNumberField(e.getKey(), e.getValue() == null ? 0 : e.getValue());
                            }
                            g.writeEndObject();
                        }
                    }, null));
}
