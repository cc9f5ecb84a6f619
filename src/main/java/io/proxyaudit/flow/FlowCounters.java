package io.proxyaudit.flow;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the flow stage cut, evicted, skipped or could not parse; plain longs (hot path), stable names. */
public final class FlowCounters {
    public long tcpFlows;
    public long udpFlows;
    public long flowsEvicted;
    public long flowsIdleTimeout;
    public long portReuse;
    public long tcpRetransmittedSegments;
    public long tcpOverlapBytes;
    public long tcpOutOfOrderSegments;
    public long tcpOutOfOrderDropped;
    public long streamHeadsCut;
    public long streamGaps;
    public long tlsMalformed;
    public long httpMalformed;
    public long httpDropped;
    public long quicUndecryptable;
    public long dnsMessages;
    public long dnsMalformed;
    public long dnsUnanswered;
    public long dnsResponsesWithoutQuery;
    public long dnsPendingEvicted;
    public long namesEvicted;
    public long parserErrors;
    /** Snap length: TCP segments and UDP datagrams whose payload was not captured whole. */
    public long tcpSegmentsCut;
    public long udpDatagramsCut;
    /** HTTP request heads and TLS ClientHellos read from a cut segment (flagged {@code truncated}). */
    public long httpHeadsCut;
    public long tlsHellosCut;
    /** pcapng process comments (ptcpdump): flow directions that got a process, comments not read, others. */
    public long processComments;
    public long processCommentsMalformed;
    public long packetCommentsOther;

    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("flows_tcp", tcpFlows);
        m.put("flows_udp", udpFlows);
        m.put("flows_evicted", flowsEvicted);
        m.put("flows_idle_timeout", flowsIdleTimeout);
        m.put("tcp_port_reuse", portReuse);
        m.put("tcp_retransmitted_segments", tcpRetransmittedSegments);
        m.put("tcp_overlap_bytes", tcpOverlapBytes);
        m.put("tcp_out_of_order_segments", tcpOutOfOrderSegments);
        m.put("tcp_out_of_order_dropped", tcpOutOfOrderDropped);
        m.put("stream_heads_cut", streamHeadsCut);
        m.put("stream_gaps", streamGaps);
        m.put("tls_malformed", tlsMalformed);
        m.put("http_malformed", httpMalformed);
        m.put("http_requests_dropped", httpDropped);
        m.put("quic_undecryptable_packets", quicUndecryptable);
        m.put("dns_messages", dnsMessages);
        m.put("dns_malformed", dnsMalformed);
        m.put("dns_unanswered", dnsUnanswered);
        m.put("dns_responses_without_query", dnsResponsesWithoutQuery);
        m.put("dns_pending_evicted", dnsPendingEvicted);
        m.put("names_evicted", namesEvicted);
        m.put("parser_errors", parserErrors);
        // present only for a capture cut by its snap length, so the records of whole captures stay as they were
        putIfCut(m, "tcp_segments_cut", tcpSegmentsCut);
        putIfCut(m, "udp_datagrams_cut", udpDatagramsCut);
        putIfCut(m, "http_heads_cut", httpHeadsCut);
        putIfCut(m, "tls_hellos_cut", tlsHellosCut);
        // present only for a capture with packet comments, likewise
        putIfCut(m, "process_comments", processComments);
        putIfCut(m, "process_comments_malformed", processCommentsMalformed);
        putIfCut(m, "packet_comments_other", packetCommentsOther);
        return m;
    }

    private static void putIfCut(Map<String, Long> m, String name, long n) {
        if (n > 0) {
            m.put(name, n);
        }
    }
}
