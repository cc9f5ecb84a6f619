package io.proxyaudit.flow;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs another {@link FlowSink} on its own thread, in the order the records came, so that formatting and
 * writing the output happen on the second core while the pipeline thread reads on (issue 8: use both cores
 * where it pays). Records cross in batches of {@value #BATCH} through a queue of {@value #QUEUED} batches:
 * memory stays bounded, and the pipeline waits when the output falls behind.
 *
 * <p>What the target sink throws ends its work (later records are dropped) and is thrown again on the
 * pipeline thread at its next hand-off or at {@link #finish()}: unchecked exceptions as they are (an
 * {@link java.io.UncheckedIOException} from a closed pipe keeps its message), anything else wrapped.
 * Everything the target did is visible to the caller once {@link #finish()} returns.
 */
public final class BackgroundSink implements FlowSink, AutoCloseable {
    static final int BATCH = 256;
    static final int QUEUED = 4;
    private static final Object[] END = new Object[0];

    private final FlowSink target;
    private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread thread;
    private Object[] batch = new Object[BATCH];
    private int filled;
    private boolean ended;
    private volatile Throwable failure;

    public BackgroundSink(FlowSink target) {
        this.target = target;
        this.thread = new Thread(this::drain, "proxyaudit-output");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void onFlow(FlowRecord flow) {
        add(flow);
    }

    @Override
    public void onDns(DnsLookup lookup) {
        add(lookup);
    }

    /** Hands over what is left, waits until the target has seen every record, and throws what it threw. */
    public void finish() {
        if (!ended) {
            if (filled > 0) {
                handOver();
            }
            end();
        }
        rethrow();
    }

    /** Stops the thread without throwing (after an error on the pipeline side); records not handed over are dropped. */
    @Override
    public void close() {
        if (!ended) {
            filled = 0;
            end();
        }
    }

    /** For tests: whether the output thread still runs. */
    boolean outputThreadAlive() {
        return thread.isAlive();
    }

    private void add(Object record) {
        if (ended) {
            throw new IllegalStateException("record after the end of the output");
        }
        batch[filled++] = record;
        if (filled == BATCH) {
            handOver();
            rethrow();
        }
    }

    private void handOver() {
        Object[] full = batch;
        int n = filled;
        if (n < BATCH) {
            full = java.util.Arrays.copyOf(full, n);
        }
        batch = new Object[BATCH];
        filled = 0;
        put(full);
    }

    private void end() {
        ended = true;
        put(END);
        uninterruptibly(thread::join);
    }

    private void put(Object[] b) {
        // the output thread takes until END, even after a failure: this never blocks for ever
        uninterruptibly(() -> queue.put(b));
    }

    private interface Blocking {
        void run() throws InterruptedException;
    }

    /** Waits through interrupts (records must not be lost half-way), then restores the interrupt status. */
    private static void uninterruptibly(Blocking wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.run();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrow() {
        Throwable t = failure;
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t.getMessage(), t);
        }
    }

    /** The output thread: passes every record on in order until END; after a failure only takes (and drops). */
    private void drain() {
        while (true) {
            Object[] b;
            try {
                b = queue.take();
            } catch (InterruptedException e) {
                continue; // only END stops this thread, so the producer never waits on a full queue for ever
            }
            if (b == END) {
                return;
            }
            if (failure != null) {
                continue;
            }
            try {
                for (Object r : b) {
                    if (r instanceof FlowRecord f) {
                        target.onFlow(f);
                    } else {
                        target.onDns((DnsLookup) r);
                    }
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }
}
