package io.proxyaudit.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * The process's standard output as a stream that throws (System.out is a PrintStream, which swallows every
 * error) and remembers its first failure, so a command can tell a closed pipe, the normal end of a filter
 * such as {@code | head -1}, from a full disk, which leaves the output incomplete (exit 3).
 */
final class StandardOutput extends OutputStream {
    /**
     * Where bytes go: file descriptor 1 (set by {@link Main#main}), what a test put in its place, or null:
     * {@code System.out} as it is at each write (in-process callers that replace it), whose swallowed errors
     * are then seen through {@link java.io.PrintStream#checkError()}.
     */
    private static volatile OutputStream target;
    private static volatile IOException failure;

    private StandardOutput() {}

    /** A fresh view of standard output (commands buffer it themselves). */
    static OutputStream stream() {
        return new StandardOutput();
    }

    /** The process's own standard output, file descriptor 1 (the command-line entry point). */
    static void useFileDescriptor() {
        redirect(new FileOutputStream(FileDescriptor.out));
    }

    /** Standard output goes to {@code out} (null: System.out). */
    static void redirect(OutputStream out) {
        target = out;
    }

    /** A new command starts: the failure of a previous one (in-process runs) is forgotten. */
    static void forgetFailure() {
        failure = null;
    }

    /** The first write or flush error on standard output, or null. */
    static IOException failure() {
        return failure;
    }

    /** True when {@code t} or one of its causes is the failure of standard output. */
    static boolean causedBy(Throwable t) {
        IOException f = failure;
        for (Throwable c = t; f != null && c != null; c = c.getCause()) {
            if (c == f) {
                return true;
            }
        }
        return false;
    }

    /** True when standard output failed because its reader went away (EPIPE: "Broken pipe"). */
    static boolean closedByReader() {
        IOException f = failure;
        return f != null && isClosedPipe(f);
    }

    static boolean isClosedPipe(IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("Broken pipe") || m.contains("Stream closed") || m.contains("pipe is being closed"));
    }

    /**
     * The exit code once a command is done: unchanged when standard output is fine or its reader closed it
     * (a filter stopped by its reader ended normally, nothing is printed); otherwise the one-line error and 3
     * (2 stays 2: precedence).
     */
    static int settle(PrintWriter err, int exit) {
        IOException f = failure;
        if (f == null || isClosedPipe(f)) {
            return exit;
        }
        err.println("proxyaudit: cannot write standard output: " + Problems.reason(f) + "; the output is incomplete");
        err.flush();
        return exit == ExitCodes.USAGE ? exit : ExitCodes.UNREADABLE;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        IOException f = failure;
        if (f != null) {
            throw f;
        }
        try {
            OutputStream t = target;
            if (t != null) {
                t.write(b, off, len);
            } else {
                System.out.write(b, off, len);
                checkSystemOut();
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private static void checkSystemOut() throws IOException {
        if (System.out.checkError()) {
            throw new IOException("standard output failed");
        }
    }

    @Override
    public void flush() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw f;
        }
        try {
            OutputStream t = target;
            if (t != null) {
                t.flush();
            } else {
                checkSystemOut(); // flushes
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        flush(); // never closes file descriptor 1
    }
}
