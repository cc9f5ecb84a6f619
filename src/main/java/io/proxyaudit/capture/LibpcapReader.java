package io.proxyaudit.capture;

import java.io.IOException;

/** Reads a capture through libpcap (pcap4j). */
final class LibpcapReader {
    private LibpcapReader() {}

    static CaptureReader open(String pathOrDash, CaptureListener listener, ReaderOptions options) throws IOException {
        throw new IOException("--reader libpcap is not available yet");
    }
}
