package io.proxyaudit.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedDns;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.Finding;
import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.FlowSink;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * NDJSON output (one JSON object per line, each with a {@code type}): {@code capture}, {@code flow},
 * {@code dns} and, for {@code analyze}, {@code finding}. The fields are those of {@link FlowSchema},
 * {@link DnsSchema}, {@link FindingSchema} and {@link CaptureSchema} (documented in docs/ndjson-schema.md,
 * versioned by {@code schema_version} on the capture record). Strings are escaped by jackson-core.
 */
public final class NdjsonWriter implements FlowSink, Closeable, Flushable {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonGenerator g;

    public NdjsonWriter(Writer out) {
        try {
            this.g = FACTORY.createGenerator(out);
            this.g.setRootValueSeparator(null); // records are separated by the newline we write
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeCapture(CaptureSummary s) throws IOException {
        g.writeStartObject();
        CaptureSchema.CAPTURE.writeFields(s, g);
        end();
    }

    /** The capture record with the audit's additions ({@code analyze}: proxies seen, an assumed configuration). */
    public void writeCapture(AuditResult r) throws IOException {
        g.writeStartObject();
        CaptureSchema.CAPTURE.writeFields(r.capture(), g);
        CaptureSchema.AUDIT.writeFields(r, g);
        end();
    }

    public void writeFlow(FlowRecord f) throws IOException {
        g.writeStartObject();
        FlowSchema.FLOW.writeFields(f, g);
        end();
    }

    /** A flow with the audit's classification ({@code analyze}). */
    public void writeFlow(AuditedFlow a) throws IOException {
        g.writeStartObject();
        FlowSchema.FLOW.writeFields(a.flow(), g);
        FlowSchema.AUDIT.writeFields(a, g);
        end();
    }

    public void writeDns(DnsLookup d) throws IOException {
        g.writeStartObject();
        DnsSchema.DNS.writeFields(d, g);
        end();
    }

    /** A DNS lookup with the audit's classification ({@code analyze}). */
    public void writeDns(AuditedDns a) throws IOException {
        g.writeStartObject();
        DnsSchema.DNS.writeFields(a.lookup(), g);
        DnsSchema.AUDIT.writeFields(a, g);
        end();
    }

    public void writeFinding(Finding f) throws IOException {
        g.writeStartObject();
        FindingSchema.FINDING.writeFields(f, g);
        end();
    }

    // ------------------------------------------------------------ FlowSink

    @Override
    public void onFlow(FlowRecord flow) {
        try {
            writeFlow(flow);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onDns(DnsLookup lookup) {
        try {
            writeDns(lookup);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() throws IOException {
        g.flush();
    }

    @Override
    public void close() throws IOException {
        g.close();
    }

    // ------------------------------------------------------------ helpers

    private void end() throws IOException {
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /** {@code 1567450613.473730000}; exact (no floating point). */
    public static String epochSeconds(long nanos) {
        if (nanos < 0 && nanos != Long.MIN_VALUE) {
            return "-" + epochSeconds(-nanos); // before 1970: sign, then the magnitude
        }
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        long frac = Math.floorMod(nanos, 1_000_000_000L);
        String f = Long.toString(frac);
        return sec + "." + "000000000".substring(f.length()) + f;
    }
}
