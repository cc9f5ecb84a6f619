package io.proxyaudit.proto.quic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client's Initial packet protection keys, derived from the Destination Connection ID of its first
 * Initial packet (RFC 9001 §5.2): initial_secret = HKDF-Extract(salt, dcid), client_initial_secret =
 * HKDF-Expand-Label(initial_secret, "client in", "", 32), then key, iv and hp from it (§5.1, §5.4).
 * AES-128-GCM and AES-ECB for header protection come from the JDK.
 */
public final class InitialKeys {
    private static final int TAG_BITS = 128;
    /**
     * One HMAC, one AES-ECB and one AES-GCM engine per thread, initialised per use: each getInstance walks the JDK's
     * provider list, which was most of the QUIC cost on the 1 GB benchmark with a QUIC share (seven per connection).
     */
    private static final ThreadLocal<Engines> ENGINES = ThreadLocal.withInitial(Engines::create);

    private final byte[] dcid;
    private final SecretKeySpec key;
    private final byte[] iv;
    private final SecretKeySpec hp;

    private record Engines(Mac hmac, Cipher ecb, Cipher gcm) {
        static Engines create() {
            try {
                return new Engines(Mac.getInstance("HmacSHA256"), Cipher.getInstance("AES/ECB/NoPadding"),
                        Cipher.getInstance("AES/GCM/NoPadding"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks HmacSHA256 or AES: " + e.getMessage(), e);
            }
        }
    }

    private InitialKeys(byte[] dcid, byte[] key, byte[] iv, byte[] hp) {
        this.dcid = dcid;
        this.key = new SecretKeySpec(key, "AES");
        this.iv = iv;
        this.hp = new SecretKeySpec(hp, "AES");
    }

    /** The client's keys for {@code version} and a first Initial's Destination Connection ID. */
    public static InitialKeys client(QuicVersion version, byte[] dcid) {
        try {
            byte[] initial = hmac(version.salt(), dcid);
            byte[] client = expandLabel(initial, "client in", 32);
            return new InitialKeys(dcid.clone(), expandLabel(client, version.label("key"), 16),
                    expandLabel(client, version.label("iv"), 12), expandLabel(client, version.label("hp"), 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256 or AES: " + e.getMessage(), e);
        }
    }

    /** True when these keys were derived from {@code id}. */
    boolean derivedFrom(byte[] buf, int off, int len) {
        return java.util.Arrays.equals(dcid, 0, dcid.length, buf, off, off + len);
    }

    /** The 5-byte header protection mask for a 16-byte sample (RFC 9001 §5.4.3). */
    byte[] mask(byte[] buf, int sampleOff) {
        try {
            Cipher ecb = ENGINES.get().ecb();
            ecb.init(Cipher.ENCRYPT_MODE, hp);
            return ecb.doFinal(buf, sampleOff, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The payload of a packet whose header ({@code aad}, with the unmasked packet number) authenticates
     * {@code ciphertext}; null when the tag does not match (other keys, a damaged or forged packet).
     */
    byte[] open(long packetNumber, byte[] aad, byte[] buf, int off, int len) {
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (packetNumber >>> (8 * i));
        }
        try {
            Cipher aead = ENGINES.get().gcm();
            aead.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            aead.updateAAD(aad);
            return aead.doFinal(buf, off, len);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    byte[] keyForTest() {
        return key.getEncoded();
    }

    byte[] ivForTest() {
        return iv.clone();
    }

    /** HKDF-Expand-Label with an empty context (RFC 8446 §7.1); every output here fits one HMAC block. */
    static byte[] expandLabel(byte[] secret, String label, int length) throws GeneralSecurityException {
        byte[] full = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer info = ByteBuffer.allocate(2 + 1 + full.length + 1 + 1);
        info.putShort((short) length).put((byte) full.length).put(full).put((byte) 0).put((byte) 1);
        byte[] block = hmac(secret, info.array()); // T(1) = HMAC(PRK, info || 0x01), RFC 5869 §2.3
        return java.util.Arrays.copyOf(block, length);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = ENGINES.get().hmac();
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
