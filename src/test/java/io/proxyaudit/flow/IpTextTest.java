package io.proxyaudit.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyaudit.policy.IpLiteral;
import org.junit.jupiter.api.Test;

class IpTextTest {
    private static String rt(String s) {
        byte[] b = IpLiteral.parse(s);
        return IpText.format(b, b.length);
    }

    @Test
    void ipv6IsPrintedInRfc5952Form() {
        assertEquals("2001:db8::1", rt("2001:0DB8:0000:0000:0000:0000:0000:0001"));
        assertEquals("::1", rt("0:0:0:0:0:0:0:1"));
        assertEquals("::", rt("::"));
        assertEquals("fd00:77::22", rt("fd00:77:0:0:0:0:0:22"));
        // the longest run is compressed, the first one on a tie (RFC 5952 §4.2.3)
        assertEquals("2001:0:0:1::1", rt("2001:0:0:1:0:0:0:1"));
        assertEquals("2001:db8::1:0:0:1", rt("2001:db8:0:0:1:0:0:1"));
        // a single zero group is not compressed (§4.2.2)
        assertEquals("2001:db8:0:1:1:1:1:1", rt("2001:db8::1:1:1:1:1"));
    }

    @Test
    void ipv4IsADottedQuad() {
        assertEquals("10.77.0.2", rt("10.77.0.2"));
        assertEquals("0.0.0.255", rt("0.0.0.255"));
    }
}
