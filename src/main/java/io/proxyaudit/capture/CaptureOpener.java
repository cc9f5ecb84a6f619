package io.proxyaudit.capture;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens a capture by its content, not its name: classic pcap, pcapng, either of them gzip-compressed,
 * from a file or from standard input ({@code -}).
 */
public final class CaptureOpener {
    /** Name used in messages for standard input. */
    public static final String STDIN_NAME = "<stdin>";
    private static final int GZIP_MAGIC = 0x1f8b;
    private static final int INITIAL_BUFFER = 1 << 20;
    /**
     * A plain regular file is read on the pipeline's own thread into a buffer this size (issue 8): the read copies
     * the bytes into this core's cache, where framing and decoding find them. With the read on a second thread,
     * every record header was a cache miss on data the other core had written: 1 GB {@code flows} took 0.86 s
     * instead of 0.79 s (medians of 15 interleaved runs), 128 and 256 KiB measuring the same.
     */
    static final int DIRECT_BUFFER = 256 << 10;
    /**
     * Read-ahead for gzip and for pipes (issue 8), where the second thread pays: inflation, or a pipe's many small
     * reads, run on the other core. 4 blocks of 1 MiB, each with a reserve in front for the unread tail of the
     * previous one (a whole classic pcap record fits: 16 + 262144 bytes; anything larger goes through a private array).
     */
    static final int READ_AHEAD_BLOCK = 1 << 20;
    private static final int READ_AHEAD_BLOCKS = 4;
    static final int READ_AHEAD_RESERVE = 320 << 10;

    private CaptureOpener() {}

    /**
     * Opens {@code pathOrDash} with the backend in {@code options}.
     *
     * @throws CaptureFormatException the input is not a capture we can read (message: one line)
     * @throws IOException the file cannot be opened (message: one line)
     */
    public static CaptureReader open(String pathOrDash, CaptureListener listener, ReaderOptions options)
            throws IOException {
        if (options == null) {
            options = ReaderOptions.defaults();
        }
        if (options.backend() == ReaderOptions.Backend.LIBPCAP) {
            return LibpcapReader.open(pathOrDash, listener, options);
        }
        return withFilter(openJava(pathOrDash, listener, options), options);
    }

    /**
     * Opens a capture from a stream the caller opened ({@link CaptureSource#stream}); the reader closes it. Only the
     * pure-Java reader reads streams: libpcap opens files by name.
     *
     * @param size the stream's length when it is a whole plain file (read in place, no read-ahead thread), else -1
     */
    public static CaptureReader open(String name, InputStream raw, long size, CaptureListener listener,
                                     ReaderOptions options) throws IOException {
        if (options == null) {
            options = ReaderOptions.defaults();
        }
        if (options.backend() == ReaderOptions.Backend.LIBPCAP) {
            closeQuietly(raw);
            throw new IOException("the libpcap reader reads files by name, not streams");
        }
        return withFilter(openStream(name, raw, size, listener, options), options);
    }

    private static CaptureReader withFilter(CaptureReader reader, ReaderOptions options) throws IOException {
        if (options.bpf() != null) {
            try {
                ((StreamingReader) reader).setFilter(BpfFilters.compile(options.bpf(), reader));
            } catch (IOException | RuntimeException e) {
                reader.close();
                throw e;
            }
        }
        return reader;
    }

    /** Checks that {@code --reader libpcap} can load libpcap: a one-line IOException that says how to get it. */
    public static void checkLibpcap() throws IOException {
        Libpcap.require("--reader libpcap");
    }

    /** Checks a {@code --bpf} expression before any capture is opened: a one-line IOException with the reason. */
    public static void checkFilter(String expression) throws IOException {
        BpfFilters.check(expression);
    }

    /** The name used in messages for {@code pathOrDash}. */
    public static String displayName(String pathOrDash) {
        return "-".equals(pathOrDash) ? STDIN_NAME : pathOrDash;
    }

    static CaptureReader openJava(String pathOrDash, CaptureListener listener, ReaderOptions options)
            throws IOException {
        InputStream raw = openRaw(pathOrDash);
        return openStream(displayName(pathOrDash), raw, regularFileSize(pathOrDash), listener, options);
    }

