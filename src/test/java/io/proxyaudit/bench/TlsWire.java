package io.proxyaudit.bench;

import java.util.List;
import java.util.SplittableRandom;

/**
 * TLS 1.3 handshake records as real clients send them (RFC 8446 §4.1.2, extensions of RFC 6066, 7301,
 * 8446 §4.2). The shapes follow Go's crypto/tls client (handshake_client.go: cipher suite list, extension
 * set, X25519MLKEM768 hybrid key share since Go 1.24) and, for variety, curl/OpenSSL-like hellos with
 * the padding extension (RFC 7685).
 */
final class TlsWire {
    private TlsWire() {}

    static final int GROUP_X25519 = 0x001d;
    /** X25519MLKEM768 (draft-kwiatkowski-tls-ecdhe-mlkem): ML-KEM-768 encapsulation key 1184 + X25519 32. */
    static final int GROUP_X25519MLKEM768 = 0x11ec;

    private static final int[] GO_SUITES = {
        0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014,
        0x009c, 0x009d, 0x002f, 0x0035, 0xc012, 0x000a, 0x1301, 0x1302, 0x1303};
    private static final int[] OPENSSL_SUITES = {
        0x1302, 0x1303, 0x1301, 0xc02c, 0xc030, 0x009f, 0xcca9, 0xcca8, 0xccaa, 0xc02b, 0xc02f,
        0x009e, 0xc024, 0xc028, 0x006b, 0xc023, 0xc027, 0x0067, 0xc00a, 0xc014, 0x0039, 0xc009,
        0xc013, 0x0033, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x00ff};
    private static final int[] SIG_ALGS = {
        0x0804, 0x0403, 0x0807, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0503, 0x0603, 0x0201, 0x0203};

    /** Kinds of client. */
    enum Client { GO, GO_PQ, CURL }

    /**
     * A ClientHello in one TLS record. {@code GO_PQ} is about 1.5 KB (hybrid key share) and therefore
     * spans two 1448-byte segments; the others fit in one.
     */
    static byte[] clientHello(SplittableRandom rnd, Client client, String sni, List<String> alpn) {
        WireBuilder w = new WireBuilder();
        w.u8(0x16).u16(0x0301);
        int recLen = w.beginLength(2);
        w.u8(1);
        int hsLen = w.beginLength(3);
        w.u16(0x0303);
        randomBytes(w, rnd, 32);
        w.u8(32);
        randomBytes(w, rnd, 32);
        int[] suites = client == Client.CURL ? OPENSSL_SUITES : GO_SUITES;
        w.u16(suites.length * 2);
        for (int s : suites) {
            w.u16(s);
        }
        w.u8(1).u8(0);
        int extLen = w.beginLength(2);
        // server_name (RFC 6066 §3)
        w.u16(0x0000);
        int e = w.beginLength(2);
        int list = w.beginLength(2);
        w.u8(0);
        int name = w.beginLength(2);
        w.ascii(sni);
        w.endLength(name, 2);
        w.endLength(list, 2);
        w.endLength(e, 2);
        // status_request
        w.u16(0x0005).u16(5).u8(1).u16(0).u16(0);
        // supported_groups
        w.u16(0x000a);
        e = w.beginLength(2);
        list = w.beginLength(2);
        if (client == Client.GO_PQ) {
            w.u16(GROUP_X25519MLKEM768);
        }
        w.u16(GROUP_X25519).u16(0x0017).u16(0x0018).u16(0x0019);
        w.endLength(list, 2);
        w.endLength(e, 2);
        // ec_point_formats
        w.u16(0x000b).u16(2).u8(1).u8(0);
        // signature_algorithms
        w.u16(0x000d);
        e = w.beginLength(2);
        list = w.beginLength(2);
        for (int s : SIG_ALGS) {
            w.u16(s);
        }
        w.endLength(list, 2);
        w.endLength(e, 2);
        // renegotiation_info, extended_master_secret, session_ticket
        w.u16(0xff01).u16(1).u8(0);
        w.u16(0x0017).u16(0);
        w.u16(0x0023).u16(0);
        // application_layer_protocol_negotiation (RFC 7301 §3.1)
        if (!alpn.isEmpty()) {
            w.u16(0x0010);
            e = w.beginLength(2);
            list = w.beginLength(2);
            for (String p : alpn) {
                w.u8(p.length()).ascii(p);
            }
            w.endLength(list, 2);
            w.endLength(e, 2);
        }
        // signed_certificate_timestamp
        w.u16(0x0012).u16(0);
        // supported_versions (RFC 8446 §4.2.1)
        w.u16(0x002b).u16(5).u8(4).u16(0x0304).u16(0x0303);
        // psk_key_exchange_modes
        w.u16(0x002d).u16(2).u8(1).u8(1);
        // key_share (RFC 8446 §4.2.8)
        w.u16(0x0033);
        e = w.beginLength(2);
        list = w.beginLength(2);
        if (client == Client.GO_PQ) {
            w.u16(GROUP_X25519MLKEM768).u16(1216);
            randomBytes(w, rnd, 1216);
        }
        w.u16(GROUP_X25519).u16(32);
        randomBytes(w, rnd, 32);
        w.endLength(list, 2);
        w.endLength(e, 2);
        if (client == Client.CURL) {
            // padding (RFC 7685) to a 512-byte hello, as OpenSSL/BoringSSL do for F5 middleboxes.
            int soFar = w.size() - 9 + 4;
            int pad = Math.max(1, 512 - soFar);
            w.u16(0x0015).u16(pad);
            for (int i = 0; i < pad; i++) {
                w.u8(0);
            }
        }
        w.endLength(extLen, 2);
        w.endLength(hsLen, 3);
        w.endLength(recLen, 2);
        return w.toArray();
    }

    /** ServerHello record answering the client's key share, followed by the middlebox ChangeCipherSpec. */
    static byte[] serverHelloAndCcs(SplittableRandom rnd, boolean pq) {
        WireBuilder w = new WireBuilder();
        w.u8(0x16).u16(0x0303);
        int recLen = w.beginLength(2);
        w.u8(2);
        int hsLen = w.beginLength(3);
        w.u16(0x0303);
        randomBytes(w, rnd, 32);
        w.u8(32);
        randomBytes(w, rnd, 32);
        w.u16(0x1301).u8(0);
        int ext = w.beginLength(2);
        w.u16(0x002b).u16(2).u16(0x0304);
        w.u16(0x0033);
        int e = w.beginLength(2);
        if (pq) {
            w.u16(GROUP_X25519MLKEM768).u16(1120);
            randomBytes(w, rnd, 1120);
        } else {
            w.u16(GROUP_X25519).u16(32);
            randomBytes(w, rnd, 32);
        }
        w.endLength(e, 2);
        w.endLength(ext, 2);
        w.endLength(hsLen, 3);
        w.endLength(recLen, 2);
        w.bytes(changeCipherSpec());
        return w.toArray();
    }

    static byte[] changeCipherSpec() {
        return new byte[] {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
    }

    private static void randomBytes(WireBuilder w, SplittableRandom rnd, int n) {
        for (int i = 0; i < n; i++) {
            w.u8(rnd.nextInt(256));
        }
    }
}
