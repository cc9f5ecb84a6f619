package io.proxyaudit.proto.tls;

import io.proxyaudit.proto.Hex;

/** Real TLS hello bytes taken from the shared corpus (tshark -e tcp.payload), annotated field by field. */
final class TlsSamples {
    private TlsSamples() {}

    /**
     * ja4__latest.pcapng frame 10 (FoxIO-LLC/ja4 pcap/latest.pcapng, stream 1): a Chrome ClientHello to
     * pdx-col.eum-appdynamics.com with GREASE (0x3a3a, 0x1a1a, supported_versions 0x6a6a). FoxIO's expected JA4
     * (rust/ja4/src/snapshots/ja4__insta@latest.pcapng.snap) is t13d1516h2_8daaf6152771_e5627efa2ab1.
     */
    static final byte[] CHROME_LATEST = Hex.bytes(
            "1603010200",                                                       // record: handshake(22), version 3.1, length 512
            "010001fc",                                                         // handshake: type 1, length 508
            "0303",                                                             // legacy_version 0x0303
            "b36385607b49c764c0b125095fd636d10516f2018bc900e2e953c1d49f9ebb6f", // random
            "20",                                                               // legacy_session_id length 32
            "dae0b36ab94b900f1dd35a0adf5d3d15f0796c2cb01ecd64598cac8f6e78eeda", // legacy_session_id
            "0020",                                                             // cipher_suites length 32 (16 suites)
            "3a3a130113021303c02bc02fc02cc030cca9cca8c013c014009c009d002f0035", // cipher_suites: 3a3a,1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035
            "01",                                                               // compression_methods length 1
            "00",                                                               // compression_methods
            "0193",                                                             // extensions length 403
            "3a3a0000",                                                         // ext 0x3a3a GREASE, length 0
            "00230000",                                                         // ext 0x0023 session_ticket, length 0
            "ff010001",                                                         // ext 0xff01 renegotiation_info, length 1
            "00",
            "00000020",                                                         // ext 0x0000 server_name, length 32 host_name=pdx-col.eum-appdynamics.com
            "001e00001b7064782d636f6c2e65756d2d61707064796e616d6963732e636f6d",
            "001b0003",                                                         // ext 0x001b compress_certificate, length 3
            "020002",
            "00120000",                                                         // ext 0x0012 signed_certificate_timestamp, length 0
            "44690005",                                                         // ext 0x4469 application_settings, length 5
            "0003026832",
            "002d0002",                                                         // ext 0x002d psk_key_exchange_modes, length 2
            "0101",
            "002b0007",                                                         // ext 0x002b supported_versions, length 7 6a6a,0304,0303
            "066a6a03040303",
            "000d0012",                                                         // ext 0x000d signature_algorithms, length 18
            "001004030804040105030805050108060601",
            "0010000e",                                                         // ext 0x0010 alpn, length 14 h2,http/1.1
            "000c02683208687474702f312e31",
            "0033002b",                                                         // ext 0x0033 key_share, length 43
            "00294a4a000100001d0020cd9178093a022da36a842dc55231e8a19e4b22facf",
            "4c4c04577d93327bd26f73",
            "000a000a",                                                         // ext 0x000a supported_groups, length 10
            "00084a4a001d00170018",
            "00050005",                                                         // ext 0x0005 status_request, length 5
            "0100000000",
            "00170000",                                                         // ext 0x0017 extended_master_secret, length 0
            "000b0002",                                                         // ext 0x000b ec_point_formats, length 2
            "0100",
            "1a1a0001",                                                         // ext 0x1a1a GREASE, length 1
            "00",
            "001500bc",                                                         // ext 0x0015 padding, length 188
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "00000000000000000000000000000000000000000000000000000000"
    );

