package io.proxyaudit.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IpFragmentTableTest {
    private final DecodeCounters counters = new DecodeCounters();
    private final IpFragmentTable table = new IpFragmentTable(counters);
    private final DecodedPacket out = new DecodedPacket();
    private static final byte[] SRC = {10, 0, 0, 1};
    private static final byte[] DST = {10, 0, 0, 2};

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 1);
        }
        return b;
    }

    private boolean add(int id, byte[] whole, int from, int to, boolean more, long ts) {
        byte[] part = Arrays.copyOfRange(whole, from, to);
        return table.add(4, SRC, DST, id, 17, from, more, part, 0, part.length, part.length, ts, out);
    }

    @Test
    void overlappingAndDuplicateFragmentsComplete() {
        byte[] d = data(3000);
        assertFalse(add(1, d, 1000, 2000, true, 0));
        assertFalse(add(1, d, 1000, 2000, true, 0)); // duplicate
        assertFalse(add(1, d, 2000, 3000, false, 0));
        assertTrue(add(1, d, 0, 1200, true, 0)); // overlaps the second one and closes the last hole
        assertEquals(1, counters.fragmentsReassembled);
        assertArrayEquals(d, Arrays.copyOfRange(out.payload, out.payloadOffset, out.payloadOffset + out.payloadLength));
    }

    @Test
    void datagramsAreKeptApartById() {
        byte[] a = data(1600);
        byte[] b = data(1600);
        b[5] = 99;
        assertFalse(add(1, a, 0, 800, true, 0));
        assertFalse(add(2, b, 0, 800, true, 0));
        assertTrue(add(2, b, 800, 1600, false, 0));
        assertArrayEquals(b, Arrays.copyOfRange(out.payload, 0, out.payloadLength));
        assertTrue(add(1, a, 800, 1600, false, 0));
        assertArrayEquals(a, Arrays.copyOfRange(out.payload, 0, out.payloadLength));
        assertEquals(2, counters.fragmentsReassembled);
    }

    @Test
    void tableIsBoundedAndEvictsTheOldest() {
        byte[] d = data(1600);
        for (int id = 0; id <= IpFragmentTable.MAX_DATAGRAMS; id++) {
            add(id, d, 0, 800, true, 0);
        }
        assertEquals(1, counters.fragmentsDropped); // id 0 was pushed out
        assertTrue(add(1, d, 800, 1600, false, 0));
        assertTrue(add(IpFragmentTable.MAX_DATAGRAMS, d, 800, 1600, false, 0));
        assertFalse(add(0, d, 800, 1600, false, 0)); // its first half is gone
        assertEquals(2, counters.fragmentsReassembled);
    }

    @Test
    void cutFragmentCannotComplete() {
        byte[] d = data(1600);
        byte[] part = Arrays.copyOfRange(d, 0, 800);
        assertFalse(table.add(4, SRC, DST, 7, 17, 0, true, part, 0, 200, 800, 0, out)); // snap length cut it
        assertFalse(add(7, d, 800, 1600, false, 0));
        assertEquals(2, counters.fragmentsDropped);
        assertEquals(0, counters.fragmentsReassembled);
    }

    @Test
    void oversizedDatagramIsDropped() {
        byte[] d = data(1000);
        assertFalse(table.add(4, SRC, DST, 9, 17, 65_000, false, d, 0, 1000, 1000, 0, out));
        assertEquals(1, counters.fragmentsDropped);
    }
}
