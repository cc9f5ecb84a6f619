package io.proxyaudit.flow;

import java.util.List;

/**
 * A DNS query matched with its response (by transport, endpoints, id and question), as written in the
 * {@code dns} NDJSON record. {@code responseNanos} is {@link Long#MIN_VALUE} when no response was seen;
 * {@code rcode} is -1 then. {@code answers} holds A/AAAA/CNAME values in wire order.
 */
public record DnsLookup(
        long queryNanos,
        String transport,
        String clientIp,
        int clientPort,
        String serverIp,
        int serverPort,
        int id,
        String qname,
        int qtype,
        int rcode,
        List<String> answers,
        long responseNanos,
        List<String> flags) {}