    /**
     * zeek__tls13-ech.pcap frame 7: a ClientHello with encrypted_client_hello (0xfe0d); the SNI is the outer
     * public name cloudflare-ech.com. GREASE: cipher 0x2a2a, extensions 0xdada and 0x9a9a, version 0x8a8a.
     */
    static final byte[] ECH = Hex.bytes(
            "1603010200",                                                       // record: handshake(22), version 3.1, length 512
            "010001fc",                                                         // handshake: type 1, length 508
            "0303",                                                             // legacy_version 0x0303
            "d820986a1fb4dc3a70fac91f1359ff5e320c6a5e07397ab36f8c513be4585f5d", // random
            "20",                                                               // legacy_session_id length 32
            "7c77f968ecbeda040598f47af5265fb5f0f5ef3279f08b43d03c31a57ce0c630", // legacy_session_id
            "0020",                                                             // cipher_suites length 32 (16 suites)
            "2a2a130113021303c02bc02fc02cc030cca9cca8c013c014009c009d002f0035", // cipher_suites: 2a2a,1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035
            "01",                                                               // compression_methods length 1
            "00",                                                               // compression_methods
            "0193",                                                             // extensions length 403
            "dada0000",                                                         // ext 0xdada GREASE, length 0
            "ff010001",                                                         // ext 0xff01 renegotiation_info, length 1
            "00",
            "0010000e",                                                         // ext 0x0010 alpn, length 14 h2,http/1.1
            "000c02683208687474702f312e31",
            "000d0012",                                                         // ext 0x000d signature_algorithms, length 18
            "001004030804040105030805050108060601",
            "0033002b",                                                         // ext 0x0033 key_share, length 43
            "00291a1a000100001d0020231cb3a7bde0d15d97dfdfc4d315b112899e9480d1",
            "dc7a0e739c4058bbe7276d",
            "002d0002",                                                         // ext 0x002d psk_key_exchange_modes, length 2
            "0101",
            "44690005",                                                         // ext 0x4469 application_settings, length 5
            "0003026832",
            "00230000",                                                         // ext 0x0023 session_ticket, length 0
            "002b0007",                                                         // ext 0x002b supported_versions, length 7 8a8a,0304,0303
            "068a8a03040303",
            "000a000a",                                                         // ext 0x000a supported_groups, length 10
            "00081a1a001d00170018",
            "fe0d00ba",                                                         // ext 0xfe0d encrypted_client_hello, length 186
            "0000010001d10020cce5c83299bb8dffdb74bafd0a1d524b82973e224c12999b",
            "eed169ee7a9ad67d00900b7b2dc3b17adb2eabc1f7fabb61bdd5db777336a9da",
            "3679c5373ff69f0087b9453bd3ec42b6d17b1b7d024cd7c4b627d1b0cd3ae9fb",
            "e5422f132187789d6c7f89f29201ff0e64853d3988adb723fff552447ebd087a",
            "55422abe568a8dfe4596a5820f134ec9f192620e4b36776431e14e35a6c9ddbe",
            "912359b1bde0d74a062e634eb5ced3063bed83f0b562f2627803",
            "00170000",                                                         // ext 0x0017 extended_master_secret, length 0
            "00050005",                                                         // ext 0x0005 status_request, length 5
            "0100000000",
            "00120000",                                                         // ext 0x0012 signed_certificate_timestamp, length 0
            "000b0002",                                                         // ext 0x000b ec_point_formats, length 2
            "0100",
            "00000017",                                                         // ext 0x0000 server_name, length 23 host_name=cloudflare-ech.com
            "0015000012636c6f7564666c6172652d6563682e636f6d",
            "001b0003",                                                         // ext 0x001b compress_certificate, length 3
            "020002",
            "9a9a0001",                                                         // ext 0x9a9a GREASE, length 1
            "00",
            "00150007",                                                         // ext 0x0015 padding, length 7
            "00000000000000"
    );

