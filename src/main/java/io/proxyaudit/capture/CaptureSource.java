package io.proxyaudit.capture;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where one capture's bytes come from: a file (or standard input) named by its path, or a stream the caller opens,
 * such as a file on a Hadoop file system read by the Spark job. The pipeline opens it once, reads it to the end
 * and closes it; nothing is held in memory beyond the reader's buffer.
 */
public interface CaptureSource {
    /** The name used in the capture record and in messages. */
    String name();

    /** Opens the capture (classic pcap, pcapng, either gzipped) for reading. One-line messages, as {@link CaptureOpener}. */
    CaptureReader open(CaptureListener listener, ReaderOptions options) throws IOException;

    /** Opens the bytes of a capture, from its first byte, each time it is called. */
    @FunctionalInterface
    interface StreamOpener {
        InputStream open() throws IOException;
    }

    /** A file by its path, or {@code -} for standard input. */
    static CaptureSource path(String pathOrDash) {
        return new CaptureSource() {
            @Override
            public String name() {
                return CaptureOpener.displayName(pathOrDash);
            }

            @Override
            public CaptureReader open(CaptureListener listener, ReaderOptions options) throws IOException {
                return CaptureOpener.open(pathOrDash, listener, options);
            }
        };
    }

    /**
     * A stream the caller opens, read with the pure-Java reader.
     *
     * @param size the length of the file in bytes when known (a plain file is then read in place), else -1
     */
    static CaptureSource stream(String name, StreamOpener opener, long size) {
        return new CaptureSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CaptureReader open(CaptureListener listener, ReaderOptions options) throws IOException {
                return CaptureOpener.open(name, opener.open(), size, listener, options);
            }
        };
    }
}
