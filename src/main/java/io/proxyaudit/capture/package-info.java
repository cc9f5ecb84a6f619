/**
 * Reading capture files, one record at a time, in bounded memory.
 *
 * <p>{@link io.proxyaudit.capture.CaptureOpener#open} looks at the first bytes, not the file name:
 * gzip (1f 8b) is unwrapped within {@code ReaderOptions.maxGzipBytes}, then the classic pcap magic
 * (either byte order, microsecond or nanosecond) or a pcapng section header picks
 * {@code ClassicPcapReader} or {@code PcapngReader}. Both parse in place from one reused buffer
 * ({@code StreamBuffer}, 1 MiB growing to at most 16 MiB) into a caller-owned
 * {@link io.proxyaudit.capture.PacketRecord}: the per-packet path allocates nothing.
 *
 * <p>Damage is reported, not fatal: a cut last record, an impossible record length or a pcapng block
 * whose trailing length disagrees becomes a {@link io.proxyaudit.capture.CaptureWarning} with its byte
 * offset; the reader then searches for the next plausible record or block and counts the bytes it
 * skipped. Only an unreadable file header is a {@link io.proxyaudit.capture.CaptureFormatException}.
 *
 * <p>{@code --reader libpcap} ({@code LibpcapReader}) reads through pcap4j instead; {@code --bpf}
 * filters are compiled by libpcap for either reader ({@code BpfFilters}).
 */
package io.proxyaudit.capture;
