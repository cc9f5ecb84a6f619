package io.proxyaudit.proto.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.proto.Hex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsNameReaderTest {

    private record Read(String name, int next, List<String> flags) {}

    private static Read read(byte[] msg, int pos) {
        StringBuilder sb = new StringBuilder();
        List<String> flags = new ArrayList<>();
        int next = DnsNameReader.read(msg, 0, msg.length, pos, sb, flags);
        return new Read(sb.toString(), next, flags);
    }

    @Test
    void uncompressedNameEndsAfterTheRootLabel() {
        byte[] m = Hex.bytes("03777777 06676f6f676c65 03636f6d 00 0001");
        assertEquals(new Read("www.google.com", 16, List.of()), read(m, 0));
    }

    @Test
    void nameEndsAfterItsFirstPointerWhereverThePointerLeads() {
        // offset 0: "com"; offset 5: "google" + pointer to 0; offset 14: "www" + pointer to 5
        byte[] m = Hex.bytes("03636f6d00", "06676f6f676c65c000", "03777777c005", "ffff");
        assertEquals(new Read("www.google.com", 20, List.of()), read(m, 14));
    }

    @Test
    void rootAndTruncation() {
        assertEquals(new Read("", 1, List.of()), read(Hex.bytes("00"), 0));
        Read cut = read(Hex.bytes("0377"), 0);
        assertEquals(-1, cut.next());
        assertEquals(List.of("truncated"), cut.flags());
        Read cutPointer = read(Hex.bytes("c0"), 0);
        assertEquals(-1, cutPointer.next());
    }

    @Test
    void extendedLabelTypesAreRejected() {
        Read r = read(Hex.bytes("4100"), 0); // 01xxxxxx: RFC 6891 §5 extended label
        assertTrue(r.flags().contains("bad-label"));
        assertEquals(-1, r.next());
    }

    @Test
    void pointerLoopIsCutAfterTheLimit() {
        Read r = read(Hex.bytes("c000"), 0);
        assertEquals(List.of("name-loop"), r.flags());
        assertEquals(2, r.next(), "the record stream continues after the pointer");
    }
}
