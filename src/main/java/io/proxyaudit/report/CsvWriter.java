package io.proxyaudit.report;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.flow.FlowRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one CSV writer ({@code analyze --csv DIR} and {@code flows --format csv}): UTF-8, CRLF line ends, a header
 * row, RFC 4180 quoting (a field with a comma, quote, CR or LF is quoted and its quotes doubled). Text cells that a
 * spreadsheet would evaluate (starting with {@code = + - @}, TAB or CR; OWASP "CSV injection") are prefixed with an
 * apostrophe. Control and bidi-override characters become U+FFFD. The columns are those of {@link FlowSchema#CSV},
 * {@link DnsSchema#CSV} and {@link FindingSchema#CSV}.
 */
public final class CsvWriter {
    static final List<String> FLOW_COLUMNS = names(FlowSchema.CSV);
    static final List<String> DNS_COLUMNS = names(DnsSchema.CSV);
    static final List<String> FINDING_COLUMNS = names(FindingSchema.CSV);

    private CsvWriter() {}

    /** Creates {@code dir} if needed and writes {@code flows.csv}, {@code dns.csv} and {@code findings.csv}; returns their paths. */
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
        writeTable(out, FlowSchema.CSV, result.flows());
    }

    public static void writeDns(AuditResult result, Writer out) throws IOException {
        writeTable(out, DnsSchema.CSV, result.dns());
    }

    public static void writeFindings(AuditResult result, Writer out) throws IOException {
        writeTable(out, FindingSchema.CSV, result.findings());
    }

    private static <T> void writeTable(Writer out, List<Column<T>> columns, List<T> rows) throws IOException {
        Writer w = out instanceof BufferedWriter ? out : new BufferedWriter(out);
        header(w, null, columns);
        for (T r : rows) {
            row(w, null, columns, r);
        }
        w.flush();
    }

    /** Header of {@code flows --format csv}: {@code file}, then the flow columns without the audit's. */
    public static void writeUnauditedFlowHeader(Writer w) throws IOException {
        header(w, "file", FlowSchema.CSV_UNAUDITED);
    }

    /** One row of {@code flows --format csv}: the capture's name, then the flow's cells. */
    public static void writeUnauditedFlow(Writer w, String file, FlowRecord f) throws IOException {
        row(w, file, FlowSchema.CSV_UNAUDITED, new AuditedFlow(f, null, null, null, null, null, null, null, false));
    }

    private static <T> void header(Writer w, String lead, List<Column<T>> columns) throws IOException {
        if (lead != null) {
            w.write(quote(lead));
            w.write(',');
        }
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(quote(columns.get(i).name()));
        }
        w.write("\r\n");
    }

    private static <T> void row(Writer w, String lead, List<Column<T>> columns, T record) throws IOException {
        if (lead != null) {
            w.write(quote(text(lead)));
            w.write(',');
        }
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            Column<T> c = columns.get(i);
            String v = c.value(record);
            w.write(v == null ? "" : quote(c.numeric() ? v : text(v)));
        }
        w.write("\r\n");
    }

    /** A text cell made formula-safe and cleaned; quoting is applied by {@link #quote}. */
    static String text(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        char c = s.charAt(0);
        boolean formula = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
        String cleaned = SafeText.clean(s);
        return formula ? "'" + cleaned : cleaned;
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

    private static <T> List<String> names(List<Column<T>> columns) {
        List<String> l = new ArrayList<>(columns.size());
        for (Column<T> c : columns) {
            l.add(c.name());
        }
        return List.copyOf(l);
    }
}
