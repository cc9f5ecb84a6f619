package io.proxyaudit.cli;

import io.proxyaudit.capture.CaptureOpener;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.flow.FlowPipeline;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.FlowSink;
import io.proxyaudit.report.CsvWriter;
import io.proxyaudit.report.NdjsonWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code proxyaudit flows CAPTURE...}: every connection and DNS lookup, with names, TLS, HTTP and CONNECT facts. */
@Command(name = "flows", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists the connections and DNS lookups in captures.",
                "Per connection: endpoints, state, packets and bytes, TLS SNI, ALPN and JA4, HTTP requests, CONNECT "
                        + "target and answer, and the server's names from DNS. A capture is a pcap or pcapng file, "
                        + "maybe gzip-compressed, or '-' for standard input.",
                "The table lists connections and DNS lookups together in the order of their first packet (UTC), "
                        + "two lines each, fitted to $COLUMNS (default 80) columns."},
        footer = {"", "Exit codes: 0 ok, 2 usage error, 3 a capture could not be read (fully; what was read is "
                + "still printed) or standard output could not be written. A reader that stops early, like "
                + "'head', ends the command quietly."})
public final class FlowsCommand implements Callable<Integer> {

    enum Format { table, json, csv }


    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "Capture files; '-' reads standard input.")
    List<String> captures = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json (NDJSON: capture, flow and dns records) or csv (one row per flow). "
                    + "Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--stats", description = "Print packets, bytes and seconds spent per capture (after JVM start-up) on stderr.")
    boolean stats;

    @Mixin
    ReaderOptionsMixin readerOptions = new ReaderOptionsMixin();

    @Mixin
    FlowLimits limits = new FlowLimits();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        FlowOptions flowOptions;
        ReaderOptions readerOptions;
        try {
            flowOptions = limits.toOptions();
            readerOptions = this.readerOptions.toReaderOptions();
        } catch (IllegalArgumentException e) {
            Problems.print(err, e.getMessage());
            return ExitCodes.USAGE;
        }
        Writer out = new OutputStreamWriter(StandardOutput.stream(), StandardCharsets.UTF_8);
        int exit = ExitCodes.OK;
        try (Output o = switch (format) {
            case json -> new JsonOutput(out);
            case csv -> new CsvOutput(out);
            case table -> new TableOutput(out);
        }) {
            for (String capture : captures) {
                String name = CaptureOpener.displayName(capture);
                WarningPrinter warnings = new WarningPrinter(err, name);
                FlowPipeline pipeline = new FlowPipeline(flowOptions, readerOptions).onWarning(warnings)
                        .sinkOnOwnThread(Runtime.getRuntime().availableProcessors() > 1);
                o.beginCapture(name);
                FlowPipeline.Result r;
                try {
                    long t0 = System.nanoTime();
                    r = pipeline.run(capture, o);
                    if (stats) {
                        ConsoleOutput.printStats(err, name, r.summary().packets(), r.summary().capturedBytes(), System.nanoTime() - t0);
                    }
                } catch (IOException e) {
                    Problems.print(err, name, Problems.reason(e));
                    exit = ExitCodes.UNREADABLE;
                    continue;
                }
                warnings.finish();
                if (!r.complete()) {
                    exit = ExitCodes.UNREADABLE;
                }
                o.endCapture(r);
            }
        } catch (RuntimeException e) {
            if (!StandardOutput.causedBy(e)) {
                throw e;
            } // standard output failed: Main.run says why (nothing for a closed pipe) and settles the exit code
        }
        return exit;
    }

    // ------------------------------------------------------------------ outputs

    private abstract static class Output implements FlowSink, AutoCloseable {
        final Writer out;

        Output(Writer out) {
            this.out = out;
        }

        void beginCapture(String name) throws IOException {}

        abstract void endCapture(FlowPipeline.Result r) throws IOException;

        void line(String s) {
            try {
                out.write(s);
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                if (e != StandardOutput.failure()) {
                    throw e;
                } // else Main.run says why (nothing for a closed pipe) and settles the exit code
            }
        }
    }

    /** NDJSON: the flow and dns records of a capture, then its capture record. */
    private static final class JsonOutput extends Output {
        final NdjsonWriter w;

        JsonOutput(Writer out) {
            super(out);
            this.w = new NdjsonWriter(out);
        }

        @Override
        public void onFlow(FlowRecord flow) {
            w.onFlow(flow);
        }

        @Override
        public void onDns(DnsLookup lookup) {
            w.onDns(lookup);
        }

        @Override
        void endCapture(FlowPipeline.Result r) throws IOException {
            w.writeCapture(r.summary());
            w.flush();
        }

        @Override
        public void close() throws IOException {
            w.flush();
            super.close();
        }
    }

    /** CSV, one row per flow: the columns of analyze's flows.csv without the audit's, after the capture's name. */
    private static final class CsvOutput extends Output {
        String file;
        boolean headerDone;

        CsvOutput(Writer out) {
            super(out);
        }

        @Override
        void beginCapture(String name) throws IOException {
            file = name;
            if (!headerDone) {
                CsvWriter.writeUnauditedFlowHeader(out);
                headerDone = true;
            }
        }

        @Override
        public void onFlow(FlowRecord f) {
            try {
                CsvWriter.writeUnauditedFlow(out, file, f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void onDns(DnsLookup lookup) {
            // the CSV lists flows only
        }

        @Override
        void endCapture(FlowPipeline.Result r) {}
    }

    /** Readable rows for a terminal, in time order ({@link FlowsTable}), then a summary line per capture. */
    private static final class TableOutput extends Output {
        final FlowsTable table = new FlowsTable(TerminalWidth.columns(80), this::line);

        TableOutput(Writer out) {
            super(out);
        }

        @Override
        void beginCapture(String name) {
            table.begin(name);
        }

        @Override
        public void onFlow(FlowRecord f) {
            table.flow(f);
        }

        @Override
        public void onDns(DnsLookup l) {
            table.dns(l);
        }

        @Override
        void endCapture(FlowPipeline.Result r) {
            table.end(r.summary().packets(), r.summary().warnings().size());
        }
    }
}
