package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.report.DnsCodes;
import io.proxyaudit.testutil.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code flows --format table}: 80 columns, time order, DNS types by name, capture text escaped and bounded. */
class FlowsTableTest {
    private static final String BUSY = "samples/j-busy-mixed/capture.pcapng";

    /** The rows' first lines: time, then "#id" or "dns". */
    private static List<String> rowLines(List<String> lines) {
        return lines.stream().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (#\\d+|dns) .*")).toList();
    }

    @Test
    void rowsAreInTimeOrderAndEveryLineFits80Columns() {
        FlowsCommandTest.Run r = FlowsCommandTest.run("flows", BUSY);
        assertEquals(0, r.exit(), r.err());
        for (String line : r.lines()) {
            assertTrue(line.length() <= 80, line.length() + " columns: " + line);
        }
        List<String> rows = rowLines(r.lines());
        assertTrue(rows.size() > 50, r.out());
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i - 1).substring(0, 12).compareTo(rows.get(i).substring(0, 12)) <= 0,
                    "out of time order: " + rows.get(i - 1) + " / " + rows.get(i));
        }
    }

    /** Every lookup of the NDJSON is in the table with its type by name, in time order of the NDJSON's own ts. */
    @Test
    void lookupsShowTheirTypeByNameAndTheFirstIsTheEarliest() throws Exception {
        FlowsCommandTest.Run json = FlowsCommandTest.run("flows", "--format", "json", BUSY);
        List<Map<String, Object>> lookups = new ArrayList<>();
        for (String l : json.lines()) {
            if (l.startsWith("{\"type\":\"dns\"")) {
                lookups.add(Json.object(l));
            }
        }
        FlowsCommandTest.Run table = FlowsCommandTest.run("flows", BUSY);
        List<String> details = new ArrayList<>();
        List<String> lines = table.lines();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).matches("\\S+ dns .*")) {
                details.add(lines.get(i + 1).strip());
            }
        }
        assertEquals(lookups.size(), details.size());
        long aaaa = lookups.stream().filter(m -> ((Number) m.get("qtype")).intValue() == 28).count();
        assertTrue(aaaa > 0);
        assertEquals(aaaa, details.stream().filter(d -> d.startsWith("AAAA ")).count(), String.join("\n", details));
        assertFalse(table.out().contains("qtype"), table.out());
        Map<String, Object> earliest = lookups.stream()
                .min((a, b) -> new java.math.BigDecimal(a.get("ts").toString()).compareTo(new java.math.BigDecimal(b.get("ts").toString())))
                .orElseThrow();
        assertEquals(DnsCodes.type(((Number) earliest.get("qtype")).intValue()) + " " + earliest.get("qname"),
                details.get(0).substring(0, details.get(0).indexOf(" -> ")));
    }

    @Test
    void dnsNamesFollowTheRegistryAndRfc3597ForTheRest() {
        assertEquals("A", DnsCodes.type(1));
        assertEquals("AAAA", DnsCodes.type(28));
        assertEquals("HTTPS", DnsCodes.type(65));
        assertEquals("TYPE65534", DnsCodes.type(65534));
        assertEquals("NXDOMAIN", DnsCodes.rcode(3));
        assertEquals("RCODE23", DnsCodes.rcode(23));
    }

    /** A name from the capture cannot move the cursor, colour the screen, or push the table past the width. */
    @Test
    void textFromTheCaptureIsEscapedAndBounded() {
        List<String> out = new ArrayList<>();
        FlowsTable t = new FlowsTable(80, out::add);
        t.begin("evil\u001b[2J.pcap");
        String name = "\u001b[31mred\u0007\r\nfake row " + "x".repeat(300) + ".example";
        t.dns(new DnsLookup(1_700_000_000_000_000_000L, "udp", "10.0.0.1", 5353, "10.0.0.53", 53, 7, name, 65534, 0,
                List.of("\u202eevil.example"), 1_700_000_000_100_000_000L, List.of()));
        t.end(1, 0);
        for (String line : out) {
            assertTrue(line.length() <= 80, line);
            for (char c : line.toCharArray()) {
                assertTrue(c >= 0x20 && c != 0x7f && c != 0x202e, "control or bidi " + (int) c + " in " + line);
            }
        }
        String all = String.join("\n", out);
        assertTrue(all.contains("TYPE65534 \ufffd[31mred"), all);
        assertTrue(all.contains("\u2026"), "a long name ends with an ellipsis: " + all);
        assertEquals(6, out.size(), "title, 2 header lines, 2 lines for the lookup, closing line: " + all);
    }
}
