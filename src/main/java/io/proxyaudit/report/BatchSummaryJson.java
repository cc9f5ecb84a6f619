package io.proxyaudit.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.proxyaudit.audit.Finding;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * {@code summary.json} of {@code proxyaudit batch}: the machine-readable twin of the index (documented field by
 * field in docs/batch-summary.md; {@code schema_version} changes only when a field changes meaning or goes away).
 */
public final class BatchSummaryJson {
    public static final int SCHEMA_VERSION = 1;
    private static final JsonFactory FACTORY = new JsonFactory();

    /** What the batch was run with, echoed in the summary. */
    public record Settings(String tool, Instant generatedAt, String failOn, int threads, List<String> inputs,
                           boolean inheritEnv, List<String> envFiles, List<String> envKeys, int exitCode) {}

    /** A file of a directory walk that is not a capture. */
    public record Skipped(String path, String reason) {}

    private BatchSummaryJson() {}

    public static void write(Path file, Settings s, List<BatchRow> rows, List<Skipped> skipped) throws IOException {
        write(file, s, rows, skipped, BatchHistory.NONE);
    }

    /** With the history database's file and the baseline's new endpoints ({@link BatchHistory}). */
    public static void write(Path file, Settings s, List<BatchRow> rows, List<Skipped> skipped, BatchHistory history)
            throws IOException {
        AtomicFile.write(file, w -> write(w, s, rows, skipped, history));
    }

    public static void write(Writer out, Settings s, List<BatchRow> rows, List<Skipped> skipped) throws IOException {
        write(out, s, rows, skipped, BatchHistory.NONE);
    }

    public static void write(Writer out, Settings s, List<BatchRow> rows, List<Skipped> skipped, BatchHistory history)
            throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        header(g, s);
        totals(g, BatchTotals.of(rows, skipped.size()));

        g.writeArrayFieldStart("captures");
        for (BatchRow r : rows) {
            capture(g, r);
        }
        g.writeEndArray();

        g.writeArrayFieldStart("hosts");
        for (BatchRow.HostTally h : BatchRow.batchHosts(rows)) {
            g.writeStartObject();
            if (h.host() == null) {
                g.writeNullField("host");
            } else {
                g.writeStringField("host", h.host());
            }
            g.writeStringField("role", h.role() == null ? null : h.role().wire());
            g.writeNumberField("captures", h.captures());
            g.writeNumberField("flows", h.flows());
            g.writeNumberField("proxied", h.proxied());
            g.writeNumberField("direct_exempt", h.exempt());
            g.writeNumberField("direct_unproxied", h.unproxied());
            g.writeNumberField("direct_bypass", h.bypasses());
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeStringField("database", history.dbFile());
        baseline(g, history.baseline());
        skipped(g, skipped);
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
    }

