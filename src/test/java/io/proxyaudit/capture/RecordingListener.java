package io.proxyaudit.capture;

import java.util.ArrayList;
import java.util.List;

/** Collects what a reader reports, and the packets it delivers (copied). */
final class RecordingListener implements CaptureListener {
    final List<CaptureWarning> warnings = new ArrayList<>();
    final List<String> names = new ArrayList<>();

    @Override
    public void onWarning(CaptureWarning w) {
        warnings.add(w);
    }

    @Override
    public void onNameResolution(byte[] address, String name) {
        names.add(format(address) + "=" + name);
    }

    private static String format(byte[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : ".").append(a[i] & 0xff);
        }
        return sb.toString();
    }

    record Packet(long number, long ts, int caplen, int origlen, int linkType, int iface, long fileOffset, byte[] data) {}

    static List<Packet> readAll(CaptureReader r) throws java.io.IOException {
        List<Packet> out = new ArrayList<>();
        PacketRecord rec = new PacketRecord();
        while (r.next(rec)) {
            out.add(new Packet(rec.number, rec.timestampNanos, rec.capturedLength, rec.originalLength, rec.linkType,
                    rec.interfaceId, rec.fileOffset,
                    java.util.Arrays.copyOfRange(rec.data, rec.offset, rec.offset + rec.capturedLength)));
        }
        return out;
    }
}
