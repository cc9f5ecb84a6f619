package io.proxyaudit.report;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.ProxySeen;
import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.capture.CaptureWarning;
import java.util.List;
import java.util.Map;

/** The {@code capture} record: what was read from one capture file ({@link CaptureSummary}); it closes the file's group. */
public final class CaptureSchema {
    private CaptureSchema() {}

    /** Version of the NDJSON output (docs/ndjson-schema.md). */
    public static final int SCHEMA_VERSION = 4;
    /** Warnings listed on a capture record; the total is always given. */
    static final int MAX_WARNINGS_LISTED = 100;
    /** Proxies seen listed on a capture record. */
    static final int MAX_PROXIES_LISTED = 100;

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

    public static final RecordSchema<ProxySeen> PROXY_SEEN = new RecordSchema<>("proxies_seen",
            "A proxy the capture shows in use (whatever the configuration says).",
            Field.text("address", "`ip:port` the clients connected to (`[v6]:port` for IPv6)", ProxySeen::address),
            Field.texts("how", "how it was recognised: `CONNECT 200`, `CONNECT <status>` (another answer), `CONNECT`"
                    + " (no answer captured), `absolute-URI`, `configured` (a connection to a configured proxy showing"
                    + " neither)", ProxySeen::how),
            Field.number("flows", "connections to it", ProxySeen::flows),
            Field.custom("clients", "object", "connections per client (`client` values; `unknown` when no target was"
                    + " visible)", (p, name, g) -> {
                        g.writeObjectFieldStart(name);
                        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(p.clients()).entrySet()) {
                            g.writeNumberField(e.getKey(), e.getValue());
                        }
                        g.writeEndObject();
                    }, null));

    /** The audit's part of the capture record ({@code analyze}). */
    public static final RecordSchema<AuditResult> AUDIT = new RecordSchema<>("capture",
            "`analyze` adds to the capture record:",
            Field.objects("proxies_seen", "the proxies the capture shows in use, most used first (at most "
                    + MAX_PROXIES_LISTED + ")", r -> {
                        List<ProxySeen> p = Nulls.list(r.proxiesSeen());
                        return p.size() > MAX_PROXIES_LISTED ? p.subList(0, MAX_PROXIES_LISTED) : p;
                    }, PROXY_SEEN),
            Field.text("assumed_proxy", "present when no configuration named a proxy but one was seen: the proxy the"
                    + " verdicts assumed HTTP_PROXY and HTTPS_PROXY named (the most used one seen); its bypasses have"
                    + " `reason_code` `PROXY_SEEN_NOT_CONFIGURED`",
                    r -> r.assumption() == null ? null : r.assumption().proxyUrl()),
            Field.text("assumption", "present with `assumed_proxy`: the notice in words (the first line of the"
                    + " terminal summary)", r -> r.assumption() == null ? null : r.assumption().sentence()));
}
