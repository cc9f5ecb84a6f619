package io.proxyaudit.flow;

import io.proxyaudit.proto.dns.DnsMessage;

/** Sees every DNS message the flow stage parsed (UDP datagrams and messages framed on TCP), in capture order. */
@FunctionalInterface
public interface DnsMessageListener {
    void onDnsMessage(long nanos, String transport, String srcIp, int srcPort, String dstIp, int dstPort, DnsMessage message);
}
