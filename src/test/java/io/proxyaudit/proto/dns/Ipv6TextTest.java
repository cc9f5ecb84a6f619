package io.proxyaudit.proto.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyaudit.proto.Hex;
import org.junit.jupiter.api.Test;

class Ipv6TextTest {
    private static String f(String hex) {
        return Ipv6Text.format(Hex.bytes(hex), 0);
    }

    @Test
    void rfc5952Examples() {
        assertEquals("2001:db8::1", f("20010db8000000000000000000000001"));                 // §4.1 leading zeros, §4.2.1
        assertEquals("2001:db8:0:1:1:1:1:1", f("20010db8000000010001000100010001"));     // §4.2.2 one zero group stays
        assertEquals("2001:0:0:1::1", f("20010000000000010000000000000001"));             // §4.2.3 longest run
        assertEquals("2001:db8::1:0:0:1", f("20010db8000000000001000000000001"));         // §4.2.3 first on a tie
        assertEquals("::", f("00000000000000000000000000000000"));
        assertEquals("::1", f("00000000000000000000000000000001"));
        assertEquals("fe80::", f("fe800000000000000000000000000000"));
        assertEquals("::ffff:192.0.2.1", f("00000000000000000000ffffc0000201"));          // §5
        assertEquals("2003:51:6012:110::a07:53", f("2003005160120110000000000a070053"));
    }
}
