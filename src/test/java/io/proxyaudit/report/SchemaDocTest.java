package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditedFlow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The field tables of docs/ndjson-schema.md and docs/csv.md are generated from the schema in code
 * ({@link FlowSchema}, {@link DnsSchema}, {@link FindingSchema}, {@link CaptureSchema}) between
 * {@code <!-- schema:NAME -->} and {@code <!-- /schema:NAME -->} markers. This test fails when a doc is stale:
 * a field in the code but not in the doc, a field in the doc but no longer in the code, or a changed meaning.
 * Regenerate with: {@value #REGENERATE}
 */
class SchemaDocTest {
    static final String REGENERATE = "mvn -B -o -q test -Dtest=SchemaDocTest -Dproxyaudit.regenerateDocs=true";
    private static final Pattern BLOCK = Pattern.compile("(<!-- schema:([a-z-]+) -->\n)(.*?)(<!-- /schema:\\2 -->)",
            Pattern.DOTALL);

    static Map<String, String> ndjsonBlocks() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("capture", table(CaptureSchema.CAPTURE));
        m.put("capture-analyze", table(CaptureSchema.AUDIT));
        m.put("flow", table(FlowSchema.FLOW));
        m.put("flow-analyze", table(FlowSchema.AUDIT));
        m.put("dns", table(DnsSchema.DNS));
        m.put("dns-analyze", table(DnsSchema.AUDIT));
        m.put("finding", table(FindingSchema.FINDING));
        return m;
    }

    static Map<String, String> csvBlocks() {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> auditOnly = new ArrayList<>();
        for (Column<AuditedFlow> c : FlowSchema.CSV) {
            if (!FlowSchema.CSV_UNAUDITED.contains(c)) {
                auditOnly.add("`" + c.name() + "`");
            }
        }
        m.put("csv-flows", columns(FlowSchema.CSV) + "\n`flows --format csv` writes `file` (the capture as given) first "
                + "and leaves out " + String.join(", ", auditOnly) + " (they come from the audit).\n");
        m.put("csv-dns", columns(DnsSchema.CSV));
        m.put("csv-findings", columns(FindingSchema.CSV));
        return m;
    }

    /** The field table of a record, then one table per kind of nested object. */
    static String table(RecordSchema<?> s) {
        StringBuilder b = new StringBuilder("| field | type | meaning |\n|---|---|---|\n");
        List<RecordSchema<?>> nested = new ArrayList<>();
        for (Field<?> f : s.fields()) {
            row(b, f);
            if (f.members() != null && !nested.contains(f.members())) {
                nested.add(f.members());
            }
        }
        for (RecordSchema<?> n : nested) {
            b.append("\nMembers of ");
            String[] names = n.name().split(", ");
            for (int i = 0; i < names.length; i++) {
                b.append(i == 0 ? "" : i == names.length - 1 ? " and " : ", ").append('`').append(names[i]).append('`');
            }
            b.append(": ").append(n.doc()).append("\n\n| member | type | meaning |\n|---|---|---|\n");
            for (Field<?> f : n.fields()) {
                row(b, f);
            }
        }
        return b.toString();
    }

    private static void row(StringBuilder b, Field<?> f) {
        b.append("| `").append(f.name()).append("` | ").append(f.type().replace("[", "\\[").replace("]", "\\]"))
                .append(" | ").append(f.doc()).append(" |\n");
    }

    static <T> String columns(List<Column<T>> cols) {
        StringBuilder b = new StringBuilder("| column | meaning |\n|---|---|\n");
        for (Column<T> c : cols) {
            b.append("| `").append(c.name()).append("` | ").append(c.doc()).append(" |\n");
        }
        return b.toString();
    }

    /** The doc with each marked block replaced by its generated text; every block must be marked exactly once. */
    static String fill(String doc, Map<String, String> blocks) {
        Matcher m = BLOCK.matcher(doc);
        StringBuilder out = new StringBuilder();
        List<String> seen = new ArrayList<>();
        while (m.find()) {
            String name = m.group(2);
            String text = blocks.get(name);
            if (text == null) {
                throw new IllegalStateException("the doc has a block no schema generates: " + name);
            }
            if (seen.contains(name)) {
                throw new IllegalStateException("block " + name + " appears twice");
            }
            seen.add(name);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + text + m.group(4)));
        }
        m.appendTail(out);
        for (String name : blocks.keySet()) {
            if (!seen.contains(name)) {
                throw new IllegalStateException("the doc lacks the block <!-- schema:" + name + " -->");
            }
        }
        return out.toString();
    }

    private static void check(Path doc, Map<String, String> blocks) throws IOException {
        String now = Files.readString(doc, StandardCharsets.UTF_8);
        String fresh = fill(now, blocks);
        if (Boolean.getBoolean("proxyaudit.regenerateDocs")) {
            Files.writeString(doc, fresh, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(fresh, now, doc + " does not match the schema in code; regenerate it: " + REGENERATE);
    }

    @Test
    void ndjsonSchemaDocMatchesTheCode() throws IOException {
        check(Path.of("docs/ndjson-schema.md"), ndjsonBlocks());
    }

    @Test
    void csvDocMatchesTheCode() throws IOException {
        check(Path.of("docs/csv.md"), csvBlocks());
    }

    /** The check can fail: a field missing from the doc, or one the code no longer has, is a difference. */
    @Test
    void aStaleTableIsFound() {
        String doc = "x\n<!-- schema:dns -->\n| field | type | meaning |\n|---|---|---|\n| `gone` | string | removed |\n"
                + "<!-- /schema:dns -->\n";
        Map<String, String> blocks = Map.of("dns", table(DnsSchema.DNS));
        String fresh = fill(doc, blocks);
        assertFalse(fresh.contains("`gone`"));
        assertTrue(fresh.contains("| `qname` | string |"));
        assertThrows(IllegalStateException.class, () -> fill("no markers", blocks));
    }

    /** A doc text must fit in one Markdown table cell. */
    @Test
    void docTextsFitInATableCell() {
        for (String block : ndjsonBlocks().values()) {
            for (String line : block.split("\n")) {
                if (line.startsWith("| `")) {
                    assertEquals(4, line.split("(?<!\\\\)\\|", -1).length - 1, "a | inside a cell: " + line);
                }
            }
        }
    }
}
