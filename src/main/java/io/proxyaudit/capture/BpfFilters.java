package io.proxyaudit.capture;

import java.io.IOException;

/** Compiles {@code --bpf} expressions for the pure-Java reader. */
final class BpfFilters {
    private BpfFilters() {}

    static PacketFilter compile(String expression, CaptureReader reader) throws IOException {
        throw new IOException("--bpf needs --reader libpcap (not yet available with the Java reader)");
    }
}
