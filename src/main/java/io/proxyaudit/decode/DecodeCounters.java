package io.proxyaudit.decode;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counters of what the decoder saw and skipped; plain longs so the hot path does not allocate. */
public final class DecodeCounters {
    public long ipv4;
    public long ipv6;
    public long tcp;
    public long udp;
    public long icmp;
    public long notIp;
    public long malformed;
    public long fragments;
    public long fragmentsReassembled;
    public long fragmentsDropped;
    /** Packets per unsupported link type (index: linktype & 0x3ff would collide; keep a small map off the hot path). */
    public final Map<Integer, Long> unsupportedLinkTypes = new LinkedHashMap<>();

    /** Stable names for the capture summary. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("ipv4", ipv4);
        m.put("ipv6", ipv6);
        m.put("tcp", tcp);
        m.put("udp", udp);
        m.put("icmp", icmp);
        m.put("not_ip", notIp);
        m.put("malformed", malformed);
        m.put("ip_fragments", fragments);
        m.put("ip_fragments_reassembled", fragmentsReassembled);
        m.put("ip_fragments_dropped", fragmentsDropped);
        unsupportedLinkTypes.forEach((k, v) -> m.put("unsupported_linktype_" + k, v));
        return m;
    }
}
