package io.proxyaudit.proto.dns;

import io.proxyaudit.proto.Hex;

/** Real DNS messages from the shared corpus (tshark -e udp.payload / tcp.payload), annotated. */
final class DnsSamples {
    private DnsSamples() {}

    /** suricata__20250224-dns-additionals-with-cname.pcap frame 2: A answer plus a CNAME in the additional section. */
    static final byte[] CNAME_IN_ADDITIONAL = Hex.bytes(
            "0000",                                                     // id 0x0000
            "8580",                                                     // flags 0x8580: QR=1 opcode=0 TC=0 rcode=0
            "0001000100000001",                                         // counts: qd=1 an=1 ns=0 ar=1
            "076578616d706c65",                                         // question 1 name: label "example"
            "03636f6d",                                                 // question 1 name: label "com"
            "00",                                                       // question 1 name: root label
            "00010001",                                                 // qtype 1 qclass 1
            "076578616d706c65",                                         // answer 1 name: label "example"
            "03636f6d",                                                 // answer 1 name: label "com"
            "00",                                                       // answer 1 name: root label
            "000100010000012c0004",                                     // type 1 class 1 ttl 300 rdlength 4
            "c0a80101",                                                 // rdata
            "0773657276696365",                                         // additional 1 name: label "service"
            "076578616d706c65",                                         // additional 1 name: label "example"
            "03636f6d",                                                 // additional 1 name: label "com"
            "00",                                                       // additional 1 name: root label
            "000500010000012c001e",                                     // type 5 class 1 ttl 300 rdlength 30
            "10696e7465726e616c2d73657276696365",                       //   rdata name: label "internal-service"
            "076578616d706c65",                                         //   rdata name: label "example"
            "036e6574",                                                 //   rdata name: label "net"
            "00"                                                       //   rdata name: root label
    );

    /**
     * zeek__max-compression-depth.pcap frame 1: seven answers for "a" where each owner name is a pointer to the
     * previous answer's owner name (a chain of up to six pointers).
     */
    static final byte[] POINTER_CHAIN = Hex.bytes(
            "1234",                                                     // id 0x1234
            "8180",                                                     // flags 0x8180: QR=1 opcode=0 TC=0 rcode=0
            "0001000700000000",                                         // counts: qd=1 an=7 ns=0 ar=0
            "0161",                                                     // question 1 name: label "a"
            "00",                                                       // question 1 name: root label
            "00010001",                                                 // qtype 1 qclass 1
            "0161",                                                     // answer 1 name: label "a"
            "00",                                                       // answer 1 name: root label
            "000100010000012c0004",                                     // type 1 class 1 ttl 300 rdlength 4
            "7f000001",                                                 // rdata
            "c013",                                                     // answer 2 name: pointer to offset 19
            "000100010000012c0004",                                     // type 1 class 1 ttl 300 rdlength 4
            "7f000002",                                                 // rdata
            "c024",                                                     // answer 3 name: pointer to offset 36
            "000100010000012c0004",                                     // type 1 class 1 ttl 300 rdlength 4
            "7f000003",                                                 // rdata
            "c034",                                                     // answer 4 name: pointer to offset 52
            "000100010000012c0004",                                     // type 1 class 1 ttl 300 rdlength 4
            "7f000004",                                                 // rdata
            "c044",                                                     // answer 5 name: pointer to offset 68
            "000100010000012c0004",                                     // type 1 class 1 ttl 300 rdlength 4
            "7f000005",                                                 // rdata
            "c054",                                                     // answer 6 name: pointer to offset 84
            "000100010000012c0004",                                     // type 1 class 1 ttl 300 rdlength 4
            "7f000006",                                                 // rdata
            "c064",                                                     // answer 7 name: pointer to offset 100
            "000100010000012c0004",                                     // type 1 class 1 ttl 300 rdlength 4
            "7f000007"                                                 // rdata
    );

