/**
 * Application-layer analyzers: the registration point between the flow stage and the protocol framers
 * (the models are Suricata's per-protocol parser registration and Zeek's analyzer plugins). A
 * {@link io.proxyaudit.analyzer.TcpAnalyzer} probes the first unparsed bytes of a TCP direction and, on a
 * match, opens the {@link io.proxyaudit.proto.StreamFramer} that gets that direction's bytes from then on;
 * a {@link io.proxyaudit.analyzer.UdpAnalyzer} probes datagrams and is bound to the flow that sent one it
 * accepted. Analyzers report through {@link io.proxyaudit.analyzer.AppEvents}; they never see flows,
 * records or outputs. The built-in ones (sub-packages {@code tls}, {@code http}, {@code dns}) are
 * registered in {@code io.proxyaudit.flow.BuiltInAnalyzers}, one line each.
 */
package io.proxyaudit.analyzer;