    /** Reads {@code raw} (closed by the reader, or here when it is not a capture); {@code plainSize} -1: not a plain file. */
    private static CaptureReader openStream(String name, InputStream raw, long plainSize, CaptureListener listener,
                                            ReaderOptions options) throws IOException {
        ReadAhead aheadToClose = null;
        try {
            PushbackInputStream peek = new PushbackInputStream(raw, 2);
            byte[] two = new byte[2];
            int n = peek.readNBytes(two, 0, 2);
            peek.unread(two, 0, n);
            InputStream in = peek;
            String compression = null;
            LimitedInputStream limited = null;
            if (n == 2 && ((two[0] & 0xff) << 8 | (two[1] & 0xff)) == GZIP_MAGIC) {
                compression = "gzip";
                try {
                    limited = new LimitedInputStream(new GZIPInputStream(peek, 1 << 16), options.maxGzipBytes());
                } catch (IOException e) {
                    throw new CaptureFormatException("not a readable gzip file (" + IoReason.of(e) + ")");
                }
                in = limited;
            }
            long size = compression == null ? plainSize : -1;
            // twice the largest block: a resynchronising scan over damage stays linear (StreamBuffer.require)
            int maxBuffer = 2 * (PcapngReader.MAX_BLOCK + 64);
            StreamBuffer buf;
            Closeable source;
            if (size >= 0) {
                // a small file gets a buffer to its size (fresh memory costs a page fault per 4 KiB touched)
                buf = new StreamBuffer(in, (int) Math.min(DIRECT_BUFFER, Math.max(4096, size + 1)), maxBuffer);
                source = raw;
            } else {
                ReadAhead ahead = new ReadAhead(in, READ_AHEAD_RESERVE, READ_AHEAD_BLOCK, READ_AHEAD_BLOCKS);
                aheadToClose = ahead;
                buf = new StreamBuffer(ahead, INITIAL_BUFFER, maxBuffer);
                source = ahead;
            }
            int avail = buf.require(4);
            SummaryBuilder sum = new SummaryBuilder(name, listener);
            sum.compression = compression;
            Runnable closer = closer(source, limited, options.maxGzipBytes());
            if (avail < 4) {
                String what = avail == 0 ? "empty" : "only " + avail + " bytes";
                throw new CaptureFormatException("not a pcap or pcapng file (" + what
                        + (compression != null ? " after gzip decompression" : "") + ")");
            }
            int magic = buf.i32(buf.pos, false);
            if (magic == ClassicPcapReader.MAGIC_USEC || magic == ClassicPcapReader.MAGIC_NSEC
                    || Integer.reverseBytes(magic) == ClassicPcapReader.MAGIC_USEC
                    || Integer.reverseBytes(magic) == ClassicPcapReader.MAGIC_NSEC) {
                return new ClassicPcapReader(buf, sum, options, closer);
            }
            if (magic == PcapngReader.SHB) {
                return new PcapngReader(buf, sum, options, closer);
            }
            if (magic == 0xA1B2CD34 || Integer.reverseBytes(magic) == 0xA1B2CD34) {
                throw new CaptureFormatException("unsupported modified (Kuznetzov) pcap format");
            }
            String other = otherCompression(magic);
            if (other != null && compression == null) {
                throw new CaptureFormatException("not a pcap or pcapng file (" + other
                        + "-compressed; only gzip is read directly, decompress it first)");
            }
            throw new CaptureFormatException(String.format("not a pcap or pcapng file (starts with 0x%08x%s)",
                    magic, compression != null ? " after gzip decompression" : ""));
        } catch (IOException | RuntimeException e) {
            if (aheadToClose != null) {
                closeQuietly(aheadToClose); // stops its thread
            }
            closeQuietly(raw);
            throw e;
        }
    }

    /** Compression formats we recognise but do not read (their magic numbers). */
    private static String otherCompression(int magic) {
        if (magic == 0x28B52FFD) {
            return "zstd";
        }
        if (magic == 0xFD377A58) {
            return "xz";
        }
        if ((magic >>> 8) == 0x425A68) {
            return "bzip2";
        }
        if ((magic >>> 16) == 0x504B) {
            return "zip";
        }
        return null;
    }

    /** The size of a regular file, -1 for standard input and anything else (a pipe, a device). */
    private static long regularFileSize(String pathOrDash) {
        if ("-".equals(pathOrDash)) {
            return -1;
        }
        try {
            Path p = Path.of(pathOrDash);
            return Files.isRegularFile(p) ? Files.size(p) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static InputStream openRaw(String pathOrDash) throws IOException {
        if ("-".equals(pathOrDash)) {
            // never close the process's standard input
            return new FilterInputStream(System.in) {
                @Override
                public void close() {}
            };
        }
        Path path = Path.of(pathOrDash);
        try {
            if (Files.isDirectory(path)) {
                throw new IOException("is a directory, not a capture");
            }
            return Files.newInputStream(path);
        } catch (FileSystemException e) {
            throw new IOException(IoReason.of(e));
        }
    }

    /** Closes {@code source}: the file, or the read-ahead, which stops its thread and closes the file. */
    private static Runnable closer(Closeable source, LimitedInputStream limited, long max) {
        Runnable close = () -> closeQuietly(source);
        if (limited == null) {
            return close;
        }
        return new StreamingReader.GzipLimit() {
            @Override
            public void run() {
                close.run();
            }

            @Override
            public boolean limitReached() {
                return limited.limitReached();
            }

            @Override
            public long max() {
                return max;
            }
        };
    }

    static void closeQuietly(Closeable in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing useful to do: we only read
        }
    }
}
