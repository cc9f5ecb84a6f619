package io.proxyaudit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.proxyaudit.capture.CaptureListener;
import io.proxyaudit.capture.CaptureOpener;
import io.proxyaudit.capture.CaptureReader;
import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.capture.CaptureWarning;
import io.proxyaudit.capture.LinkTypes;
import io.proxyaudit.capture.PacketRecord;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.decode.DecodeCounters;
import io.proxyaudit.decode.DecodedPacket;
import io.proxyaudit.decode.PacketDecoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code proxyaudit stats CAPTURE...}: what is in each capture, like capinfos. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Summarises what is in captures, like capinfos.",
                "Format, link types, packets, bytes, first and last time stamp, duration, IP, TCP and UDP counts and "
                        + "every warning (damage, truncation) with its byte offset."},
        footer = {"", "Exit codes: 0 every capture was read, 2 usage error, 3 a capture could not be read (fully) "
                + "or standard output could not be written."})
public final class StatsCommand implements Callable<Integer> {
    enum Format { text, json }

    @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "pcap or pcapng file, maybe gzip-compressed; - for standard input.")
    List<String> captures;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text (default) or json (one JSON object per capture, one per line).")
    Format format;

    @Mixin
    ReaderOptionsMixin readerOptions = new ReaderOptionsMixin();

    @Spec
    CommandSpec spec;

    /** Everything we know about one capture (null when it could not be opened), and why it could not be read (fully). */
    record CaptureStats(String file, CaptureSummary summary, DecodeCounters decode, String error) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReaderOptions options;
        try {
            options = readerOptions.toReaderOptions();
        } catch (IllegalArgumentException e) {
            Problems.print(err, e.getMessage());
            return ExitCodes.USAGE;
        }
        int exit = ExitCodes.OK;
        boolean first = true;
        for (String capture : captures) {
            CaptureStats st = collect(capture, options);
            if (st.error != null) {
                Problems.print(err, st.file, st.error);
                exit = ExitCodes.UNREADABLE;
            }
            if (format == Format.json) {
                out.println(json(st));
            } else {
                if (!first) {
                    out.println();
                }
                if (st.summary != null) {
                    out.print(text(st));
                }
            }
            first = false;
            out.flush();
            if (StandardOutput.failure() != null) {
                break; // Main.run settles it: quiet for a closed pipe, exit 3 for a full disk
            }
        }
        return exit;
    }

    static CaptureStats collect(String capture, ReaderOptions options) {
        String name = CaptureOpener.displayName(capture);
        DecodeCounters counters = new DecodeCounters();
        try (CaptureReader r = CaptureOpener.open(capture, CaptureListener.NONE, options)) {
            PacketDecoder decoder = new PacketDecoder(counters);
            PacketRecord rec = new PacketRecord();
            DecodedPacket pkt = new DecodedPacket();
            String stopped = null;
            try {
                while (r.next(rec)) {
                    decoder.decode(rec, pkt);
                }
            } catch (IOException e) {
                // what was read is still summarised; the capture was not read fully (exit 3)
                stopped = "byte offset " + rec.fileOffset + ": reading stopped: " + Problems.reason(e);
            }
            decoder.finish();
            return new CaptureStats(name, r.summary(), counters, stopped);
        } catch (IOException e) {
            return new CaptureStats(name, null, null, Problems.reason(e));
        }
    }

    static String seconds(long nanos) {
        return new BigDecimal(nanos).movePointLeft(9).toPlainString();
    }

    private static String time(long nanos) {
        if (nanos == Long.MIN_VALUE) {
            return "n/a";
        }
        Instant i = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        return i + " (" + seconds(nanos) + ")";
    }

    static String linkTypes(List<Integer> lts) {
        return lts.isEmpty() ? "none" : lts.stream().map(lt -> lt + " (" + LinkTypes.name(lt) + ")")
                .collect(Collectors.joining(", "));
    }

    static String text(CaptureStats st) {
        CaptureSummary s = st.summary;
        StringWriter sw = new StringWriter();
        PrintWriter w = new PrintWriter(sw);
        String fmt = "%-24s%s%n";
        w.printf(fmt, "File name:", s.file());
        w.printf(fmt, "File format:", s.format() + ", " + ("le".equals(s.byteOrder()) ? "little-endian"
                : "be".equals(s.byteOrder()) ? "big-endian" : "byte orders " + s.byteOrder()));
        w.printf(fmt, "Compression:", s.compression() == null ? "none" : s.compression());
        w.printf(fmt, "Time stamp resolution:", String.join(", ", s.tsResolution()));
        w.printf(fmt, "Link types:", linkTypes(s.linkTypes()));
        if ("pcapng".equals(s.format())) {
            w.printf(fmt, "Sections:", s.sections());
            w.printf(fmt, "Interfaces:", s.interfaces());
        }
        w.printf(fmt, "Packets:", s.packets());
        w.printf(fmt, "Captured bytes:", s.capturedBytes());
        w.printf(fmt, "First packet time:", time(s.firstTimestampNanos()));
        w.printf(fmt, "Last packet time:", time(s.lastTimestampNanos()));
        w.printf(fmt, "Duration:", s.firstTimestampNanos() == Long.MIN_VALUE ? "n/a"
                : seconds(s.lastTimestampNanos() - s.firstTimestampNanos()) + " s");
        DecodeCounters d = st.decode;
        w.printf(fmt, "IP packets:", "IPv4 " + d.ipv4 + ", IPv6 " + d.ipv6 + "; TCP " + d.tcp + ", UDP " + d.udp
                + ", ICMP " + d.icmp + "; not IP " + d.notIp + ", malformed " + d.malformed);
        if (d.fragments > 0) {
            w.printf(fmt, "IP fragments:", d.fragments + " (datagrams reassembled " + d.fragmentsReassembled
                    + ", fragments dropped " + d.fragmentsDropped + ")");
        }
        d.unsupportedLinkTypes.forEach((lt, n) -> w.printf(fmt, "Not decoded:",
                n + " packets of link type " + lt + " (" + LinkTypes.name(lt) + ")"));
        w.printf(fmt, "Skipped bytes:", s.skippedBytes());
        String other = s.counters().entrySet().stream().filter(e -> !e.getKey().startsWith("warning_"))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        if (!other.isEmpty()) {
            w.printf(fmt, "Reader counters:", other);
        }
        long total = s.counters().entrySet().stream().filter(e -> e.getKey().startsWith("warning_"))
                .mapToLong(Map.Entry::getValue).sum();
        w.printf(fmt, "Warnings:", total);
        for (CaptureWarning cw : s.warnings()) {
            w.println("  " + cw.toLine());
        }
        if (total > s.warnings().size()) {
            w.println("  (" + (total - s.warnings().size()) + " more not shown)");
        }
        w.flush();
        return sw.toString();
    }

    static String json(CaptureStats st) {
        StringWriter sw = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(sw)) {
            g.writeStartObject();
            g.writeStringField("file", st.file);
            if (st.error != null) {
                g.writeStringField("error", st.error);
            }
            if (st.summary != null) {
                CaptureSummary s = st.summary;
                g.writeStringField("format", s.format());
                g.writeStringField("compression", s.compression());
                g.writeStringField("byte_order", s.byteOrder());
                g.writeArrayFieldStart("ts_resolution");
                for (String r : s.tsResolution()) {
                    g.writeString(r);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("link_types");
                for (int lt : s.linkTypes()) {
                    g.writeStartObject();
                    g.writeNumberField("dlt", lt);
                    g.writeStringField("name", LinkTypes.name(lt));
                    g.writeEndObject();
                }
                g.writeEndArray();
                if ("pcapng".equals(s.format())) {
                    g.writeNumberField("sections", s.sections());
                    g.writeNumberField("interfaces", s.interfaces());
                }
                g.writeNumberField("packets", s.packets());
                g.writeNumberField("captured_bytes", s.capturedBytes());
                if (s.firstTimestampNanos() != Long.MIN_VALUE) {
                    g.writeFieldName("first_ts");
                    g.writeNumber(seconds(s.firstTimestampNanos()));
                    g.writeFieldName("last_ts");
                    g.writeNumber(seconds(s.lastTimestampNanos()));
                    g.writeFieldName("duration");
                    g.writeNumber(seconds(s.lastTimestampNanos() - s.firstTimestampNanos()));
                } else {
                    g.writeNullField("first_ts");
                    g.writeNullField("last_ts");
                    g.writeNullField("duration");
                }
                g.writeNumberField("skipped_bytes", s.skippedBytes());
                g.writeObjectFieldStart("reader_counters");
                for (Map.Entry<String, Long> e : s.counters().entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeObjectFieldStart("decode_counters");
                for (Map.Entry<String, Long> e : st.decode.asMap().entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeArrayFieldStart("warnings");
                for (CaptureWarning w : s.warnings()) {
                    g.writeStartObject();
                    g.writeNumberField("offset", w.offset());
                    g.writeStringField("kind", w.kind());
                    g.writeStringField("message", w.message());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return sw.toString();
    }
}
