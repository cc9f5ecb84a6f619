package io.proxyaudit.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * IPv4 literals as Go's net.ParseIP reads them since Go 1.17 (net/ip.go {@code parseIPv4}: four decimal parts, no
 * leading zeros, each at most 255), which the audit relies on for every flow's address.
 */
class IpLiteralTest {
    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "1.2.3.4", "10.20.0.10", "127.0.0.1", "255.255.255.255", "192.168.100.200"})
    void dottedQuadsParse(String s) throws Exception {
        assertArrayEquals(InetAddress.getByName(s).getAddress(), IpLiteral.parse(s), s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "256.1.1.1", "1.2.3.256", "1..2.3",
            ".1.2.3", "1.2.3.", "1.2.3.4 ", " 1.2.3.4", "1.2.3.a", "0x7f.0.0.1", "1234.1.1.1", "1.2.3.4/8",
            "example.com", "127.1", "2130706433", "1.2.3.-4", "+1.2.3.4"})
    void everythingElseIsNotAnIpv4Literal(String s) {
        assertNull(IpLiteral.parse(s), s);
    }

    @Test
    void ipv6AndMappedForms() throws Exception {
        assertArrayEquals(InetAddress.getByName("::1").getAddress(), IpLiteral.parse("::1"));
        assertArrayEquals(InetAddress.getByName("2001:db8::5").getAddress(), IpLiteral.parse("2001:db8::5"));
        assertArrayEquals(new byte[] {10, 0, 0, 1}, IpLiteral.parse("::ffff:10.0.0.1"));
        assertNull(IpLiteral.parse("[::1]"));
        assertNull(IpLiteral.parse("fe80::1%eth0"));
    }

    /** Random dotted strings against the definition: four parts of 1-3 digits, no leading zero, each <= 255. */
    @Test
    void randomDottedStringsFollowTheDefinition() {
        Random r = new Random(17);
        String alphabet = "0123456789.";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder();
            int len = 1 + r.nextInt(17);
            for (int i = 0; i < len; i++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String s = b.toString();
            byte[] got = IpLiteral.parse(s);
            byte[] want = byDefinition(s);
            if (want == null) {
                assertNull(got, s);
            } else {
                assertArrayEquals(want, got, s);
            }
        }
    }

    private static byte[] byDefinition(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }
}
