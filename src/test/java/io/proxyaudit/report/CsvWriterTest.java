package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditResult;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriterTest {
    @TempDir
    Path dir;

    /** A strict RFC 4180 reader (CRLF records, quoted fields with doubled quotes) to read our output back. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0;
        while (i < csv.length()) {
            char c = csv.charAt(i);
            if (c == '"' && f.length() == 0) {
                i++;
                while (true) {
                    char q = csv.charAt(i++);
                    if (q == '"') {
                        if (i < csv.length() && csv.charAt(i) == '"') {
                            f.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        f.append(q);
                    }
                }
            } else if (c == ',') {
                row.add(f.toString());
                f.setLength(0);
                i++;
            } else if (c == '\r' && csv.charAt(i + 1) == '\n') {
                row.add(f.toString());
                f.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i += 2;
            } else {
                assertTrue(c != '"' && c != '\n' && c != '\r', "bare " + (int) c + " at " + i);
                f.append(c);
                i++;
            }
        }
        assertTrue(row.isEmpty() && f.length() == 0, "last record not ended by CRLF");
        return rows;
    }

    @Test
    void writesThreeFilesWithHeadersAndOneRowPerItem() throws Exception {
        AuditResult r = ReportFixtures.small();
        List<Path> files = CsvWriter.write(r, dir.resolve("csv"));
        assertEquals(List.of("flows.csv", "dns.csv", "findings.csv"), files.stream().map(p -> p.getFileName().toString()).toList());
        List<List<String>> flows = parse(Files.readString(files.get(0)));
        assertEquals(CsvWriter.FLOW_COLUMNS, flows.get(0));
        assertEquals(6, flows.size());
        List<String> sumdb = flows.get(2);
        assertEquals("2", sumdb.get(0));
        assertEquals("2025-11-23T12:13:20.950Z", sumdb.get(2));
        assertEquals("750", sumdb.get(4));
        assertEquals("sum.golang.org", sumdb.get(CsvWriter.FLOW_COLUMNS.indexOf("host")));
        assertEquals("direct-bypass", sumdb.get(CsvWriter.FLOW_COLUMNS.indexOf("verdict")));
        assertEquals("sum.golang.org", sumdb.get(CsvWriter.FLOW_COLUMNS.indexOf("sni")));
        assertEquals("h2 http/1.1", sumdb.get(CsvWriter.FLOW_COLUMNS.indexOf("alpn")));
        List<String> tunnel = flows.get(1);
        assertEquals("proxy.golang.org:443", tunnel.get(CsvWriter.FLOW_COLUMNS.indexOf("connect_target")));
        assertEquals("200", tunnel.get(CsvWriter.FLOW_COLUMNS.indexOf("connect_status")));
        assertEquals("proxy.golang.org", tunnel.get(CsvWriter.FLOW_COLUMNS.indexOf("tunnel_sni")));
        List<List<String>> dns = parse(Files.readString(files.get(1)));
        assertEquals(5, dns.size());
        assertEquals("12", dns.get(1).get(CsvWriter.DNS_COLUMNS.indexOf("response_ms")));
        List<List<String>> findings = parse(Files.readString(files.get(2)));
        assertEquals(3, findings.size());
        assertEquals("go env -w GOSUMDB=\"sum.golang.org https://proxy.golang.org/sumdb/sum.golang.org\"",
                findings.get(1).get(CsvWriter.FINDING_COLUMNS.indexOf("remediation")));
        assertEquals("5", findings.get(2).get(CsvWriter.FINDING_COLUMNS.indexOf("flow_ids")));
    }

    @Test
    void hostileCellsAreQuotedAndCannotBecomeFormulas() throws Exception {
        AuditResult r = ReportFixtures.hostile();
        StringWriter w = new StringWriter();
        CsvWriter.writeFlows(r, w);
        List<List<String>> rows = parse(w.toString());
        assertEquals(r.flows().size() + 1, rows.size(), "a CR/LF in a value must not add a record");
        int host = CsvWriter.FLOW_COLUMNS.indexOf("host");
        for (List<String> row : rows.subList(1, rows.size())) {
            assertEquals(CsvWriter.FLOW_COLUMNS.size(), row.size(), "a comma or quote shifted the columns");
            for (String cell : row) {
                char c = cell.isEmpty() ? ' ' : cell.charAt(0);
                assertTrue(c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r', "formula cell: " + cell);
            }
        }
        assertEquals("'=HYPERLINK(\"http://x\")", rows.get(6).get(host));
        assertEquals("'+cmd|' /C calc'!A0", rows.get(7).get(host));
        assertEquals("'-2+3", rows.get(8).get(host));
        assertEquals("'@SUM(1)", rows.get(9).get(host));
        assertEquals("'\uFFFDTAB", rows.get(10).get(host));
        assertEquals("evil\uFFFD\uFFFD\uFFFD[31mred\uFFFD\uFFFDInjected: header", rows.get(4).get(host));
        assertEquals("\"><img src=x onerror=alert(2)>", rows.get(2).get(host), "CSV keeps text as is");
    }

    @Test
    void quotingAndFormulaGuardRules() {
        assertEquals("'-1", CsvWriter.text("-1"), "a text cell starting with - is guarded");
        assertEquals("\"a,b\"", CsvWriter.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvWriter.quote("say \"hi\""));
        assertEquals("plain", CsvWriter.quote("plain"));
    }
}
