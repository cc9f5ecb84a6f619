package io.proxyaudit.report;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every file proxyaudit writes (report, NDJSON, CSV, JUnit XML, summary.json, batch index) goes through here: the
 * text is written to a hidden temporary file in the target's directory and renamed over the target only once it
 * is complete, so a failure half-way (a bug, a full disk, a killed process) leaves the previous file or none,
 * never half a file. The temporary file is deleted when anything fails.
 *
 * <p>A target that exists and is not a regular file ({@code /dev/stdout}, a named pipe) is written in place:
 * renaming over it would replace the device. A symbolic link is followed, so the link stays. Errors name the
 * target, not the temporary file (same exception types as writing the target directly).
 */
public final class AtomicFile implements Closeable {
    /** What writes the file's text. */
    public interface Body {
        void write(Writer w) throws IOException;
    }

    private final Path target;
    private final Path temp; // null when writing in place
    private final Writer writer;
    /** The bytes under {@link #writer}, or the file's only stream for {@link #openBinary}. */
    private final java.io.OutputStream stream;
    private boolean committed;

    private AtomicFile(Path target, Path temp, java.io.OutputStream stream, boolean text) {
        this.target = target;
        this.temp = temp;
        this.stream = text ? stream : new java.io.BufferedOutputStream(stream, 1 << 16);
        this.writer = text ? new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16) : null;
    }

    /** Writes {@code file} completely or not at all. */
    public static void write(Path file, Body body) throws IOException {
        try (AtomicFile f = open(file)) {
            body.write(f.writer());
            f.commit();
        }
    }

    /**
     * Opens a temporary file next to {@code file} for writing (UTF-8, buffered). {@link #commit()} renames it into
     * place; {@link #close()} without a commit deletes it.
     */
    public static AtomicFile open(Path file) throws IOException {
        return open(file, true);
    }

    /** Like {@link #open} for bytes ({@link #stream()}, buffered): a capture file. */
    public static AtomicFile openBinary(Path file) throws IOException {
        return open(file, false);
    }

    private static AtomicFile open(Path file, boolean text) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // as given: /dev/stdout is a link to /proc/self/fd/1, which may name a pipe that has no path
            return new AtomicFile(file, null, Files.newOutputStream(file), text);
        }
        Path target = Files.isSymbolicLink(file) && Files.exists(file) ? file.toRealPath() : file;
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        String name = abs.getFileName() == null ? "out" : abs.getFileName().toString();
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16)
                    + ".tmp");
            try {
                // CREATE_NEW with default permissions: the result gets the same mode as a directly written file.
                return new AtomicFile(target, temp, Files.newOutputStream(temp,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), text);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            } catch (FileSystemException e) {
                throw aboutTarget(e, target);
            }
        }
    }

    public Writer writer() {
        return writer;
    }

    /** The file's bytes (for {@link #openBinary}). */
    public java.io.OutputStream stream() {
        return stream;
    }

    /** Flushes, closes and renames the temporary file over the target. */
    public void commit() throws IOException {
        closeStreams();
        if (temp != null) {
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (FileSystemException e) {
                throw aboutTarget(e, target);
            }
        }
        committed = true;
    }

    /** Deletes the temporary file unless {@link #commit()} succeeded. */
    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        try {
            closeStreams();
        } catch (IOException e) {
            // the write already failed; the temporary file goes away below
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private void closeStreams() throws IOException {
        if (writer != null) {
            writer.close();
        } else {
            stream.close();
        }
    }

    /** The same kind of error, naming the file the user asked for instead of the temporary one. */
    private static FileSystemException aboutTarget(FileSystemException e, Path target) {
        String t = target.toString();
        FileSystemException out;
        if (e instanceof NoSuchFileException) {
            out = new NoSuchFileException(t, null, "no such directory");
        } else if (e instanceof AccessDeniedException) {
            out = new AccessDeniedException(t, null, "permission denied");
        } else if (e instanceof NotDirectoryException) {
            out = new NotDirectoryException(t);
        } else {
            out = new FileSystemException(t, null, e.getReason());
        }
        out.initCause(e);
        return out;
    }
}
