package io.proxyaudit.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream on a second thread, a few fixed blocks ahead of the consumer, so that gzip inflation, or a
 * pipe's many small reads, run on the other core while the pipeline frames, decodes and tracks flows (issue 8:
 * use both cores). {@link CaptureOpener} uses it for gzip and for standard input and other non-regular files;
 * a plain regular file is faster read on the pipeline's own thread ({@link CaptureOpener#DIRECT_BUFFER}).
 * The consumer sees exactly the bytes of the stream, in order, then its end or its {@link IOException}
 * (after every byte read before the error).
 *
 * <p>Two ways to consume, which {@link StreamBuffer} mixes: whole blocks without a copy
 * ({@link #takeBlock()}, {@link #release(Block)}; each block has {@link #reserve()} free bytes in front of its
 * data, where the consumer moves the unread tail of the previous block so that a record never straddles two
 * arrays), or {@link #read(byte[], int, int)} like an {@link InputStream}. Memory is
 * {@code blocks * (reserve + blockSize)}, allocated once; nothing is allocated per block (blocks circulate
 * between two bounded queues). One consumer thread.
 */
final class ReadAhead implements Closeable {
    /** A block of the stream: bytes at {@code data[reserve, reserve + length)}. */
    static final class Block {
        final byte[] data;
        int length;
        /** The stream ended after this block's bytes. */
        boolean end;
        /** The stream failed after this block's bytes. */
        IOException error;

        Block(int size) {
            this.data = new byte[size];
        }
    }

    private final InputStream source;
    private final int reserve;
    private final BlockingQueue<Block> free;
    private final BlockingQueue<Block> filled;
    private final Thread thread;
    private volatile boolean closed;

    /** Block being consumed by {@link #read}, and the position in its data (relative to reserve). */
    private Block current;
    private int pos;
    /** The end or error was handed to the consumer. */
    private boolean finished;
    private IOException failure;

    ReadAhead(InputStream source, int reserve, int blockSize, int blocks) {
        if (blocks < 2 || blockSize < 1 || reserve < 0) {
            throw new IllegalArgumentException("read-ahead needs at least 2 blocks of 1+ bytes");
        }
        this.source = source;
        this.reserve = reserve;
        this.free = new ArrayBlockingQueue<>(blocks);
        this.filled = new ArrayBlockingQueue<>(blocks);
        for (int i = 0; i < blocks; i++) {
            free.add(new Block(reserve + blockSize));
        }
        this.thread = new Thread(this::fill, "proxyaudit-read-ahead");
        thread.setDaemon(true); // a stdin that never ends must not keep the process alive
        thread.start();
    }

    /** For tests: whether the reading thread still runs. */
    boolean threadAlive() {
        return thread.isAlive();
    }

    int reserve() {
        return reserve;
    }

    /** The reading thread: fills free blocks in order until the stream ends, fails, or we are closed. */
    private void fill() {
        try {
            while (!closed) {
                Block b = free.take();
                b.length = 0;
                b.end = false;
                b.error = null;
                int cap = b.data.length - reserve;
                try {
                    while (b.length < cap) {
                        int r = source.read(b.data, reserve + b.length, cap - b.length);
                        if (r < 0) {
                            b.end = true;
                            break;
                        }
                        b.length += r;
                    }
                } catch (IOException | RuntimeException | Error e) {
                    // never die silently: the consumer would wait for a block for ever
                    b.error = e instanceof IOException io ? io : new IOException(e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
                }
                filled.put(b);
                if (b.end || b.error != null) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed while waiting for a free block: nothing more to do
        }
    }

    /** True when no block is partly consumed by {@link #read}: {@link #takeBlock()} may be called. */
    boolean atBoundary() {
        return current == null;
    }

    /**
     * The next block, whole; the caller owns it until {@link #release}. Returns null when the end or the error was
     * already handed out (in an earlier block).
     */
    Block takeBlock() throws IOException {
        if (current != null) {
            throw new IllegalStateException("a block is partly read");
        }
        if (finished || closed) {
            return null;
        }
        Block b;
        try {
            b = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        }
        if (b.end || b.error != null) {
            finished = true;
        }
        return b;
    }

    /** Gives a block back for refilling. */
    void release(Block b) {
        if (b != null) {
            free.offer(b);
        }
    }

    /** Copies up to {@code len} bytes; -1 at the end; throws the stream's error once its bytes are read. */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || pos == current.length) {
            if (current != null) {
                if (current.error != null) {
                    failure = current.error;
                }
                release(current);
                current = null;
            }
            if (failure != null) {
                throw failure;
            }
            Block next = takeBlock();
            if (next == null) {
                return -1;
            }
            current = next;
            pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current.data, reserve + pos, b, off, n);
        pos += n;
        return n;
    }

    /** Stops the reading thread and closes the stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        try {
            // let a read in progress finish before the stream goes away (a stdin read may never end: bounded wait)
            thread.join(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
