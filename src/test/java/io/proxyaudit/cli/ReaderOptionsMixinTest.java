package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proxyaudit.capture.ReaderOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ReaderOptionsMixinTest {
    @Command(name = "t")
    static final class Host implements Runnable {
        @Mixin
        ReaderOptionsMixin reader = new ReaderOptionsMixin();

        @Override
        public void run() {}
    }

    private static ReaderOptions parse(String... args) {
        Host h = new Host();
        new CommandLine(h).parseArgs(args);
        return h.reader.toReaderOptions();
    }

    @Test
    void defaults() {
        ReaderOptions o = parse();
        assertEquals(ReaderOptions.Backend.JAVA, o.backend());
        assertNull(o.bpf());
        assertEquals(16L << 30, o.maxGzipBytes());
    }

    @Test
    void values() {
        ReaderOptions o = parse("--reader", "LIBPCAP", "--bpf", "tcp port 443", "--max-gzip-bytes", "512M");
        assertEquals(ReaderOptions.Backend.LIBPCAP, o.backend());
        assertEquals("tcp port 443", o.bpf());
        assertEquals(512L << 20, o.maxGzipBytes());
        assertEquals(2L << 30, parse("--max-gzip-bytes", "2GiB").maxGzipBytes());
        assertEquals(1000, parse("--max-gzip-bytes", "1000").maxGzipBytes());
        assertNull(parse("--bpf", " ").bpf());
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThrows(CommandLine.ParameterException.class, () -> parse("--reader", "wireshark"));
        assertThrows(CommandLine.ParameterException.class, () -> parse("--max-gzip-bytes", "0"));
        assertThrows(CommandLine.ParameterException.class, () -> parse("--max-gzip-bytes", "-5G"));
        assertThrows(CommandLine.ParameterException.class, () -> parse("--max-gzip-bytes", "99999999999T"));
    }
}
