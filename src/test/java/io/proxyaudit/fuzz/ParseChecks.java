package io.proxyaudit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.proto.ParseResult;
import java.util.List;

/** Invariants every pure parser result must keep, whatever the input. */
final class ParseChecks {
    private ParseChecks() {}

    /** A sane result over a view of {@code len} bytes; returns the value when OK, else null. */
    static <T> T check(ParseResult<T> r, int len) {
        assertNotNull(r, "null result");
        assertNotNull(r.status(), "null status");
        switch (r.status()) {
            case OK -> {
                assertNotNull(r.value(), "OK without a value");
                assertTrue(r.consumed() > 0 && r.consumed() <= len,
                        "consumed " + r.consumed() + " of a " + len + "-byte view");
            }
            case MALFORMED -> {
                assertNull(r.value(), "MALFORMED with a value");
                assertTrue(r.consumed() >= 0 && r.consumed() <= len, "consumed " + r.consumed());
                assertNotNull(r.problem(), "MALFORMED without a reason");
                bounded(r.problem(), 512, "problem");
            }
            default -> {
                assertNull(r.value(), r.status() + " with a value");
                assertTrue(r.consumed() >= 0 && r.consumed() <= len, "consumed " + r.consumed());
            }
        }
        return r.status() == ParseResult.Status.OK ? r.value() : null;
    }

    /** Attacker-controlled text: bounded, one line, no control characters. */
    static void bounded(String s, int maxChars, String what) {
        if (s == null) {
            return;
        }
        assertTrue(s.length() <= maxChars, what + " not bounded: " + s.length() + " chars");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            assertTrue(c >= 0x20 && c != 0x7f, what + " holds control character " + (int) c);
        }
    }

    static void boundedAll(List<String> l, int maxItems, int maxChars, String what) {
        assertNotNull(l, what + " list");
        assertTrue(l.size() <= maxItems, what + ": " + l.size() + " items");
        l.forEach(s -> bounded(s, maxChars, what));
    }

    static byte[] framed(byte[] data, int pad) {
        byte[] b = new byte[data.length + 2 * pad];
        System.arraycopy(data, 0, b, pad, data.length);
        return b;
    }

    static void equalOutcome(ParseResult<?> a, ParseResult<?> b) {
        assertEquals(a.status(), b.status(), "same input, same answer");
        assertEquals(a.consumed(), b.consumed(), "same input, same answer");
    }
}
