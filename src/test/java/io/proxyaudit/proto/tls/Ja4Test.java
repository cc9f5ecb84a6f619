package io.proxyaudit.proto.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class Ja4Test {
    /**
     * Inputs in wire order as published with their JA4 by browserleaks (JA4_ro
     * t13d1516h2_1301,...,0035_002d,0033,0010,fe0d,...,001b_0403,...,0601 and JA4
     * t13d1516h2_8daaf6152771_d8a2da3f94cd): an independent implementation's output.
     */
    @Test
    void publishedChromeExample() {
        List<Integer> ciphers = List.of(0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8,
                0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035);
        List<Integer> extensions = List.of(0x002d, 0x0033, 0x0010, 0xfe0d, 0x0017, 0x44cd, 0x0000, 0x000b, 0x000a,
                0x002b, 0xff01, 0x0023, 0x0012, 0x0005, 0x000d, 0x001b);
        List<Integer> sigs = List.of(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601);
        String ja4 = Ja4.compute('t', 0x0303, true, "h2".getBytes(), List.of(0x0304, 0x0303), ciphers, extensions, sigs);
        assertEquals("t13d1516h2_8daaf6152771_d8a2da3f94cd", ja4);
    }

    @Test
    void greaseIsIgnoredEverywhere() {
        String plain = Ja4.compute('t', 0x0303, true, "h2".getBytes(), List.of(0x0304),
                List.of(0x1301, 0x1302), List.of(0x0000, 0x000d, 0x002b), List.of(0x0403));
        String greased = Ja4.compute('t', 0x0303, true, "h2".getBytes(), List.of(0x7a7a, 0x0304),
                List.of(0x0a0a, 0x1301, 0x1302), List.of(0xfafa, 0x0000, 0x000d, 0x002b, 0x1a1a), List.of(0x5a5a, 0x0403));
        assertEquals(plain, greased);
        assertEquals("t13d0203h2", plain.substring(0, 10));
    }

    @Test
    void versionFromSupportedVersionsElseLegacy() {
        assertEquals(0x0304, Ja4.negotiableVersion(0x0303, List.of(0x0a0a, 0x0303, 0x0304)));
        assertEquals(0x0303, Ja4.negotiableVersion(0x0303, List.of()));
        assertEquals(0x0301, Ja4.negotiableVersion(0x0301, List.of(0x2a2a)), "only GREASE: legacy");
        assertEquals("13", Ja4.versionCode(0x0304));
        assertEquals("10", Ja4.versionCode(0x0301));
        assertEquals("s3", Ja4.versionCode(0x0300));
        assertEquals("d2", Ja4.versionCode(0xfefd));
        assertEquals("00", Ja4.versionCode(0x7f1c));
    }

    @Test
    void alpnCharacters() {
        assertEquals("h2", Ja4.alpnCode("h2".getBytes()));
        assertEquals("h1", Ja4.alpnCode("http/1.1".getBytes()));
        assertEquals("h0", Ja4.alpnCode("h".getBytes()), "single character: no last one (FoxIO tls.rs first_last)");
        assertEquals("00", Ja4.alpnCode(null));
        assertEquals("00", Ja4.alpnCode(new byte[0]));
        // non-alphanumeric first or last byte: first hex digit of the first byte, last hex digit of the last
        assertEquals("ab", Ja4.alpnCode(new byte[] {(byte) 0xab, (byte) 0xcd, 0x1b}));
        assertEquals("6f", Ja4.alpnCode("h2/".getBytes()), "'h'=0x68 and '/'=0x2f");
    }

    @Test
    void countsAreTwoDigitsCappedAt99() {
        List<Integer> many = new java.util.ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            many.add(i);
        }
        String ja4 = Ja4.compute('t', 0x0303, false, null, List.of(), many, many, List.of());
        assertEquals("t12i9999", ja4.substring(0, 8));
        assertEquals("t12i000000_000000000000_000000000000",
                Ja4.compute('t', 0x0303, false, null, List.of(), List.of(), List.of(), List.of()));
    }

    @Test
    void onlySniAndAlpnExtensionsHashAsEmpty() {
        String ja4 = Ja4.compute('q', 0x0303, true, "h3".getBytes(), List.of(0x0304), List.of(0x1301),
                List.of(0x0000, 0x0010), List.of(0x0403));
        assertEquals("q13d0102h3", ja4.substring(0, 10));
        assertEquals("000000000000", ja4.split("_")[2]);
    }

    @Test
    void hashIsFirst12HexDigitsOfSha256() {
        // SHA-256("") = e3b0c44298fc1c14...
        assertEquals("e3b0c44298fc", Ja4.hash12(""));
        assertEquals("0a0b,1301", Ja4.hexList(new int[] {0x0a0b, 0x1301}, new int[0]));
        assertEquals("0a0b_0403,0804", Ja4.hexList(new int[] {0x0a0b}, new int[] {0x0403, 0x0804}));
    }

    /** Hashes are remembered per thread (bounded); a remembered or evicted input must hash as a fresh one does. */
    @Test
    void rememberedHashesEqualFreshOnesBeyondTheBound() throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        int n = 3 * Ja4.RECENT_HASHES;
        String[] expected = new String[n];
        for (int i = 0; i < n; i++) {
            byte[] d = sha.digest(("1301,1302," + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            expected[i] = String.format("%02x%02x%02x%02x%02x%02x", d[0], d[1], d[2], d[3], d[4], d[5]);
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < n; i++) {
                int k = round == 1 ? n - 1 - i : (i * 7) % n; // forwards, backwards, scattered: hits and evictions
                assertEquals(expected[k], Ja4.hash12("1301,1302," + k), "input " + k + " in round " + round);
            }
        }
    }
}
