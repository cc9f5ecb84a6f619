package io.proxyaudit.capture;

/** Accepts or rejects one record (a compiled BPF program, for example). */
@FunctionalInterface
public interface PacketFilter {
    boolean accept(PacketRecord record);
}
