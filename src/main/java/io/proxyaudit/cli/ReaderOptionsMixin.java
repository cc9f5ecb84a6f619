package io.proxyaudit.cli;

import io.proxyaudit.capture.CaptureOpener;
import io.proxyaudit.capture.ReaderOptions;
import java.io.IOException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Capture-reading options shared by every command that reads captures ({@code @Mixin}). */
public final class ReaderOptionsMixin {
    @Option(names = "--reader", paramLabel = "java|libpcap", converter = BackendConverter.class,
            completionCandidates = BackendNames.class,
            description = "Capture reader: java (default; pcap, pcapng, gzip, stdin) or libpcap (through pcap4j).")
    ReaderOptions.Backend backend = ReaderOptions.Backend.JAVA;

    @Option(names = "--bpf", paramLabel = "EXPR",
            description = "Only packets matching this tcpdump-syntax filter, e.g. \"tcp port 443\" (compiled by libpcap).")
    String bpf;

    @Option(names = "--max-gzip-bytes", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Stop decompressing a gzip capture after SIZE bytes (suffix K, M, G; default 16G).")
    long maxGzipBytes = ReaderOptions.DEFAULT_MAX_GZIP_BYTES;

    @Option(names = "--max-record-bytes", paramLabel = "N",
            description = "A record claiming more captured bytes than N is damage: resynchronise after it "
                    + "(1..16777216; default 262144, Wireshark's limit).")
    int maxRecordBytes = ReaderOptions.DEFAULT_MAX_RECORD_LENGTH;

    /**
     * The reader options, checked: a bad number or a {@code --bpf} expression libpcap does not compile is an
     * IllegalArgumentException naming the option (a usage error, before any capture is opened).
     */
    public ReaderOptions toReaderOptions() {
        OptionChecks.between("--max-record-bytes", maxRecordBytes, 1, 16_777_216);
        try {
            if (backend == ReaderOptions.Backend.LIBPCAP) {
                CaptureOpener.checkLibpcap();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage()); // names --reader libpcap
        }
        if (bpf != null) {
            try {
                CaptureOpener.checkFilter(bpf);
            } catch (IOException e) {
                // libpcap missing names --bpf itself; a filter that does not compile gets it named here
                throw new IllegalArgumentException(e.getMessage().startsWith("--bpf ") ? e.getMessage()
                        : "--bpf \"" + Problems.oneLine(bpf) + "\": " + e.getMessage());
            }
        }
        return new ReaderOptions(backend, bpf, maxGzipBytes, maxRecordBytes);
    }

    static final class BackendConverter implements ITypeConverter<ReaderOptions.Backend> {
        @Override
        public ReaderOptions.Backend convert(String value) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "java":
                    return ReaderOptions.Backend.JAVA;
                case "libpcap":
                case "pcap4j":
                    return ReaderOptions.Backend.LIBPCAP;
                default:
                    throw new TypeConversionException("expected java or libpcap");
            }
        }
    }

    /** What shell completion offers for --reader (picocli's default, the enum's constants, would be JAVA, LIBPCAP). */
    static final class BackendNames extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        BackendNames() {
            super(java.util.List.of("java", "libpcap"));
        }
    }

    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.trim().toUpperCase(Locale.ROOT);
            if (v.endsWith("IB")) {
                v = v.substring(0, v.length() - 2);
            } else if (v.endsWith("B")) {
                v = v.substring(0, v.length() - 1);
            }
            long mult = 1;
            if (!v.isEmpty()) {
                switch (v.charAt(v.length() - 1)) {
                    case 'K' -> mult = 1L << 10;
                    case 'M' -> mult = 1L << 20;
                    case 'G' -> mult = 1L << 30;
                    case 'T' -> mult = 1L << 40;
                    default -> mult = 1;
                }
                if (mult != 1) {
                    v = v.substring(0, v.length() - 1);
                }
            }
            try {
                long n = Long.parseLong(v);
                if (n <= 0) {
                    throw new TypeConversionException("must be above 0");
                }
                if (n > Long.MAX_VALUE / mult) {
                    throw new TypeConversionException("too large");
                }
                return n * mult;
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected a size like 512M or 16G");
            }
        }
    }
}