    /**
     * The summary of a run whose captures are listed elsewhere (the Spark job's Parquet tables): the same header,
     * {@code totals} and {@code skipped} as {@link #write(Writer, Settings, List, List, BatchHistory)}, and instead of
     * the {@code captures} and {@code hosts} arrays, {@code tables}: each table's name and where it was written.
     */
    public static void writeTotals(Writer out, Settings s, BatchTotals totals, List<Skipped> skipped,
                                   Map<String, String> tables) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        header(g, s);
        totals(g, totals);
        g.writeObjectFieldStart("tables");
        for (Map.Entry<String, String> t : tables.entrySet()) {
            g.writeStringField(t.getKey(), t.getValue());
        }
        g.writeEndObject();
        skipped(g, skipped);
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
    }

    private static void header(JsonGenerator g, Settings s) throws IOException {
        g.writeNumberField("schema_version", SCHEMA_VERSION);
        g.writeStringField("tool", s.tool());
        g.writeStringField("generated_at", s.generatedAt().toString());
        g.writeNumberField("exit_code", s.exitCode());
        g.writeStringField("fail_on", s.failOn());
        g.writeNumberField("threads", s.threads());
        strings(g, "inputs", s.inputs());
        g.writeObjectFieldStart("config");
        g.writeBooleanField("inherit_env", s.inheritEnv());
        strings(g, "env_files", s.envFiles());
        strings(g, "env_keys", s.envKeys());
        g.writeStringField("sidecar_rule", "NAME.goenv.json then NAME.env next to a capture (NAME: its file name "
                + "without extensions) win over --env-file and --env");
        g.writeEndObject();
    }

    private static void totals(JsonGenerator g, BatchTotals t) throws IOException {
        g.writeObjectFieldStart("totals");
        g.writeNumberField("captures", t.captures());
        g.writeNumberField("analysed", t.analysed());
        g.writeNumberField("incomplete", t.incomplete());
        g.writeNumberField("unreadable", t.unreadable());
        g.writeNumberField("config_errors", t.configErrors());
        g.writeNumberField("report_errors", t.reportErrors());
        g.writeNumberField("failed", t.failed());
        g.writeNumberField("skipped_files", t.skipped());
        g.writeNumberField("packets", t.packets());
        g.writeNumberField("captured_bytes", t.capturedBytes());
        counts(g, t.audit());
        g.writeEndObject();
    }

    private static void skipped(JsonGenerator g, List<Skipped> skipped) throws IOException {
        g.writeArrayFieldStart("skipped");
        for (Skipped k : skipped) {
            g.writeStartObject();
            g.writeStringField("path", k.path());
            g.writeStringField("reason", k.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void capture(JsonGenerator g, BatchRow r) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", r.name());
        g.writeStringField("path", r.path());
        g.writeStringField("report", r.reportFile());
        g.writeStringField("status", r.status().wire());
        g.writeBooleanField("failed", r.failed());
        g.writeStringField("error", r.error());
        g.writeStringField("damage", r.damage());
        g.writeStringField("report_error", r.reportError());
        g.writeStringField("config_source", r.configSource());
        g.writeStringField("assumed_proxy", r.assumedProxy());
        g.writeStringField("assumption", r.assumption());
        strings(g, "sidecars", r.sidecars());
        g.writeNumberField("file_bytes", r.fileBytes());
        g.writeNumberField("elapsed_ms", r.elapsedNanos() / 1_000_000);
        if (!r.readable()) {
            g.writeNullField("format");
            g.writeNullField("packets");
            g.writeNullField("first_ts");
            g.writeNullField("last_ts");
            g.writeNullField("counts");
            g.writeArrayFieldStart("findings");
            g.writeEndArray();
            g.writeEndObject();
            return;
        }
        g.writeStringField("format", r.format());
        g.writeStringField("compression", r.compression());
        g.writeNumberField("packets", r.packets());
        g.writeNumberField("captured_bytes", r.capturedBytes());
        g.writeNumberField("warnings", r.warnings());
        g.writeStringField("first_ts", Times.none(r.firstNanos()) ? null : Times.iso(r.firstNanos()));
        g.writeStringField("last_ts", Times.none(r.lastNanos()) ? null : Times.iso(r.lastNanos()));
        g.writeObjectFieldStart("counts");
        counts(g, r.totals());
        g.writeEndObject();
        g.writeArrayFieldStart("findings");
        for (Finding f : r.findings()) {
            g.writeStartObject();
            g.writeStringField("verdict", f.verdict() == null ? null : f.verdict().wire());
            g.writeStringField("host", SafeText.bound(f.host(), 253));
            g.writeNumberField("port", f.port());
            g.writeStringField("role", f.role() == null ? null : f.role().wire());
            g.writeNumberField("flows", f.flowCount());
            g.writeStringField("reason_code", f.reasonCode());
            g.writeStringField("reason", SafeText.bound(f.reason(), 1000));
            g.writeStringField("remediation", SafeText.bound(f.remediation(), 2000));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("findings_omitted", r.findingCount() - r.findings().size());
        g.writeEndObject();
    }

    /** {@code baseline}: null without --baseline (docs/batch-summary.md). */
    private static void baseline(JsonGenerator g, BatchHistory.Baseline b) throws IOException {
        if (b == null) {
            g.writeNullField("baseline");
            return;
        }
        g.writeObjectFieldStart("baseline");
        g.writeStringField("file", b.file());
        g.writeStringField("new_endpoints_mode", b.failOnNew() ? "fail" : "warn");
        g.writeNumberField("known_endpoints", b.known());
        g.writeStringField("update", b.update());
        g.writeArrayFieldStart("new_endpoints");
        for (BatchHistory.NewEndpoint n : b.fresh()) {
            g.writeStartObject();
            g.writeStringField("host", SafeText.bound(n.endpoint().host(), 253));
            g.writeNumberField("port", n.endpoint().port());
            g.writeStringField("route", n.endpoint().route());
            g.writeStringField("client", n.endpoint().client());
            g.writeNumberField("flows", n.flows());
            strings(g, "captures", n.captures());
            if (n.allowedBy() != null) {
                g.writeStringField("allowed_by", n.allowedBy());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** One per-verdict count of {@link AuditTotals}: its name in a capture's {@code counts} and in {@code totals}. */
    public record Count(String name, ToLongFunction<AuditTotals> value) {}

    /** The per-verdict counts in output order (the Spark job's {@code counts} column has the same members). */
    public static final List<Count> COUNTS = List.of(
            new Count("flows", AuditTotals::flows),
            new Count("proxied", AuditTotals::proxied),
            new Count("direct_exempt", AuditTotals::exempt),
            new Count("direct_unproxied", AuditTotals::unproxied),
            new Count("not_proxyable", AuditTotals::notProxyable),
            new Count("direct_allowed", AuditTotals::allowed),
            new Count("direct_bypass", AuditTotals::bypasses),
            new Count("go_bypasses", AuditTotals::goBypasses),
            new Count("other_bypasses", AuditTotals::otherBypasses),
            new Count("unanswered", AuditTotals::unanswered),
            new Count("dns_bypasses", AuditTotals::dnsBypasses),
            new Count("findings", AuditTotals::findings));

    /** The totals back from their {@link #COUNTS} by name (e.g. sums of a table's {@code counts} columns). */
    public static AuditTotals auditTotals(ToLongFunction<String> count) {
        return new AuditTotals(count.applyAsLong("flows"), count.applyAsLong("go_bypasses"),
                count.applyAsLong("other_bypasses"), count.applyAsLong("proxied"), count.applyAsLong("direct_exempt"),
                count.applyAsLong("direct_unproxied"), count.applyAsLong("not_proxyable"),
                count.applyAsLong("unanswered"), count.applyAsLong("dns_bypasses"), count.applyAsLong("findings"),
                count.applyAsLong("direct_allowed"));
    }

    /** The per-verdict counts, with the same names in a capture's "counts" and in "totals". */
    private static void counts(JsonGenerator g, AuditTotals t) throws IOException {
        for (Count c : COUNTS) {
            g.writeNumberField(c.name(), c.value().applyAsLong(t));
        }
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
