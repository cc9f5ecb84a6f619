package io.proxyaudit.capture;

import java.io.Closeable;
import java.io.IOException;

/**
 * Streams the records of one capture. Implementations: the pure-Java pcap/pcapng reader (default)
 * and the libpcap reader. Damage inside the file is reported through the {@link CaptureListener}
 * (warnings with byte offsets) and reading goes on; only an unreadable file header throws
 * {@link CaptureFormatException}.
 */
public interface CaptureReader extends Closeable {
    /**
     * Fills {@code record} with the next packet; false at the end of the capture. When the input itself fails
     * (a gzip stream cut short, a device error) it throws after the last packet it could read, with a one-line
     * reason; {@code record.fileOffset} is then where reading stopped. Reading stopped early: exit code 3.
     */
    boolean next(PacketRecord record) throws IOException;

    /** What was read so far (complete after {@link #next} returned false). */
    CaptureSummary summary();
}
