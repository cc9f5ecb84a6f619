package io.proxyaudit.flow;

import io.proxyaudit.analyzer.AnalyzerRegistry;
import io.proxyaudit.capture.CaptureListener;
import io.proxyaudit.capture.CaptureReader;
import io.proxyaudit.capture.CaptureSource;
import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.capture.CaptureWarning;
import io.proxyaudit.capture.PacketRecord;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.decode.DecodeCounters;
import io.proxyaudit.decode.DecodedPacket;
import io.proxyaudit.decode.PacketDecoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Capture to flows, one capture at a time: reader -&gt; decoder -&gt; {@link FlowTracker} -&gt; {@link FlowSink}.
 * This is what {@code flows}, {@code analyze} and {@code batch} call. A problem in one packet never stops
 * the run (it is counted as {@code packet_errors}); damage in the file arrives as warnings and reading goes on.
 *
 * <pre>{@code
 * FlowPipeline.Result r = new FlowPipeline(FlowOptions.defaults(), ReaderOptions.defaults())
 *         .onWarning(w -> System.err.println(w.toLine()))
 *         .run("capture.pcapng", sink);
 * r.summary();        // CaptureSummary; counters = reader + decoder + flow counters
 * r.flowCounters();   // for AuditResult.flowCounters
 * }</pre>
 */
public final class FlowPipeline {
    /**
     * What one run produced.
     *
     * @param summary      the reader's summary with decoder and flow counters merged into {@code counters},
     *                     and a {@code read-error} warning when reading stopped early
     * @param flowCounters the flow stage's counters alone
     * @param complete     false when reading stopped before the end of the file (an I/O error)
     */
    public record Result(CaptureSummary summary, Map<String, Long> flowCounters, boolean complete) {}

    private final FlowOptions flowOptions;
    private final ReaderOptions readerOptions;
    private Consumer<CaptureWarning> warningConsumer = w -> {};
    private ParseObserver observer;
    private boolean sinkThread;
    private AnalyzerRegistry analyzers;

    public FlowPipeline(FlowOptions flowOptions, ReaderOptions readerOptions) {
        this.flowOptions = flowOptions == null ? FlowOptions.defaults() : flowOptions;
        this.readerOptions = readerOptions == null ? ReaderOptions.defaults() : readerOptions;
    }

    /** Receives each warning as soon as it is found (e.g. to print it on stderr). */
    public FlowPipeline onWarning(Consumer<CaptureWarning> consumer) {
        this.warningConsumer = consumer == null ? w -> {} : consumer;
        return this;
    }

    /** Sees every DNS message and ClientHello parsed (tests, statistics). */
    public FlowPipeline observe(ParseObserver observer) {
        this.observer = observer;
        return this;
    }

    /** The application analyzers to use instead of {@link BuiltInAnalyzers#registry()}. */
    public FlowPipeline analyzers(AnalyzerRegistry registry) {
        this.analyzers = registry;
        return this;
    }

    /**
     * Runs the sink on a thread of its own ({@link BackgroundSink}), for a command that reads one capture at a time
     * on a multi-core machine; {@code batch}, which already runs captures in parallel, does not.
     */
    public FlowPipeline sinkOnOwnThread(boolean yes) {
        this.sinkThread = yes;
        return this;
    }

    /**
     * Reads the capture {@code pathOrDash} ({@code -} for stdin) and emits its flows and DNS lookups to {@code sink}.
     * When this returns, the sink has seen every record (also with {@link #sinkOnOwnThread}).
     *
     * @throws IOException when the capture cannot be opened or is not a capture at all
     *                     ({@link io.proxyaudit.capture.CaptureFormatException}); one-line message
     */
    public Result run(String pathOrDash, FlowSink sink) throws IOException {
        return run(CaptureSource.path(pathOrDash), sink);
    }

    /** Reads the capture {@code source} (a file, or a stream such as one of a Hadoop file system); as {@link #run(String, FlowSink)}. */
    public Result run(CaptureSource source, FlowSink sink) throws IOException {
        if (!sinkThread) {
            return run(source, sink, null);
        }
        try (BackgroundSink background = new BackgroundSink(sink)) {
            return run(source, background, background);
        }
    }

    private Result run(CaptureSource source, FlowSink sink, BackgroundSink background) throws IOException {
        FlowTracker table = new FlowTracker(flowOptions, analyzers == null ? BuiltInAnalyzers.registry() : analyzers, sink);
        table.setParseObserver(observer);
        List<CaptureWarning> extraWarnings = new ArrayList<>();
        CaptureListener listener = new CaptureListener() {
            @Override
            public void onNameResolution(byte[] address, String name) {
                table.onNameResolution(address, name);
            }

            @Override
            public void onWarning(CaptureWarning warning) {
                warningConsumer.accept(warning);
            }
        };
        DecodeCounters decodeCounters = new DecodeCounters();
        PacketDecoder decoder = new PacketDecoder(decodeCounters);
        PacketRecord record = new PacketRecord();
        DecodedPacket packet = new DecodedPacket();
        long packetErrors = 0;
        boolean complete = true;
        CaptureSummary summary;
        try (CaptureReader reader = source.open(listener, readerOptions)) {
            try {
                while (reader.next(record)) {
                    try {
                        if (decoder.decode(record, packet) == PacketDecoder.STATUS_TRANSPORT) {
                            table.onPacket(packet);
                        }
                    } catch (RuntimeException e) {
                        packetErrors++; // one bad packet never stops the run
                    }
                }
            } catch (IOException e) {
                complete = false;
                CaptureWarning w = new CaptureWarning(source.name(), record.fileOffset,
                        "read-error", "reading stopped: " + oneLine(e));
                extraWarnings.add(w);
                warningConsumer.accept(w);
            }
            try {
                decoder.finish();
            } catch (RuntimeException e) {
                packetErrors++;
            }
            table.finish();
            if (background != null) {
                background.finish(); // every record written, or the output's error thrown here
            }
            summary = reader.summary();
        }
        FlowCounters fc = table.counters();
        Map<String, Long> counters = new LinkedHashMap<>(summary.counters());
        decodeCounters.asMap().forEach(counters::putIfAbsent);
        Map<String, Long> flowCounters = fc.asMap();
        flowCounters.forEach(counters::putIfAbsent);
        counters.put("packet_errors", packetErrors);
        List<CaptureWarning> warnings = summary.warnings();
        if (!extraWarnings.isEmpty()) {
            warnings = new ArrayList<>(warnings);
            warnings.addAll(extraWarnings);
        }
        CaptureSummary merged = new CaptureSummary(summary.file(), summary.format(), summary.compression(),
                summary.byteOrder(), summary.tsResolution(), summary.linkTypes(), summary.sections(),
                summary.interfaces(), summary.packets(), summary.capturedBytes(), summary.firstTimestampNanos(),
                summary.lastTimestampNanos(), summary.skippedBytes(), java.util.Collections.unmodifiableMap(counters),
                List.copyOf(warnings));
        return new Result(merged, flowCounters, complete);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }
}
