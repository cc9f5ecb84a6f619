package io.proxyaudit.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.proxyaudit.audit.AuditedDns;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.Finding;
import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.capture.CaptureWarning;
import io.proxyaudit.flow.ConnectInfo;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.FlowSink;
import io.proxyaudit.flow.HttpExchange;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.proto.tls.ServerHello;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * NDJSON output (one JSON object per line, each with a {@code type}): {@code capture}, {@code flow},
 * {@code dns} and, for {@code analyze}, {@code finding}. The schema is documented in docs/ndjson-schema.md
 * and versioned by {@code schema_version} on the capture record. Time stamps are epoch seconds with nine
 * decimals; absent values are omitted, never invented. Strings are escaped by jackson-core.
 */
public final class NdjsonWriter implements FlowSink, Closeable, Flushable {
    public static final int SCHEMA_VERSION = 1;
    /** Warnings listed on a capture record; the total is always given. */
    static final int MAX_WARNINGS_LISTED = 100;

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

    // ------------------------------------------------------------ capture

    public void writeCapture(CaptureSummary s) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "capture");
        g.writeNumberField("schema_version", SCHEMA_VERSION);
        str("file", s.file());
        str("format", s.format());
        str("compression", s.compression());
        if (s.linkTypes() != null) {
            g.writeArrayFieldStart("link_types");
            for (Integer t : s.linkTypes()) {
                g.writeNumber(t);
            }
            g.writeEndArray();
        }
        g.writeNumberField("packets", s.packets());
        g.writeNumberField("bytes", s.capturedBytes());
        ts("first_ts", s.firstTimestampNanos());
        ts("last_ts", s.lastTimestampNanos());
        List<CaptureWarning> warnings = s.warnings() == null ? List.of() : s.warnings();
        g.writeNumberField("warnings", warnings.size());
        if (!warnings.isEmpty()) {
            g.writeArrayFieldStart("warning_list");
            for (int i = 0; i < Math.min(warnings.size(), MAX_WARNINGS_LISTED); i++) {
                CaptureWarning w = warnings.get(i);
                g.writeStartObject();
                if (w.offset() >= 0) {
                    g.writeNumberField("offset", w.offset());
                }
                str("kind", w.kind());
                str("message", w.message());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (s.skippedBytes() > 0) {
            g.writeNumberField("skipped_bytes", s.skippedBytes());
        }
        if (s.counters() != null && !s.counters().isEmpty()) {
            g.writeObjectFieldStart("counters");
            for (Map.Entry<String, Long> e : s.counters().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue() == null ? 0 : e.getValue());
            }
            g.writeEndObject();
        }
        end();
    }

    // ------------------------------------------------------------ flow

    public void writeFlow(FlowRecord f) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "flow");
        flowFields(f);
        end();
    }

    /** A flow with the audit's classification ({@code analyze}). */
    public void writeFlow(AuditedFlow a) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "flow");
        flowFields(a.flow());
        if (a.role() != null) {
            g.writeStringField("role", a.role().wire());
        }
        if (a.route() != null) {
            g.writeStringField("route", a.route().wire());
        }
        if (a.verdict() != null) {
            g.writeStringField("verdict", a.verdict().wire());
        }
        str("reason_code", a.reasonCode());
        str("reason", a.reason());
        str("proxy", a.proxy());
        str("target", a.target());
        str("client", a.client());
        if (a.unanswered()) {
            g.writeBooleanField("unanswered", true);
        }
        end();
    }

    private void flowFields(FlowRecord f) throws IOException {
        g.writeNumberField("id", f.id());
        str("transport", f.transport());
        ts("start_ts", f.startNanos());
        ts("end_ts", f.endNanos());
        str("client_ip", f.clientIp());
        g.writeNumberField("client_port", f.clientPort());
        str("server_ip", f.serverIp());
        g.writeNumberField("server_port", f.serverPort());
        g.writeNumberField("packets_c2s", f.packetsC2s());
        g.writeNumberField("packets_s2c", f.packetsS2c());
        g.writeNumberField("bytes_c2s", f.bytesC2s());
        g.writeNumberField("bytes_s2c", f.bytesS2c());
        str("state", f.state());
        if ("tcp".equals(f.transport())) {
            g.writeNumberField("syn_count", f.synCount());
        }
        clientHello("tls", f.clientHello());
        serverHello("server_tls", f.serverHello());
        clientHello("tunnel_tls", f.tunnelHello());
        serverHello("tunnel_server_tls", f.tunnelServerHello());
        if (f.http() != null && !f.http().isEmpty()) {
            g.writeArrayFieldStart("http");
            for (HttpExchange h : f.http()) {
                g.writeStartObject();
                str("method", h.method());
                str("host", h.host());
                str("target", h.target());
                str("user_agent", h.userAgent());
                if (h.status() > 0) {
                    g.writeNumberField("status", h.status());
                }
                str("proxy_auth_scheme", h.proxyAuthScheme());
                ts("ts", h.requestNanos());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (f.httpDropped() > 0) {
            g.writeNumberField("http_dropped", f.httpDropped());
        }
        ConnectInfo c = f.connect();
        if (c != null) {
            g.writeObjectFieldStart("connect");
            str("target", c.target());
            if (c.status() > 0) {
                g.writeNumberField("status", c.status());
            }
            str("proxy_auth_scheme", c.proxyAuthScheme());
            g.writeEndObject();
        }
        strings("server_names", f.serverNames());
        str("host", f.host());
        strings("flags", f.flags());
    }

    private void clientHello(String field, ClientHello ch) throws IOException {
        if (ch == null) {
            return;
        }
        g.writeObjectFieldStart(field);
        str("sni", ch.sni());
        strings("alpn", ch.alpn());
        List<Integer> versions = ch.supportedVersions() == null || ch.supportedVersions().isEmpty()
                ? List.of(ch.legacyVersion()) : ch.supportedVersions();
        g.writeArrayFieldStart("versions");
        for (Integer v : versions) {
            if (!isGrease(v)) {
                g.writeString(tlsVersion(v));
            }
        }
        g.writeEndArray();
        str("ja4", ch.ja4());
        strings("flags", ch.flags());
        g.writeEndObject();
    }

    private void serverHello(String field, ServerHello sh) throws IOException {
        if (sh == null) {
            return;
        }
        g.writeObjectFieldStart(field);
        g.writeStringField("version", tlsVersion(sh.version()));
        str("alpn", sh.alpn());
        g.writeEndObject();
    }

    /** GREASE values (RFC 8701 §2): 0x?A?A with both bytes equal. */
    private static boolean isGrease(int v) {
        return (v & 0x0f0f) == 0x0a0a && ((v >> 8) & 0xff) == (v & 0xff);
    }

    /** {@code 1.3}, {@code 1.2} ... for TLS, else the value in hex ({@code 0x7f17}). */
    static String tlsVersion(int v) {
        return switch (v) {
            case 0x0304 -> "1.3";
            case 0x0303 -> "1.2";
            case 0x0302 -> "1.1";
            case 0x0301 -> "1.0";
            case 0x0300 -> "ssl3";
            default -> String.format("0x%04x", v);
        };
    }

    // ------------------------------------------------------------ dns

    public void writeDns(DnsLookup d) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "dns");
        dnsFields(d);
        end();
    }

    /** A DNS lookup with the audit's classification ({@code analyze}). */
    public void writeDns(AuditedDns a) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "dns");
        dnsFields(a.lookup());
        if (a.role() != null) {
            g.writeStringField("role", a.role().wire());
        }
        if (a.verdict() != null) {
            g.writeStringField("verdict", a.verdict().wire());
        }
        str("reason_code", a.reasonCode());
        str("reason", a.reason());
        end();
    }

    private void dnsFields(DnsLookup d) throws IOException {
        ts("ts", d.queryNanos());
        str("transport", d.transport());
        str("client_ip", d.clientIp());
        g.writeNumberField("client_port", d.clientPort());
        str("server_ip", d.serverIp());
        g.writeNumberField("server_port", d.serverPort());
        g.writeNumberField("id", d.id());
        str("qname", d.qname());
        if (d.qtype() >= 0) {
            g.writeNumberField("qtype", d.qtype());
        }
        if (d.rcode() >= 0) {
            g.writeNumberField("rcode", d.rcode());
        }
        if (d.responseNanos() != Long.MIN_VALUE) {
            strings("answers", d.answers() == null ? List.of() : d.answers());
        }
        ts("response_ts", d.responseNanos());
        strings("flags", d.flags());
    }

    // ------------------------------------------------------------ finding

    public void writeFinding(Finding f) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "finding");
        if (f.verdict() != null) {
            g.writeStringField("verdict", f.verdict().wire());
        }
        if (f.role() != null) {
            g.writeStringField("role", f.role().wire());
        }
        str("host", f.host());
        if (f.port() > 0) {
            g.writeNumberField("port", f.port());
        }
        g.writeNumberField("flows", f.flowCount());
        if (f.flowIds() != null && !f.flowIds().isEmpty()) {
            g.writeArrayFieldStart("flow_ids");
            for (Long id : f.flowIds()) {
                g.writeNumber(id);
            }
            g.writeEndArray();
        }
        ts("first_ts", f.firstNanos());
        ts("last_ts", f.lastNanos());
        str("reason_code", f.reasonCode());
        str("reason", f.reason());
        str("remediation", f.remediation());
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

    private void str(String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private void strings(String field, List<String> values) throws IOException {
        if (values == null) {
            return;
        }
        if (values.isEmpty() && !"answers".equals(field)) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** Epoch seconds with nine decimals as a JSON number; omitted when there is no time stamp. */
    private void ts(String field, long nanos) throws IOException {
        if (nanos == Long.MIN_VALUE) {
            return;
        }
        g.writeFieldName(field);
        g.writeNumber(epochSeconds(nanos));
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
