package io.proxyaudit.proto.quic;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test side of RFC 9001 §5: protects a client Initial packet as a client would (AES-128-GCM, then header
 * protection), with the JDK's ciphers in encrypt mode, so the reader is tested against packets it did not make.
 * The benchmark generator ({@code bench.SyntheticCapture}) writes its QUIC share with it too.
 */
public final class InitialSealer {
    private final QuicVersion version;
    private final byte[] dcid;
    private final byte[] key;
    private final byte[] iv;
    private final byte[] hp;

    public InitialSealer(QuicVersion version, byte[] dcid) throws Exception {
        this.version = version;
        this.dcid = dcid;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(version.salt(), "HmacSHA256"));
        byte[] initial = mac.doFinal(dcid);
        byte[] client = InitialKeys.expandLabel(initial, "client in", 32);
        key = InitialKeys.expandLabel(client, version.label("key"), 16);
        iv = InitialKeys.expandLabel(client, version.label("iv"), 12);
        hp = InitialKeys.expandLabel(client, version.label("hp"), 16);
    }

    /** A protected Initial packet with packet number {@code pn} (2 bytes on the wire) carrying {@code frames}. */
    public byte[] seal(long pn, byte[] frames) throws Exception {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        int pnLen = 2;
        h.write(0xc0 | (version.initialType() << 4) | (pnLen - 1));
        int w = version.wire();
        h.write(w >>> 24);
        h.write(w >>> 16);
        h.write(w >>> 8);
        h.write(w);
        h.write(dcid.length);
        h.write(dcid);
        h.write(0); // empty SCID
        h.write(0); // token length 0
        int length = pnLen + frames.length + 16;
        h.write(0x40 | (length >> 8));
        h.write(length);
        int pnOff = h.size();
        h.write((int) (pn >> 8));
        h.write((int) pn);
        byte[] header = h.toByteArray();
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] ^= (byte) (pn >>> (8 * i));
        }
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        gcm.updateAAD(header);
        byte[] sealed = gcm.doFinal(frames);
        byte[] packet = new byte[header.length + sealed.length];
        System.arraycopy(header, 0, packet, 0, header.length);
        System.arraycopy(sealed, 0, packet, header.length, sealed.length);
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hp, "AES"));
        byte[] mask = ecb.doFinal(packet, pnOff + 4, 16);
        packet[0] ^= (byte) (mask[0] & 0x0f);
        for (int i = 0; i < pnLen; i++) {
            packet[pnOff + i] ^= mask[1 + i];
        }
        return packet;
    }

    /** A CRYPTO frame (RFC 9000 §19.6) with 2-byte varints for offset and length. */
    public static byte[] crypto(int offset, byte[] data, int from, int to) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x06);
        f.write(0x40 | (offset >> 8));
        f.write(offset);
        f.write(0x40 | ((to - from) >> 8));
        f.write(to - from);
        f.write(data, from, to - from);
        return f.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    /** A minimal ClientHello handshake message naming {@code sni}, with ALPN h3 and TLS 1.3. */
    static byte[] clientHello(String sni) {
        byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        // server_name (RFC 6066 §3)
        ext.writeBytes(new byte[] {0, 0, 0, (byte) (name.length + 5), 0, (byte) (name.length + 3), 0, 0,
                (byte) name.length});
        ext.writeBytes(name);
        // ALPN "h3" (RFC 7301)
        ext.writeBytes(new byte[] {0, 0x10, 0, 5, 0, 3, 2, 'h', '3'});
        // supported_versions: TLS 1.3
        ext.writeBytes(new byte[] {0, 0x2b, 0, 3, 2, 3, 4});
        byte[] e = ext.toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {3, 3});
        body.writeBytes(new byte[32]); // random
        body.write(0); // session id
        body.writeBytes(new byte[] {0, 2, 0x13, 0x01}); // TLS_AES_128_GCM_SHA256
        body.writeBytes(new byte[] {1, 0}); // null compression
        body.write(e.length >> 8);
        body.write(e.length);
        body.writeBytes(e);
        byte[] b = body.toByteArray();
        return concat(new byte[] {1, (byte) (b.length >> 16), (byte) (b.length >> 8), (byte) b.length}, b);
    }
}
