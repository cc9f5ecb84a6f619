package io.proxyaudit.proto.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.proto.Hex;
import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.ParseResult.Status;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DnsParserTest {

    @Test
    void answerAndCnameInAdditionalSection() {
        DnsMessage m = ok(DnsSamples.CNAME_IN_ADDITIONAL);
        assertEquals(0, m.id());
        assertTrue(m.response());
        assertEquals(0, m.rcode());
        assertEquals(List.of(new DnsQuestion("example.com", 1, 1)), m.questions());
        assertEquals(1, m.answers().size());
        DnsResourceRecord a = m.answers().get(0);
        assertEquals("example.com", a.name());
        assertEquals(DnsResourceRecord.TYPE_A, a.type());
        assertEquals(300, a.ttl());
        assertEquals("192.168.1.1", a.value());
        assertNull(a.rdata());
        DnsResourceRecord cname = m.additionals().get(0);
        assertEquals("service.example.com", cname.name());
        assertEquals("internal-service.example.net", cname.value());
        assertTrue(m.flags().isEmpty(), m.flags().toString());
    }

    @Test
    void chainedPointersResolveToTheSameOwner() {
        DnsMessage m = ok(DnsSamples.POINTER_CHAIN);
        assertEquals(0x1234, m.id());
        assertEquals(7, m.answers().size());
        for (int i = 0; i < 7; i++) {
            assertEquals("a", m.answers().get(i).name());
            assertEquals("127.0.0." + (i + 1), m.answers().get(i).value()); // as tshark's dns.a for this frame
        }
        assertTrue(m.flags().isEmpty());
    }

    @Test
    void compressedRdataNamesAaaaAndRawTypes() {
        DnsMessage m = ok(DnsSamples.SOA_WITH_GLUE);
        assertEquals(new DnsQuestion("weberdns.de", 6, 1), m.questions().get(0));
        DnsResourceRecord soa = m.answers().get(0);
        assertEquals(6, soa.type());
        assertNull(soa.value());
        assertEquals(38, soa.rdata().length);
        assertEquals(List.of("ns1.weberdns.de", "ns2.weberdns.de"),
                m.authorities().stream().map(DnsResourceRecord::value).toList());
        assertEquals("ns1.weberdns.de", m.additionals().get(0).name());
        assertEquals("80.154.108.230", m.additionals().get(0).value());
        assertEquals("2003:51:6012:110::a07:53", m.additionals().get(1).value()); // tshark dns.aaaa
        DnsResourceRecord opt = m.additionals().get(3);
        assertEquals(41, opt.type());
        assertEquals("", opt.name(), "root");
        assertArrayEquals(new byte[0], opt.rdata());
        assertEquals(DnsSamples.SOA_WITH_GLUE.length, ParseResult.class.cast(
                DnsParser.parse(DnsSamples.SOA_WITH_GLUE, 0, DnsSamples.SOA_WITH_GLUE.length)).consumed());
    }

    @Test
    void cutMessagesKeepWhatWasRead() {
        byte[] b = DnsSamples.SOA_WITH_GLUE;
        for (int cut = 12; cut < b.length; cut++) {
            ParseResult<DnsMessage> r = DnsParser.parse(b, 0, cut);
            assertEquals(Status.OK, r.status(), "cut at " + cut);
            assertTrue(r.value().flags().contains("truncated"), "cut at " + cut);
            assertFalse(r.value().truncatedBit());
        }
        // cut right after the question (12 + 13 + 4 = 29 bytes): question kept, sections empty
        DnsMessage m = DnsParser.parse(b, 0, 29).value();
        assertEquals(1, m.questions().size());
        assertEquals(List.of(), m.answers());
        assertEquals(Status.MALFORMED, DnsParser.parse(b, 0, 11).status());
    }

    @Test
    void tcBitIsFlagged() {
        byte[] b = DnsSamples.CNAME_IN_ADDITIONAL.clone();
        b[2] |= 0x02; // TC (RFC 1035 §4.1.1)
        DnsMessage m = ok(b);
        assertTrue(m.truncatedBit());
        assertEquals(List.of("truncated"), m.flags());
    }

    @Test
    void pointerToItselfIsALoop() {
        byte[] b = Hex.bytes("abcd 0100 0001 0000 0000 0000", "c00c", "0001 0001");
        DnsMessage m = ok(b);
        assertTrue(m.flags().contains("name-loop"), m.flags().toString());
        assertEquals(new DnsQuestion("", 1, 1), m.questions().get(0), "type read after the pointer");
    }

    @Test
    void twoPointersPointingAtEachOtherAreALoop() {
        // offset 12: pointer to 14; offset 14: pointer to 12
        byte[] b = Hex.bytes("abcd 0100 0001 0000 0000 0000", "c00e", "c00c", "0001 0001");
        DnsMessage m = DnsParser.parse(b, 0, b.length).value();
        assertTrue(m.flags().contains("name-loop"), m.flags().toString());
    }

    @Test
    void labelLoopingBackGrowsPastTheLengthLimit() {
        // offset 12: label "a", then a pointer back to offset 12: a.a.a.... until 255 octets
        byte[] b = Hex.bytes("abcd 0100 0001 0000 0000 0000", "0161 c00c", "0001 0001");
        DnsMessage m = ok(b);
        assertTrue(m.flags().contains("name-too-long"), m.flags().toString());
        String name = m.questions().get(0).name();
        assertTrue(name.startsWith("a.a.a.") && name.length() <= 255, name.length() + "");
        assertEquals(1, m.questions().get(0).type());
    }

    @Test
    void nameOfExactly255OctetsIsAcceptedAnd256IsNot() {
        String l63 = "3f" + "61".repeat(63);
        byte[] max = Hex.bytes("0001 0100 0001 0000 0000 0000", l63, l63, l63, "3d" + "62".repeat(61), "00", "0001 0001");
        DnsMessage m = ok(max);
        assertTrue(m.flags().isEmpty(), m.flags().toString());
        assertEquals(253, m.questions().get(0).name().length());
        byte[] over = Hex.bytes("0001 0100 0001 0000 0000 0000", l63, l63, l63, "3e" + "62".repeat(62), "00", "001c 0001");
        DnsMessage o = ok(over);
        assertTrue(o.flags().contains("name-too-long"));
        assertEquals(28, o.questions().get(0).type(), "parsing continues after the over-long name");
    }

    @Test
    void pointerOutsideTheMessageIsBad() {
        byte[] b = Hex.bytes("abcd 0100 0001 0000 0000 0000", "0377777703636f6d c0ff", "0001 0001");
        DnsMessage m = ok(b);
        assertTrue(m.flags().contains("bad-pointer"));
        assertEquals("www.com", m.questions().get(0).name(), "labels before the bad pointer are kept");
    }

    @Test
    void unprintableLabelBytesAreEscaped() {
        byte[] b = Hex.bytes("abcd 0100 0001 0000 0000 0000", "03 61 0a 62 00", "0001 0001");
        assertEquals("a\\x0ab", ok(b).questions().get(0).name());
    }

    @Test
    void wrongRdataLengthForAddressIsFlaggedAndKeptRaw() {
        byte[] b = Hex.bytes("abcd 8180 0000 0001 0000 0000", "00 0001 0001 00000000 0003 010203");
        DnsMessage m = ok(b);
        assertTrue(m.flags().contains("short-record"));
        assertNull(m.answers().get(0).value());
        assertEquals(3, m.answers().get(0).rdata().length);
    }

    @Test
    void lyingCountsDoNotRunAway() {
        byte[] b = Hex.bytes("abcd 8180 ffff ffff ffff ffff", "00 0001 0001");
        DnsMessage m = ok(b);
        assertEquals(1, m.questions().size());
        assertTrue(m.flags().contains("truncated"));
    }

    @Test
    void maximalMessageOfLongPointerChainsStaysCheap() {
        // 64 KiB message: question "a" at offset 12; a first answer of an unknown type whose RDATA (offset 30)
        // is a chain of 120 pointers, each to the next and the last to "a"; then as many answers as fit,
        // each owner name a pointer to the head of the chain (121 jumps per name)
        StringBuilder hex = new StringBuilder("0001 8180 0001 ffff 0000 0000");
        hex.append("016100 0001 0001");
        hex.append("00 00ff 0001 00000000 00f0");
        for (int i = 1; i < 120; i++) {
            hex.append(String.format("%04x", 0xc000 | (30 + 2 * i)));
        }
        hex.append("c00c");
        int records = (65535 - 270) / 16;
        for (int i = 0; i < records; i++) {
            hex.append("c01e 0001 0001 00000000 0004 7f000001");
        }
        byte[] b = Hex.bytes(hex.toString());
        ParseResult<DnsMessage> r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(5), () -> DnsParser.parse(b, 0, b.length));
        assertEquals(Status.OK, r.status());
        assertEquals(DnsParser.MAX_RECORDS_PER_SECTION, r.value().answers().size());
        assertEquals("a", r.value().answers().get(1).name());
        assertEquals("127.0.0.1", r.value().answers().get(1).value());
        assertTrue(r.value().flags().containsAll(List.of("records-cut", "truncated")), r.value().flags().toString());
        assertFalse(r.value().flags().contains("name-loop"), "121 jumps are within the limit");
    }

    @Test
    void randomCorruptionNeverThrows() {
        Random random = new Random(53L);
        for (byte[] sample : List.of(DnsSamples.SOA_WITH_GLUE, DnsSamples.POINTER_CHAIN, DnsSamples.CNAME_IN_ADDITIONAL)) {
            for (int round = 0; round < 5000; round++) {
                byte[] b = sample.clone();
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                int len = random.nextInt(b.length + 1);
                assertDoesNotThrow(() -> DnsParser.parse(b, 0, len));
            }
        }
    }

    private static DnsMessage ok(byte[] b) {
        ParseResult<DnsMessage> r = DnsParser.parse(b, 0, b.length);
        assertEquals(Status.OK, r.status(), r.problem());
        return r.value();
    }
}
