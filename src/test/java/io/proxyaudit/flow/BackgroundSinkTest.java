package io.proxyaudit.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.ReaderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackgroundSinkTest {
    /** Remembers every record and the thread that saw it. */
    private static final class Recording implements FlowSink {
        final List<Object> seen = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        final int failAt;

        Recording(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public void onFlow(FlowRecord flow) {
            record(flow);
        }

        @Override
        public void onDns(DnsLookup lookup) {
            record(lookup);
        }

        private void record(Object r) {
            if (seen.size() == failAt) {
                throw new UncheckedIOException(new IOException("Broken pipe"));
            }
            seen.add(r);
            threads.add(Thread.currentThread().getName());
        }
    }

    private static FlowRecord flow(long id) {
        return new FlowRecord(id, "tcp", id, id + 1, "10.0.0.2", 40000, "10.0.0.1", 443, 1, 1, 0, 0, "closed", 1,
                null, null, null, null, List.of(), 0, null, List.of(), null, List.of());
    }

    private static DnsLookup dns(int id) {
        return new DnsLookup(id, "udp", "10.0.0.2", 5353, "10.0.0.1", 53, id, "proxy.golang.org", 1, 0, List.of(),
                id + 1, List.of());
    }

    private static List<Object> records(int n) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i % 3 == 0 ? dns(i) : flow(i));
        }
        return out;
    }

    private static void send(FlowSink s, List<Object> records) {
        for (Object r : records) {
            if (r instanceof FlowRecord f) {
                s.onFlow(f);
            } else {
                s.onDns((DnsLookup) r);
            }
        }
    }

    @Test
    void everyRecordArrivesInOrderOnTheOutputThread() {
        // more than the queue holds, and not a multiple of the batch: the last partial batch must come too
        int n = BackgroundSink.BATCH * (BackgroundSink.QUEUED + 3) + 17;
        List<Object> sent = records(n);
        Recording target = new Recording(-1);
        try (BackgroundSink sink = new BackgroundSink(target)) {
            send(sink, sent);
            sink.finish();
        }
        assertEquals(sent, target.seen);
        assertTrue(target.threads.stream().allMatch("proxyaudit-output"::equals), "all written on the output thread");
    }

    @Test
    void aFailureIsThrownOnThePipelineThreadAndNeverBlocksIt() {
        Recording target = new Recording(10);
        BackgroundSink sink = new BackgroundSink(target);
        UncheckedIOException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(
                UncheckedIOException.class, () -> {
                    // after the failure the producer goes on handing over (many more batches than the queue holds)
                    // until it sees the error: it must get it, not wait on a full queue
                    send(sink, records(BackgroundSink.BATCH * (BackgroundSink.QUEUED + 50)));
                    sink.finish();
                }));
        assertEquals("java.io.IOException: Broken pipe", e.getMessage());
        assertEquals(10, target.seen.size(), "nothing passed on after the failure");
        assertThrows(UncheckedIOException.class, sink::finish, "finish keeps reporting it");
        sink.close();
    }

    @Test
    void closeWithoutFinishStopsTheThread() {
        Recording target = new Recording(-1);
        BackgroundSink sink = new BackgroundSink(target);
        send(sink, records(BackgroundSink.BATCH + 1));
        assertTimeoutPreemptively(Duration.ofSeconds(20), sink::close);
        assertEquals(BackgroundSink.BATCH, target.seen.size(), "the batch handed over was written, the rest dropped");
        assertFalse(sink.outputThreadAlive(), "output thread ended");
        assertThrows(IllegalStateException.class, () -> sink.onFlow(flow(1)), "no record after the end");
    }

    /** The pipeline with its sink on a thread gives exactly the records, in the order, of the plain pipeline. */
    @Test
    void pipelineOutputIsTheSameWithTheSinkOnItsOwnThread() throws IOException {
        Path sample = Path.of("samples/j-busy-mixed/capture.pcapng");
        assertTrue(Files.isRegularFile(sample), "bundled sample " + sample);
        Recording plain = new Recording(-1);
        Recording threaded = new Recording(-1);
        FlowPipeline.Result a = new FlowPipeline(null, ReaderOptions.defaults()).run(sample.toString(), plain);
        FlowPipeline.Result b = new FlowPipeline(null, ReaderOptions.defaults()).sinkOnOwnThread(true)
                .run(sample.toString(), threaded);
        assertTrue(plain.seen.size() > 100, "the sample has flows: " + plain.seen.size());
        assertEquals(plain.seen, threaded.seen);
        assertEquals(a.summary(), b.summary());
        assertSame(Boolean.TRUE, b.complete());
    }
}
