package io.proxyaudit.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Bytes and packets a benchmark went through, which JMH reports per second beside the operations. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ByteAndPacketRates {
    public long bytes;
    public long packets;

    @Setup(Level.Iteration)
    public void reset() {
        bytes = 0;
        packets = 0;
    }
}
