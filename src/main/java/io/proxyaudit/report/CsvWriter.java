package io.proxyaudit.report;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedDns;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.Finding;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.HttpExchange;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes {@code flows.csv}, {@code dns.csv} and {@code findings.csv}: UTF-8, CRLF line ends, a header row,
 * RFC 4180 quoting (a field with a comma, quote, CR or LF is quoted and its quotes doubled). Text cells that
 * a spreadsheet would evaluate (starting with {@code = + - @}, TAB or CR; OWASP "CSV injection") are
 * prefixed with an apostrophe. Control and bidi-override characters become U+FFFD. Times are ISO-8601 UTC.
 */
public final class CsvWriter {
    static final List<String> FLOW_COLUMNS = List.of("id", "transport", "start", "end", "duration_ms", "client_ip",
            "client_port", "server_ip", "server_port", "host", "target", "role", "route", "proxy", "verdict",
            "reason_code", "reason", "unanswered", "state", "syn_count", "packets_c2s", "packets_s2c", "bytes_c2s",
            "bytes_s2c", "sni", "tunnel_sni", "alpn", "ja4", "connect_target", "connect_status", "http_hosts", "flags");
    static final List<String> DNS_COLUMNS = List.of("query_time", "transport", "client_ip", "client_port",
            "server_ip", "server_port", "id", "qname", "qtype", "rcode", "answers", "response_ms", "role", "verdict",
            "reason_code", "reason", "flags");
    static final List<String> FINDING_COLUMNS = List.of("verdict", "role", "host", "port", "flow_count", "flow_ids",
            "first", "last", "reason_code", "reason", "remediation");

    private CsvWriter() {}

    /** Creates {@code dir} if needed and writes the three files into it; returns their paths. */
    public static List<Path> write(AuditResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path flows = dir.resolve("flows.csv");
        Path dns = dir.resolve("dns.csv");
        Path findings = dir.resolve("findings.csv");
        AtomicFile.write(flows, w -> writeFlows(result, w));
        AtomicFile.write(dns, w -> writeDns(result, w));
        AtomicFile.write(findings, w -> writeFindings(result, w));
        return List.of(flows, dns, findings);
    }

    public static void writeFlows(AuditResult result, Writer out) throws IOException {
        Writer w = out instanceof BufferedWriter ? out : new BufferedWriter(out);
        row(w, FLOW_COLUMNS);
        List<String> r = new ArrayList<>(FLOW_COLUMNS.size());
        for (AuditedFlow af : result.flows()) {
            FlowRecord f = af.flow();
            r.clear();
            r.add(num(f.id()));
            r.add(text(f.transport()));
            r.add(Times.iso(f.startNanos()));
            r.add(Times.iso(f.endNanos()));
            r.add(num((f.endNanos() - f.startNanos()) / 1_000_000));
            r.add(text(f.clientIp()));
            r.add(num(f.clientPort()));
            r.add(text(f.serverIp()));
            r.add(num(f.serverPort()));
            r.add(text(f.host()));
            r.add(text(af.target()));
            r.add(text(af.role() == null ? null : af.role().wire()));
            r.add(text(af.route() == null ? null : af.route().wire()));
            r.add(text(af.proxy()));
            r.add(text(af.verdict() == null ? null : af.verdict().wire()));
            r.add(text(af.reasonCode()));
            r.add(text(af.reason()));
            r.add(af.unanswered() ? "true" : "false");
            r.add(text(f.state()));
            r.add(num(f.synCount()));
            r.add(num(f.packetsC2s()));
            r.add(num(f.packetsS2c()));
            r.add(num(f.bytesC2s()));
            r.add(num(f.bytesS2c()));
            r.add(text(f.clientHello() == null ? null : f.clientHello().sni()));
            r.add(text(f.tunnelHello() == null ? null : f.tunnelHello().sni()));
            r.add(text(f.clientHello() != null ? join(f.clientHello().alpn())
                    : f.tunnelHello() != null ? join(f.tunnelHello().alpn()) : null));
            r.add(text(f.clientHello() != null ? f.clientHello().ja4()
                    : f.tunnelHello() != null ? f.tunnelHello().ja4() : null));
            r.add(text(f.connect() == null ? null : f.connect().target()));
            r.add(f.connect() == null ? "" : num(f.connect().status()));
            r.add(text(httpHosts(f.http())));
            r.add(text(join(f.flags())));
            row(w, r);
        }
        w.flush();
    }

