package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BatchProgressTest {
    @Test
    void terminalBarIsRedrawnInPlaceAndMessagesGoAboveIt() throws Exception {
        StringWriter s = new StringWriter();
        BatchProgress p = new BatchProgress(new PrintWriter(s), true, false, 4, 4_000_000);
        p.start();
        p.captureDone(1_000_000);
        Thread.sleep(BatchProgress.TERMINAL_PERIOD_MS * 2);
        p.message("proxyaudit: x: \u001b[31mred");
        p.close();
        String out = s.toString();
        assertTrue(out.contains("\r[######..................] 1/4 captures, 1.0 MB/4.0 MB"), out);
        assertTrue(out.contains("proxyaudit: x: ?[31mred\n"), "escape sequences are neutralised: " + out);
        assertTrue(out.contains("ETA "), out);
        assertTrue(out.trim().endsWith("s"), out);
    }

    @Test
    void plainModeWritesNoCarriageReturnsAndQuietWritesNothingButMessages() {
        StringWriter s = new StringWriter();
        BatchProgress p = new BatchProgress(new PrintWriter(s), false, false, 2, 10);
        p.start();
        p.captureDone(5);
        p.captureDone(5);
        p.close();
        assertFalse(s.toString().contains("\r"));
        assertTrue(s.toString().startsWith("proxyaudit: batch: 2/2 captures"), s.toString());
        StringWriter q = new StringWriter();
        BatchProgress quiet = new BatchProgress(new PrintWriter(q), true, true, 2, 10);
        quiet.start();
        quiet.message("proxyaudit: a: unreadable");
        quiet.close();
        assertEquals("proxyaudit: a: unreadable\n", q.toString().replace("\r\n", "\n"));
    }

    @Test
    void durations() {
        assertEquals("5 s", BatchProgress.duration(4.2));
        assertEquals("2 min 05 s", BatchProgress.duration(125));
        assertEquals("1 h 01 min", BatchProgress.duration(3660));
    }
}