    /**
     * zeek__tls-fragmented-handshake.pcap.gz frame 4: a TLS 1.2 ClientHello (no supported_versions, no ALPN)
     * whose server_name is an IP literal, with 37 cipher suites and an unassigned extension 0x3374.
     */
    static final byte[] TLS12_IP_SNI = Hex.bytes(
            "16030100b5",                                                       // record: handshake(22), version 3.1, length 181
            "010000b1",                                                         // handshake: type 1, length 177
            "0303",                                                             // legacy_version 0x0303
            "5500d262f2298b025333cb0f376487aed45158fd589a477ee8e1735fa05c5314", // random
            "00",                                                               // legacy_session_id length 0
            "004a",                                                             // cipher_suites length 74 (37 suites)
            "00ffc024c023c00ac009c008c028c027c014c013c012c026c025c005c004c003", // cipher_suites: 00ff,c024,c023,c00a,c009,c008,c028,c027,c014,c013,c012,c026,c025,c005,c004,c003,
            "c02ac029c00fc00ec00d006b0067003900330016003d003c0035002f000ac007",
            "c011c002c00c00050004",
            "01",                                                               // compression_methods length 1
            "00",                                                               // compression_methods
            "003e",                                                             // extensions length 62
            "00000014",                                                         // ext 0x0000 server_name, length 20 host_name=104.236.167.107
            "001200000f3130342e3233362e3136372e313037",
            "000a0008",                                                         // ext 0x000a supported_groups, length 8
            "0006001700180019",
            "000b0002",                                                         // ext 0x000b ec_point_formats, length 2
            "0100",
            "000d000c",                                                         // ext 0x000d signature_algorithms, length 12
            "000a05010401020104030203",
            "33740000"                                                         // ext 0x3374 type 13172, length 0
    );

    /** zeek__tls13-ech.pcap frame 9, first record: a TLS 1.3 ServerHello (supported_versions 0x0304, TLS_AES_128_GCM_SHA256). */
    static final byte[] SERVER_HELLO_13 = Hex.bytes(
            "160303007a",                                                       // record: handshake(22), version 3.3, length 122
            "02000076",                                                         // handshake: type 2, length 118
            "0303",                                                             // legacy_version 0x0303
            "cd86afb4bb270220f3b7c330c6fc84b3ada6a00d98b285a5022de6f5ced70efc", // random
            "20",                                                               // legacy_session_id length 32
            "7c77f968ecbeda040598f47af5265fb5f0f5ef3279f08b43d03c31a57ce0c630", // legacy_session_id
            "1301",                                                             // cipher_suite 0x1301
            "00",                                                               // compression_method
            "002e",                                                             // extensions length 46
            "002b0002",                                                         // ext 0x002b supported_versions, length 2
            "0304",
            "00330024",                                                         // ext 0x0033 key_share, length 36
            "001d00200ff6e1452d32666a0036d0071dbfceaddc648e2d5aa6fd1c530c3f15",
            "f823271f"
    );

    /** zeek__tls-fragmented-handshake.pcap.gz frame 6, first record: a TLS 1.2 ServerHello choosing 0xc028. */
    static final byte[] SERVER_HELLO_12 = Hex.bytes(
            "1603030059",                                                       // record: handshake(22), version 3.3, length 89
            "02000055",                                                         // handshake: type 2, length 85
            "0303",                                                             // legacy_version 0x0303
            "5500d26123a19f37a09843bf8c276e93c9cda662be3cf1a57753c548a1d453b9", // random
            "20",                                                               // legacy_session_id length 32
            "2db9b05832edcaf70fc8f745ff533d9159280707de6f3cd0f6ce4e49713bb81e", // legacy_session_id
            "c028",                                                             // cipher_suite 0xc028
            "00",                                                               // compression_method
            "000d",                                                             // extensions length 13
            "ff010001",                                                         // ext 0xff01 renegotiation_info, length 1
            "00",
            "000b0004",                                                         // ext 0x000b ec_point_formats, length 4
            "03000102"
    );
}
