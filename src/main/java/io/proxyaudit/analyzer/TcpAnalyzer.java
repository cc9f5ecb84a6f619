package io.proxyaudit.analyzer;

import io.proxyaudit.proto.StreamFramer;

/**
 * An application-layer analyzer for TCP, registered in an {@link AnalyzerRegistry} (the model is
 * Suricata's per-protocol parser registration: probe, then parse one direction). The flow stage asks the
 * registered analyzers, in registration order, about the first unparsed bytes of a direction; the first
 * that answers {@link #MATCH} is bound to that direction, which from then on goes to the framer it opened
 * and is not probed again (until the framer hands off: a CONNECT tunnel).
 * An analyzer holds no per-flow state itself (it is shared by all flows); per-direction state lives in
 * its framer, per-connection state in {@link TcpDirection#share}.
 */
public interface TcpAnalyzer {
    /** {@link #probe}: not this protocol. */
    int NO = 0;
    /** {@link #probe}: this protocol; call {@link #open}. */
    int MATCH = 1;
    /** {@link #probe}: cannot tell yet; probe again when more bytes arrived. */
    int NEED_MORE = 2;
    /** {@link #probe}: the first byte may precede this protocol's first message: step over it, probe again. */
    int SKIP_BYTE = 3;

    /** A short lower-case name ("tls", "http"). */
    String name();

    /** Looks at the first unparsed bytes of a direction ({@code len} &gt; 0). Must not allocate. */
    int probe(TcpDirection d, byte[] buf, int off, int len);

    /**
     * Like {@link #probe}, for the first bytes of a direction that the capture's snap length cut right after them:
     * no more bytes will come to decide, so answer {@link #MATCH} or {@link #NO}. The default is {@link #probe}'s
     * answer, with anything but MATCH read as NO.
     */
    default int probeCut(TcpDirection d, byte[] buf, int off, int len) {
        return probe(d, buf, off, len) == MATCH ? MATCH : NO;
    }

    /** The framer for a direction this analyzer matched; it reports through {@code d}. */
    StreamFramer open(TcpDirection d, byte[] buf, int off, int len);
}
