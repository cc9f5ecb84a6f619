package io.proxyaudit.flow;

import io.proxyaudit.proto.dns.DnsMessage;
import io.proxyaudit.proto.tls.ClientHello;

/**
 * Sees every protocol message the flow stage parsed, in capture order, before it is folded into a flow
 * (a flow keeps one ClientHello; a HelloRetryRequest makes the client send two). For tests and statistics.
 */
public interface ParseObserver {
    default void onDnsMessage(long nanos, String transport, String srcIp, int srcPort, String dstIp, int dstPort,
                              DnsMessage message) {}

    /** A ClientHello sent directly ({@code tunnelled} false) or inside a CONNECT tunnel. */
    default void onClientHello(long nanos, long flowId, ClientHello hello, boolean tunnelled) {}
}
