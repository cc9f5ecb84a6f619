package io.proxyaudit.capture;

import java.io.IOException;

/** Common part of the pure-Java readers: record numbering, the summary, end-of-stream reporting. */
abstract class StreamingReader implements CaptureReader {
    protected final StreamBuffer in;
    protected final SummaryBuilder sum;
    private final Runnable onClose;
    private long number;
    private boolean done;
    private PacketFilter filter;

    StreamingReader(StreamBuffer in, SummaryBuilder sum, Runnable onClose) {
        this.in = in;
        this.sum = sum;
        this.onClose = onClose;
    }

    /** Packets the filter rejects are counted ({@code filtered_out}) and not delivered. */
    void setFilter(PacketFilter f) {
        this.filter = f;
    }

    /** Fills the record (not its number) with the next packet; false at the end. */
    protected abstract boolean readNext(PacketRecord r);

    @Override
    public final boolean next(PacketRecord r) throws IOException {
        while (!done) {
            if (!readNext(r)) {
                done = true;
                finish(r);
                return false;
            }
            r.number = ++number;
            if (filter != null && !filter.accept(r)) {
                sum.count("filtered_out");
                continue;
            }
            sum.packet(r);
            return true;
        }
        return false;
    }

    /** Warns about the gzip limit; throws when the input itself failed (see {@link CaptureReader#next}). */
    private void finish(PacketRecord r) throws IOException {
        if (onClose instanceof GzipLimit g && g.limitReached()) {
            sum.warn(in.offset(), "gzip-limit", "stopped after " + g.max()
                    + " decompressed bytes (--max-gzip-bytes); the rest of the capture was not read");
        }
        IOException e = in.error();
        if (e != null) {
            r.fileOffset = in.offset();
            throw new IOException(IoReason.of(e), e);
        }
    }

    @Override
    public final CaptureSummary summary() {
        return sum.build();
    }

    @Override
    public void close() {
        onClose.run();
    }

    /** Closing hook that also knows whether a gzip size limit cut the stream. */
    interface GzipLimit extends Runnable {
        boolean limitReached();

        long max();
    }
}
