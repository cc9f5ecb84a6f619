package io.proxyaudit.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoundedTextTest {
    @Test
    void printableAsciiKeptOthersEscaped() {
        byte[] b = Hex.bytes("61 00 7f 5c ff 7a");
        assertEquals("a\\x00\\x7f\\x5c\\xffz", BoundedText.printable(b, 0, b.length, 100));
        assertEquals("\\x00", BoundedText.printable(b, 1, 1, 100));
    }

    @Test
    void cutAtTheLimitWithoutSplittingAnEscape() {
        byte[] b = Hex.bytes("61 62 00 63");
        assertEquals("ab", BoundedText.printable(b, 0, b.length, 5), "the 4-char escape does not fit in 5");
        StringBuilder sb = new StringBuilder();
        assertFalse(BoundedText.appendPrintable(sb, b, 0, b.length, 3));
        assertTrue(BoundedText.appendPrintable(new StringBuilder(), b, 0, b.length, 7));
    }

    @Test
    void printableCheck() {
        assertTrue(BoundedText.isPrintableAscii(Hex.ascii("h2 http/1.1"), 0, 11));
        assertFalse(BoundedText.isPrintableAscii(Hex.bytes("6809"), 0, 2));
    }
}
