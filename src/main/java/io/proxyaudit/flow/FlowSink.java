package io.proxyaudit.flow;

/** Receives finished flows and DNS lookups in the order they complete. */
public interface FlowSink {
    void onFlow(FlowRecord flow);

    void onDns(DnsLookup lookup);
}
