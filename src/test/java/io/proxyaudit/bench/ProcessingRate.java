package io.proxyaudit.bench;

import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.flow.FlowPipeline;
import io.proxyaudit.report.NdjsonWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * In-process processing rate, as {@code flows --stats} is specified (packets, bytes and seconds after
 * start-up, so JVM start is excluded): runs the flow pipeline with the NDJSON writer into a null stream
 * ({@code flows --format json > /dev/null} without the CLI) and prints one line per run to stderr:
 * {@code packets=N bytes=N seconds=S cpu_seconds=S}. The first run in a JVM includes JIT warm-up, as a
 * one-shot command does; later runs are warm.
 *
 * <pre>java -Xmx512m -cp target/test-classes:target/proxyaudit.jar io.proxyaudit.bench.ProcessingRate FILE [java|libpcap] [RUNS]</pre>
 */
public final class ProcessingRate {
    private ProcessingRate() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ProcessingRate FILE [java|libpcap] [RUNS]");
            System.exit(2);
        }
        ReaderOptions ro = ReaderOptions.defaults();
        if (args.length > 1 && args[1].equals("libpcap")) {
            ro = ro.withBackend(ReaderOptions.Backend.LIBPCAP);
        }
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < runs; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            FlowPipeline.Result r;
            try (NdjsonWriter w = new NdjsonWriter(new BufferedWriter(
                    new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.UTF_8), 1 << 16))) {
                r = new FlowPipeline(FlowOptions.defaults(), ro).run(args[0], w);
                w.writeCapture(r.summary());
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
            long bytes = java.nio.file.Files.size(java.nio.file.Path.of(args[0]));
            System.err.printf(Locale.ROOT, "packets=%d bytes=%d seconds=%.3f cpu_seconds=%.3f (%.0f MB/s)%n",
                    r.summary().packets(), bytes, secs, cpu, bytes / secs / 1e6);
        }
    }
}
