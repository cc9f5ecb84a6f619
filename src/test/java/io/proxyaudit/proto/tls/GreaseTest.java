package io.proxyaudit.proto.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GreaseTest {
    @Test
    void allSixteenRfc8701ValuesAndNothingElse() {
        int count = 0;
        for (int v = 0; v <= 0xffff; v++) {
            if (Grease.isGrease(v)) {
                count++;
                assertTrue((v & 0xff) == (v >> 8) && (v & 0x0f) == 0x0a, Integer.toHexString(v));
            }
        }
        assertTrue(count == 16, "RFC 8701 §2 lists 16 values, got " + count);
        assertTrue(Grease.isGrease(0x0a0a));
        assertTrue(Grease.isGrease(0xfafa));
        assertFalse(Grease.isGrease(0x0a1a));
        assertFalse(Grease.isGrease(0x1301));
    }
}