    public static void writeDns(AuditResult result, Writer out) throws IOException {
        Writer w = out instanceof BufferedWriter ? out : new BufferedWriter(out);
        row(w, DNS_COLUMNS);
        List<String> r = new ArrayList<>(DNS_COLUMNS.size());
        for (AuditedDns d : result.dns()) {
            DnsLookup l = d.lookup();
            r.clear();
            r.add(Times.iso(l.queryNanos()));
            r.add(text(l.transport()));
            r.add(text(l.clientIp()));
            r.add(num(l.clientPort()));
            r.add(text(l.serverIp()));
            r.add(num(l.serverPort()));
            r.add(num(l.id()));
            r.add(text(l.qname()));
            r.add(num(l.qtype()));
            r.add(num(l.rcode()));
            r.add(text(join(l.answers())));
            r.add(l.responseNanos() == Long.MIN_VALUE ? "" : num((l.responseNanos() - l.queryNanos()) / 1_000_000));
            r.add(text(d.role() == null ? null : d.role().wire()));
            r.add(text(d.verdict() == null ? null : d.verdict().wire()));
            r.add(text(d.reasonCode()));
            r.add(text(d.reason()));
            r.add(text(join(l.flags())));
            row(w, r);
        }
        w.flush();
    }

    public static void writeFindings(AuditResult result, Writer out) throws IOException {
        Writer w = out instanceof BufferedWriter ? out : new BufferedWriter(out);
        row(w, FINDING_COLUMNS);
        for (Finding f : result.findings()) {
            List<String> ids = new ArrayList<>();
            for (Long id : Nulls.list(f.flowIds())) {
                ids.add(String.valueOf(id));
            }
            row(w, List.of(text(f.verdict() == null ? null : f.verdict().wire()),
                    text(f.role() == null ? null : f.role().wire()), text(f.host()), num(f.port()),
                    num(f.flowCount()), String.join(" ", ids), Times.iso(f.firstNanos()), Times.iso(f.lastNanos()),
                    text(f.reasonCode()), text(f.reason()), text(f.remediation())));
        }
        w.flush();
    }

    /** A text cell made formula-safe and cleaned; quoting is applied by {@link #row}. */
    static String text(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        char c = s.charAt(0);
        boolean formula = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
        String cleaned = SafeText.clean(s);
        return formula ? "'" + cleaned : cleaned;
    }

    private static String num(long n) {
        return Long.toString(n);
    }

    /** RFC 4180 §2 rules 5-7: quote a field containing a comma, quote, CR or LF, and double its quotes. */
    static String quote(String field) {
        boolean needs = false;
        for (int i = 0; i < field.length() && !needs; i++) {
            char c = field.charAt(i);
            needs = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    private static void row(Writer w, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(quote(Objects.requireNonNullElse(fields.get(i), "")));
        }
        w.write("\r\n");
    }

    private static String join(List<String> l) {
        return l == null || l.isEmpty() ? null : String.join(" ", l);
    }

    private static String httpHosts(List<HttpExchange> http) {
        if (http == null || http.isEmpty()) {
            return null;
        }
        List<String> hosts = new ArrayList<>();
        for (HttpExchange e : http) {
            if (e.host() != null && !hosts.contains(e.host())) {
                hosts.add(e.host());
            }
        }
        return hosts.isEmpty() ? null : String.join(" ", hosts);
    }
}
