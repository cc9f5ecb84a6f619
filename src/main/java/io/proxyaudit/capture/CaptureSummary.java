package io.proxyaudit.capture;

import java.util.List;
import java.util.Map;

/**
 * What a reader saw in one capture (like capinfos). Time stamps are epoch nanoseconds, or
 * {@link Long#MIN_VALUE} when no packet had one.
 *
 * @param format        {@code pcap} or {@code pcapng}
 * @param compression   {@code gzip} or null
 * @param byteOrder     {@code le}, {@code be}, or {@code be,le} for pcapng sections of both orders
 * @param tsResolution  {@code us}, {@code ns}, or per-interface values for pcapng
 * @param linkTypes     distinct LINKTYPE_* values in interface order
 * @param counters      named counters of anything skipped, cut or unsupported (stable names)
 */
public record CaptureSummary(
        String file,
        String format,
        String compression,
        String byteOrder,
        List<String> tsResolution,
        List<Integer> linkTypes,
        int sections,
        int interfaces,
        long packets,
        long capturedBytes,
        long firstTimestampNanos,
        long lastTimestampNanos,
        long skippedBytes,
        Map<String, Long> counters,
        List<CaptureWarning> warnings) {}
