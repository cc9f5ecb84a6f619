package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchNamesTest {
    @TempDir
    Path dir;

    @Test
    void stemDropsGzipThenOneExtension() {
        assertEquals("capture", BatchNames.stem(Path.of("a/capture.pcap.gz")));
        assertEquals("capture", BatchNames.stem(Path.of("capture.pcapng")));
        assertEquals("job.1", BatchNames.stem(Path.of("job.1.pcap")));
        assertEquals("noext", BatchNames.stem(Path.of("noext")));
        assertEquals(".hidden", BatchNames.stem(Path.of(".hidden")));
    }

    @Test
    void sidecarsAreFoundNextToTheCaptureGoEnvJsonFirst() throws Exception {
        Path cap = dir.resolve("capture.pcap.gz");
        Files.write(cap, new byte[] {0x1f, (byte) 0x8b});
        assertEquals(List.of(), BatchNames.sidecars(cap));
        Files.writeString(dir.resolve("capture.env"), "HTTPS_PROXY=http://p:3128\n");
        Files.writeString(dir.resolve("capture.goenv.json"), "{\"GOPROXY\":\"direct\"}");
        Files.writeString(dir.resolve("capture.pcap.env"), "not mine");
        assertEquals(List.of(dir.resolve("capture.goenv.json"), dir.resolve("capture.env")), BatchNames.sidecars(cap));
    }

    @Test
    void sanitiseKeepsOnlySafeCharactersAndNoLeadingDot() {
        assertEquals("a_b_c.pcap", BatchNames.sanitise("a/b c.pcap"));
        assertEquals("_._etc_passwd", BatchNames.sanitise("../etc/passwd"));
        assertTrue(BatchNames.sanitise("..").matches("[A-Za-z0-9_-][A-Za-z0-9._-]*"));
        assertEquals("capture", BatchNames.sanitise(""));
        assertEquals("_____", BatchNames.sanitise("\u00e9<>\u202e\n"));
        assertEquals(BatchNames.MAX_STEM, BatchNames.sanitise("x".repeat(500)).length());
    }

    @Test
    void reportFilesIncludeTheParentAndAreUniqueIgnoringCase() {
        BatchNames n = new BatchNames();
        assertEquals("a-http_capture.pcap.html", n.reportFile(Path.of("/s/a-http/capture.pcap")));
        assertEquals("b_capture.pcap.html", n.reportFile(Path.of("/s/b/capture.pcap")));
        assertEquals("b_capture.pcap-2.html", n.reportFile(Path.of("/t/b/capture.pcap")));
        assertEquals("B_CAPTURE.pcap-3.html", n.reportFile(Path.of("/u/B/CAPTURE.pcap")),
                "case-insensitive collisions get a new suffix");
        assertEquals("index-2.html", n.reportFile(Path.of("/index")), "index.html is reserved");
    }

    @Test
    void displayNameIsRelativeBelowTheWorkingDirectory() {
        Path cwd = Path.of("/work/x");
        assertEquals("samples/a/capture.pcap", BatchNames.displayName(Path.of("/work/x/samples/a/capture.pcap"), cwd));
        assertEquals("/tmp/c.pcap", BatchNames.displayName(Path.of("/tmp/c.pcap"), cwd));
    }
}
