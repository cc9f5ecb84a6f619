package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @Test
    void aFailureHalfWayLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("report.html");
        Files.writeString(f, "old and whole");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AtomicFile.write(f, w -> {
            w.write("<!DOCTYPE html> half".repeat(10_000)); // more than the buffer: bytes reach the disk
            throw new IllegalStateException("chart failed");
        }));
        assertEquals("chart failed", e.getMessage());
        assertEquals("old and whole", Files.readString(f));
        assertEquals(List.of(f), files(dir));
    }

    @Test
    void aCompleteWriteReplacesTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("summary.json");
        Files.writeString(f, "old");
        AtomicFile.write(f, w -> w.write("new ✓"));
        assertEquals("new ✓", Files.readString(f));
        assertEquals(List.of(f), files(dir));
    }

    @Test
    void aMissingDirectoryIsReportedByTheTargetsName(@TempDir Path dir) {
        Path f = dir.resolve("missing/r.html");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> AtomicFile.write(f, w -> w.write("x")));
        assertEquals(f.toString(), e.getFile(), "the user's path, not the temporary file's");
    }

    @Test
    void aSymbolicLinkStaysALink(@TempDir Path dir) throws IOException {
        Path real = Files.writeString(dir.resolve("real.xml"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.xml"), real);
        AtomicFile.write(link, w -> w.write("new"));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));
    }

    @Test
    void aDeviceIsWrittenInPlace() throws IOException {
        AtomicFile.write(Path.of("/dev/null"), w -> w.write("discarded"));
        assertTrue(Files.exists(Path.of("/dev/null")) && !Files.isRegularFile(Path.of("/dev/null")));
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