    /** zeek__dns-edns-ecs.pcap frame 1: SOA answer, NS authorities (compressed RDATA), A/AAAA glue and an OPT record. */
    static final byte[] SOA_WITH_GLUE = Hex.bytes(
            "bc8d",                                                     // id 0xbc8d
            "8400",                                                     // flags 0x8400: QR=1 opcode=0 TC=0 rcode=0
            "0001000100020004",                                         // counts: qd=1 an=1 ns=2 ar=4
            "087765626572646e73",                                       // question 1 name: label "weberdns"
            "026465",                                                   // question 1 name: label "de"
            "00",                                                       // question 1 name: root label
            "00060001",                                                 // qtype 6 qclass 1
            "c00c",                                                     // answer 1 name: pointer to offset 12
            "0006000100000e100026",                                     // type 6 class 1 ttl 3600 rdlength 38
            "036e7331c00c097765626d6173746572c00c782a825900003840000007080009", // rdata
            "3a80000000b4",
            "c00c",                                                     // authority 1 name: pointer to offset 12
            "0002000100000e100002",                                     // type 2 class 1 ttl 3600 rdlength 2
            "c029",                                                     //   rdata name: pointer to offset 41
            "c00c",                                                     // authority 2 name: pointer to offset 12
            "0002000100000e100006",                                     // type 2 class 1 ttl 3600 rdlength 6
            "036e7332",                                                 //   rdata name: label "ns2"
            "c00c",                                                     //   rdata name: pointer to offset 12
            "c029",                                                     // additional 1 name: pointer to offset 41
            "0001000100000e100004",                                     // type 1 class 1 ttl 3600 rdlength 4
            "509a6ce6",                                                 // rdata
            "c029",                                                     // additional 2 name: pointer to offset 41
            "001c000100000e100010",                                     // type 28 class 1 ttl 3600 rdlength 16
            "2003005160120110000000000a070053",                         // rdata
            "c069",                                                     // additional 3 name: pointer to offset 105
            "0001000100000e100004",                                     // type 1 class 1 ttl 3600 rdlength 4
            "d53d1db6",                                                 // rdata
            "00",                                                       // additional 4 name: root label
            "00291000000000000000"                                     // type 41 class 4096 ttl 0 rdlength 0
    );

    /** suricata__dns-tcp-www-google-com__dns.pcap frame 4: a query over TCP with its 2-byte length prefix. */
    static final byte[] TCP_QUERY = Hex.bytes(
            "0037",                                                     // TCP length prefix 55
            "5f78",                                                     // id 0x5f78
            "0120",                                                     // flags 0x0120: QR=0 opcode=0 TC=0 rcode=0
            "0001000000000001",                                         // counts: qd=1 an=0 ns=0 ar=1
            "03777777",                                                 // question 1 name: label "www"
            "06676f6f676c65",                                           // question 1 name: label "google"
            "03636f6d",                                                 // question 1 name: label "com"
            "00",                                                       // question 1 name: root label
            "00010001",                                                 // qtype 1 qclass 1
            "00",                                                       // additional 1 name: root label
            "0029100000000000000c",                                     // type 41 class 4096 ttl 0 rdlength 12
            "000a00085a760730fb2b37d5"                                 // rdata
    );

    /**
     * suricata__dns-tcp-www-google-com__dns.pcap frame 6: the TCP response (length prefix 0x00eb = 235), 12 A
     * answers for www.google.com and an OPT record.
     */
    static final byte[] TCP_RESPONSE = Hex.bytes(
            "00eb5f7881800001000c000000010377777706676f6f676c6503636f6d000001",
            "0001c00c00010001000000080004d8c5f2f4c00c00010001000000080004d8c5",
            "f2e0c00c00010001000000080004d8c5f2eec00c00010001000000080004d8c5",
            "f2d2c00c00010001000000080004d8c5f2e6c00c00010001000000080004d8c5",
            "f2dfc00c00010001000000080004d8c5f2f5c00c00010001000000080004d8c5",
            "f2e7c00c00010001000000080004d8c5f2fbc00c00010001000000080004d8c5",
            "f2edc00c00010001000000080004d8c5f2d9c00c00010001000000080004d8c5",
            "f2d80000290200000000000000"
    );
}
