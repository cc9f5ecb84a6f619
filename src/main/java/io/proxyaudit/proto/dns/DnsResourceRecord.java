package io.proxyaudit.proto.dns;

/**
 * A resource record. {@code value} is the presentation form for A (dotted quad), AAAA (RFC 5952
 * text), CNAME/NS/PTR (name); for other types it is null and {@code rdata} holds the raw bytes
 * (bounded).
 */
public record DnsResourceRecord(String name, int type, int dnsClass, long ttl, String value, byte[] rdata) {
    public static final int TYPE_A = 1;
    public static final int TYPE_NS = 2;
    public static final int TYPE_CNAME = 5;
    public static final int TYPE_PTR = 12;
    public static final int TYPE_AAAA = 28;
}
