package io.proxyaudit.cli;

import io.proxyaudit.capture.CaptureOpener;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.flow.FlowPipeline;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.FlowSink;
import io.proxyaudit.flow.HttpExchange;
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

    /** Limits of the flow stage, shared by the commands that build flows. */
    public static final class FlowLimits {
        @Option(names = "--stream-head-bytes", paramLabel = "N", defaultValue = "65536",
                description = "Bytes of each TCP direction kept for protocol parsing (default: ${DEFAULT-VALUE}).")
        int streamHeadBytes;

        @Option(names = "--max-ooo-segments", paramLabel = "N", defaultValue = "32",
                description = "Out-of-order byte ranges held per direction while waiting for a hole (default: ${DEFAULT-VALUE}).")
        int maxOutOfOrder;

        @Option(names = "--max-flows", paramLabel = "N", defaultValue = "1000000",
                description = "Live flows kept at once; the least recently active is evicted and counted (default: ${DEFAULT-VALUE}).")
        int maxFlows;

        @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "300",
                description = "A flow idle this long in capture time ends as 'timeout' (default: ${DEFAULT-VALUE}).")
        double idleTimeoutSeconds;

        @Option(names = "--max-http-per-flow", paramLabel = "N", defaultValue = "4096",
                description = "HTTP requests kept per connection; the rest is counted (default: ${DEFAULT-VALUE}).")
        int maxHttpPerFlow;

        @Option(names = "--max-names", paramLabel = "N", defaultValue = "200000",
                description = "Server addresses remembered with their names from DNS answers and pcapng name blocks; "
                        + "the least recently used is forgotten and counted (default: ${DEFAULT-VALUE}).")
        int maxNames;

        @Option(names = "--max-pending-dns", paramLabel = "N", defaultValue = "100000",
                description = "DNS queries waiting for their response; the oldest is emitted unanswered and counted "
                        + "(default: ${DEFAULT-VALUE}).")
        int maxPendingDns;

        /** The flow options, each checked with the option's name in the message (IllegalArgumentException). */
        public FlowOptions toOptions() {
            if (!(idleTimeoutSeconds > 0) || idleTimeoutSeconds > 1e9) {
                throw new IllegalArgumentException(Problems.option("--idle-timeout", idleTimeoutSeconds)
                        + ": must be a number of seconds above 0 (at most 1000000000)");
            }
            OptionChecks.atLeast("--stream-head-bytes", streamHeadBytes, 64);
            OptionChecks.atLeast("--max-ooo-segments", maxOutOfOrder, 0);
            OptionChecks.atLeast("--max-flows", maxFlows, 1);
            OptionChecks.atLeast("--max-http-per-flow", maxHttpPerFlow, 0);
            OptionChecks.atLeast("--max-names", maxNames, 0);
            OptionChecks.atLeast("--max-pending-dns", maxPendingDns, 0);
            return FlowOptions.defaults()
                    .withStreamHeadBytes(streamHeadBytes)
                    .withMaxOutOfOrderRanges(maxOutOfOrder)
                    .withMaxLiveFlows(maxFlows)
                    .withIdleTimeoutNanos((long) (idleTimeoutSeconds * 1e9))
                    .withMaxHttpPerFlow(maxHttpPerFlow)
                    .withMaxNames(maxNames)
                    .withMaxPendingDns(maxPendingDns);
        }
    }

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
                        printStats(err, name, r.summary().packets(), r.summary().capturedBytes(), System.nanoTime() - t0);
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

    /** The {@code --stats} line: {@code proxyaudit: stats: NAME: N packets, B bytes, S s, X MB/s, Y packets/s}. */
    static void printStats(PrintWriter err, String name, long packets, long bytes, long nanos) {
        double secs = Math.max(nanos / 1e9, 1e-9);
        err.printf(java.util.Locale.ROOT, "proxyaudit: stats: %s: %d packets, %d bytes, %.3f s, %.1f MB/s, %.0f packets/s%n",
                name, packets, bytes, secs, bytes / 1e6 / secs, packets / secs);
        err.flush();
    }

    static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    /** Text safe for a terminal: control characters (incl. ESC) become '?', bounded length. */
    static String safe(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || (c >= 0x7f && c < 0xa0) ? '?' : c);
        }
        if (s.length() > max) {
            b.setLength(Math.max(0, max - 1));
            b.append('~');
        }
        return b.toString();
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

    /** CSV, one row per flow (RFC 4180 quoting; cells that a spreadsheet would run as a formula get a leading '). */
    private static final class CsvOutput extends Output {
        static final String HEADER = "file,id,transport,start_ts,end_ts,client_ip,client_port,server_ip,server_port,"
                + "packets_c2s,packets_s2c,bytes_c2s,bytes_s2c,state,syn_count,sni,alpn,ja4,tunnel_sni,connect_target,"
                + "connect_status,http_requests,http_method,http_host,http_target,server_names,host,flags";
        String file;
        boolean headerDone;

        CsvOutput(Writer out) {
            super(out);
        }

        @Override
        void beginCapture(String name) {
            file = name;
            if (!headerDone) {
                line(HEADER);
                headerDone = true;
            }
        }

        @Override
        public void onFlow(FlowRecord f) {
            HttpExchange h = f.http().isEmpty() ? null : f.http().get(0);
            List<String> cells = List.of(
                    file, Long.toString(f.id()), f.transport(), ts(f.startNanos()), ts(f.endNanos()), f.clientIp(),
                    Integer.toString(f.clientPort()), f.serverIp(), Integer.toString(f.serverPort()),
                    Long.toString(f.packetsC2s()), Long.toString(f.packetsS2c()), Long.toString(f.bytesC2s()),
                    Long.toString(f.bytesS2c()), f.state(), Integer.toString(f.synCount()),
                    f.clientHello() == null ? "" : nz(f.clientHello().sni()),
                    f.clientHello() == null ? "" : join(" ", f.clientHello().alpn()),
                    f.clientHello() == null ? "" : nz(f.clientHello().ja4()),
                    f.tunnelHello() == null ? "" : nz(f.tunnelHello().sni()),
                    f.connect() == null ? "" : nz(f.connect().target()),
                    f.connect() == null || f.connect().status() == 0 ? "" : Integer.toString(f.connect().status()),
                    Integer.toString(f.http().size() + f.httpDropped()),
                    h == null ? "" : nz(h.method()), h == null ? "" : nz(h.host()), h == null ? "" : nz(h.target()),
                    join(" ", f.serverNames()), nz(f.host()), join(" ", f.flags()));
            StringBuilder b = new StringBuilder(256);
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(cell(cells.get(i)));
            }
            line(b.toString());
        }

        @Override
        public void onDns(DnsLookup lookup) {
            // the CSV lists flows only
        }

        @Override
        void endCapture(FlowPipeline.Result r) {}

        private static String ts(long nanos) {
            return nanos == Long.MIN_VALUE ? "" : NdjsonWriter.epochSeconds(nanos);
        }
    }

    private static String join(String sep, List<String> values) {
        return values == null ? "" : String.join(sep, values);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** One CSV cell: formula-injection guard (OWASP: = + - @ TAB CR), then RFC 4180 quoting. */
    static String cell(String v) {
        if (v == null || v.isEmpty()) {
            return "";
        }
        char c = v.charAt(0);
        if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
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
