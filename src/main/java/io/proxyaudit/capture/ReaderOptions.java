package io.proxyaudit.capture;

/**
 * How to open a capture.
 *
 * @param backend         which reader: the pure-Java one (default) or libpcap through pcap4j
 * @param bpf             tcpdump-syntax filter expression, or null for none
 * @param maxGzipBytes    stop decompressing a gzip capture after this many bytes (a warning says so)
 * @param maxRecordLength a record header claiming more captured bytes than this is corrupt
 *                        (262144 = Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD)
 */
public record ReaderOptions(Backend backend, String bpf, long maxGzipBytes, int maxRecordLength) {
    public enum Backend { JAVA, LIBPCAP }

    public static final long DEFAULT_MAX_GZIP_BYTES = 16L << 30;
    public static final int DEFAULT_MAX_RECORD_LENGTH = 262_144;

    public ReaderOptions {
        if (backend == null) {
            backend = Backend.JAVA;
        }
        if (maxGzipBytes <= 0) {
            throw new IllegalArgumentException("max gzip bytes must be positive: " + maxGzipBytes);
        }
        if (maxRecordLength <= 0 || maxRecordLength > (16 << 20)) {
            throw new IllegalArgumentException("max record length must be in 1..16777216: " + maxRecordLength);
        }
        if (bpf != null && bpf.isBlank()) {
            bpf = null;
        }
    }

    public static ReaderOptions defaults() {
        return new ReaderOptions(Backend.JAVA, null, DEFAULT_MAX_GZIP_BYTES, DEFAULT_MAX_RECORD_LENGTH);
    }

    public ReaderOptions withBackend(Backend b) {
        return new ReaderOptions(b, bpf, maxGzipBytes, maxRecordLength);
    }

    public ReaderOptions withBpf(String filter) {
        return new ReaderOptions(backend, filter, maxGzipBytes, maxRecordLength);
    }

    public ReaderOptions withMaxGzipBytes(long max) {
        return new ReaderOptions(backend, bpf, max, maxRecordLength);
    }
}
