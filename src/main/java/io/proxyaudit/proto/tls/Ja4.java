package io.proxyaudit.proto.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FoxIO's JA4 TLS client fingerprint (github.com/FoxIO-LLC/ja4, technical_details/JA4.md), e.g.
 * {@code t13d1516h2_8daaf6152771_e5627efa2ab1}:
 * <ul>
 * <li>a: transport (t TCP, q QUIC, d DTLS), version (highest non-GREASE supported_versions, else
 * legacy_version), d/i (server_name present or not), cipher count and extension count (GREASE removed,
 * 2 digits, capped at 99), first and last character of the first ALPN value ("00" when none);</li>
 * <li>b: first 12 hex digits of SHA-256 over the sorted 4-hex-digit cipher list, comma separated;</li>
 * <li>c: the same over the sorted extension list without server_name (0000) and ALPN (0010), then
 * "_" and the signature algorithms in wire order (the "_" part omitted when there are none).</li>
 * </ul>
 * GREASE values are ignored everywhere. An empty list hashes to "000000000000".
 */
public final class Ja4 {
    static final int EXT_SERVER_NAME = 0x0000;
    static final int EXT_ALPN = 0x0010;
    private static final String EMPTY_HASH = "000000000000";
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int[] NONE = new int[0];
    /** Hash inputs remembered per thread (see {@link Hasher}). */
    static final int RECENT_HASHES = 64;
    private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

    private Ja4() {}

    public static String compute(char transport, int legacyVersion, boolean sniPresent, byte[] firstAlpn,
            List<Integer> supportedVersions, List<Integer> cipherSuites, List<Integer> extensions,
            List<Integer> signatureAlgorithms) {
        // int arrays, not boxed lists: this runs once per ClientHello, thousands of times per capture
        int[] ciphers = withoutGrease(cipherSuites);
        int[] exts = withoutGrease(extensions);
        String a = new StringBuilder(10).append(transport)
                .append(versionCode(negotiableVersion(legacyVersion, supportedVersions)))
                .append(sniPresent ? 'd' : 'i').append(twoDigits(ciphers.length)).append(twoDigits(exts.length))
                .append(alpnCode(firstAlpn)).toString();
        int[] hashedExts = withoutSniAndAlpn(exts);
        Arrays.sort(ciphers);
        Arrays.sort(hashedExts);
        String b = ciphers.length == 0 ? EMPTY_HASH : hash12(hexList(ciphers, NONE));
        String c = hashedExts.length == 0 ? EMPTY_HASH
                : hash12(hexList(hashedExts, withoutGrease(signatureAlgorithms)));
        return a + "_" + b + "_" + c;
    }

    /** Highest non-GREASE supported_versions value, else legacy_version (JA4.md "TLS Version"). */
    static int negotiableVersion(int legacyVersion, List<Integer> supportedVersions) {
        int best = -1;
        for (int v : supportedVersions) {
            if (!Grease.isGrease(v) && v > best) {
                best = v;
            }
        }
        return best >= 0 ? best : legacyVersion;
    }

    static String versionCode(int version) {
        switch (version) {
            case 0x0304: return "13";
            case 0x0303: return "12";
            case 0x0302: return "11";
            case 0x0301: return "10";
            case 0x0300: return "s3";
            case 0x0002: return "s2";
            case 0xfeff: return "d1";
            case 0xfefd: return "d2";
            case 0xfefc: return "d3";
            default: return "00";
        }
    }

    /**
     * First and last character of the first ALPN value; when either is not an ASCII letter or digit,
     * the first and last hex digit of the value's bytes instead (JA4.md "ALPN Extension Value").
     */
    static String alpnCode(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return "00";
        }
        char f = (char) (raw[0] & 0xff);
        char l = (char) (raw[raw.length - 1] & 0xff);
        if (raw.length == 1 && isAlnum(f)) {
            // a one-character value has no separate last character: FoxIO's reference implementation
            // (rust/ja4/src/tls.rs first_last) prints '0' for it
            return f + "0";
        }
        if (isAlnum(f) && isAlnum(l)) {
            return "" + f + l;
        }
        return "" + HEX[(raw[0] >> 4) & 0xf] + HEX[raw[raw.length - 1] & 0xf];
    }

    private static boolean isAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String twoDigits(int n) {
        int v = Math.min(n, 99);
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static int[] withoutGrease(List<Integer> values) {
        int[] out = new int[values.size()];
        int n = 0;
        for (int i = 0; i < out.length; i++) {
            int v = values.get(i);
            if (!Grease.isGrease(v)) {
                out[n++] = v;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Part c hashes the extensions without server_name and ALPN. */
    private static int[] withoutSniAndAlpn(int[] exts) {
        int[] out = new int[exts.length];
        int n = 0;
        for (int e : exts) {
            if (e != EXT_SERVER_NAME && e != EXT_ALPN) {
                out[n++] = e;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** {@code first} as comma-separated 4-digit hex, then "_" and {@code then} the same way when not empty. */
    static String hexList(int[] first, int[] then) {
        char[] out = new char[Math.max(0, first.length * 5 - 1) + (then.length > 0 ? then.length * 5 : 0)];
        int p = hex(first, out, 0);
        if (then.length > 0) {
            out[p++] = '_';
            hex(then, out, p);
        }
        return new String(out);
    }

    private static int hex(int[] values, char[] out, int p) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out[p++] = ',';
            }
            int v = values[i];
            out[p++] = HEX[(v >> 12) & 0xf];
            out[p++] = HEX[(v >> 8) & 0xf];
            out[p++] = HEX[(v >> 4) & 0xf];
            out[p++] = HEX[v & 0xf];
        }
        return p;
    }

    /** First 12 hex digits of SHA-256 over {@code input} (ASCII). */
    static String hash12(String input) {
        return HASHER.get().hash12(input);
    }

    /**
     * One SHA-256 instance per thread ({@code MessageDigest.getInstance} searches the providers on every call)
     * and the last {@value #RECENT_HASHES} inputs hashed. A capture's ClientHellos come from a few client
     * programs, so the same cipher and extension lists come back thousands of times, and SHA-256 costs several
     * microseconds in C1-compiled code, which has no SHA intrinsic (issue 8: about 5% of a 1 GB {@code flows}).
     * Bounded: at most {@value #RECENT_HASHES} inputs of one ClientHello each.
     */
    private static final class Hasher {
        private final MessageDigest sha256;
        private final Map<String, String> recent = new LinkedHashMap<>(2 * RECENT_HASHES, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > RECENT_HASHES;
            }
        };

        Hasher() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every Java platform", e);
            }
        }

        String hash12(String input) {
            String known = recent.get(input);
            if (known != null) {
                return known;
            }
            byte[] d = sha256.digest(input.getBytes(StandardCharsets.US_ASCII));
            char[] out = new char[12];
            for (int i = 0; i < 6; i++) {
                out[2 * i] = HEX[(d[i] >> 4) & 0xf];
                out[2 * i + 1] = HEX[d[i] & 0xf];
            }
            String hash = new String(out);
            recent.put(input, hash);
            return hash;
        }
    }
}
