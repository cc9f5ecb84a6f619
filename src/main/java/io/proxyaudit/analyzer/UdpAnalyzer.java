package io.proxyaudit.analyzer;

/**
 * An application-layer analyzer for UDP, registered in an {@link AnalyzerRegistry}. Each datagram of a flow
 * not yet bound is probed by the registered analyzers in order; the first that accepts it is bound to the
 * flow and gets this and every later datagram with a payload.
 */
public interface UdpAnalyzer {
    /** A short lower-case name ("dns"). */
    String name();

    /** True when the datagram ({@code len} &gt; 0) is this protocol. Must not allocate. */
    boolean probe(UdpDatagram datagram, byte[] buf, int off, int len);

    /** One datagram of a flow bound to this analyzer; reports through {@code datagram}. */
    void onDatagram(UdpDatagram datagram, byte[] buf, int off, int len);
}
