package io.proxyaudit.robust;

import io.proxyaudit.capture.CaptureListener;
import io.proxyaudit.capture.CaptureOpener;
import io.proxyaudit.capture.CaptureReader;
import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.capture.CaptureWarning;
import io.proxyaudit.capture.PacketRecord;
import io.proxyaudit.capture.ReaderOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a whole capture and keeps what the tests compare: records (number, offset, length, first byte, time), warnings. */
record CaptureRead(CaptureSummary summary, List<long[]> records, List<CaptureWarning> warnings, long millis) {
    static CaptureRead of(Path file, ReaderOptions options) throws IOException {
        List<CaptureWarning> warnings = new ArrayList<>();
        List<long[]> records = new ArrayList<>();
        long t0 = System.nanoTime();
        CaptureListener l = new CaptureListener() {
            @Override
            public void onWarning(CaptureWarning w) {
                warnings.add(w);
            }
        };
        try (CaptureReader r = CaptureOpener.open(file.toString(), l, options)) {
            PacketRecord rec = new PacketRecord();
            while (r.next(rec)) {
                long first = rec.capturedLength > 0 ? rec.data[rec.offset] & 0xff : -1;
                records.add(new long[] {rec.number, rec.fileOffset, rec.capturedLength, first, rec.timestampNanos});
            }
            return new CaptureRead(r.summary(), records, warnings, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    long counter(String name) {
        return summary.counters().getOrDefault(name, 0L);
    }

    boolean hasWarning(String kind, long offset) {
        return warnings.stream().anyMatch(w -> w.kind().equals(kind) && w.offset() == offset);
    }
}
