package io.proxyaudit.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Accumulates what a reader sees into a {@link CaptureSummary}; also forwards warnings to the listener. */
final class SummaryBuilder {
    /** Warnings kept in the summary; the rest are counted ({@code warnings_not_kept}). */
    static final int MAX_KEPT_WARNINGS = 100;

    final String file;
    String format;
    String compression;
    private final Set<String> byteOrders = new TreeSet<>();
    private final Set<String> tsResolutions = new LinkedHashSet<>();
    private final Set<Integer> linkTypes = new LinkedHashSet<>();
    int sections;
    int interfaces;
    long packets;
    long capturedBytes;
    long firstTs = Long.MIN_VALUE;
    long lastTs = Long.MIN_VALUE;
    long skippedBytes;
    private long withoutTimestamp;
    /** Records with fewer captured bytes than the wire had (snap length), and the longest of them. */
    private long cut;
    private long cutAt;
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private final List<CaptureWarning> warnings = new ArrayList<>();
    private final CaptureListener listener;

    SummaryBuilder(String file, CaptureListener listener) {
        this.file = file;
        this.listener = listener == null ? CaptureListener.NONE : listener;
    }

    CaptureListener listener() {
        return listener;
    }

    void byteOrder(boolean le) {
        byteOrders.add(le ? "le" : "be");
    }

    void tsResolution(String r) {
        tsResolutions.add(r);
    }

    void linkType(int lt) {
        linkTypes.add(lt);
    }

    void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }

    void count(String name, long n) {
        counters.merge(name, n, Long::sum);
    }

    /** Called for every delivered packet: allocation-free. */
    void packet(PacketRecord r) {
        packets++;
        capturedBytes += r.capturedLength;
        if (r.capturedLength < r.originalLength) {
            cut++;
            cutAt = Math.max(cutAt, r.capturedLength);
        }
        long ts = r.timestampNanos;
        if (ts == Long.MIN_VALUE) {
            withoutTimestamp++;
        } else {
            // like capinfos: earliest and latest time stamp, not first and last record
            if (firstTs == Long.MIN_VALUE || ts < firstTs) {
                firstTs = ts;
            }
            if (lastTs == Long.MIN_VALUE || ts > lastTs) {
                lastTs = ts;
            }
        }
    }

    void warn(long offset, String kind, String message) {
        CaptureWarning w = new CaptureWarning(file, offset, kind, message);
        count("warning_" + kind.replace('-', '_'));
        if (warnings.size() < MAX_KEPT_WARNINGS) {
            warnings.add(w);
        } else {
            count("warnings_not_kept");
        }
        listener.onWarning(w);
    }

    CaptureSummary build() {
        if (withoutTimestamp > 0) {
            counters.put("packets_without_timestamp", withoutTimestamp);
        }
        if (cut > 0) {
            counters.put("packets_cut", cut);
            counters.put("packets_cut_at", cutAt);
        }
        return new CaptureSummary(file, format, compression, String.join(",", byteOrders),
                List.copyOf(tsResolutions), List.copyOf(linkTypes), sections, interfaces, packets, capturedBytes,
                firstTs, lastTs, skippedBytes, Collections.unmodifiableMap(new LinkedHashMap<>(counters)), List.copyOf(warnings));
    }
}
