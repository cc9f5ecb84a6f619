package io.proxyaudit.cli;

import io.proxyaudit.capture.IoReason;
import io.proxyaudit.policy.Redaction;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one formatter of error lines on stderr: {@code proxyaudit: SUBJECT: REASON}, one line, the subject (a
 * file, or an option with its value) named once, the reason in words (never a Java class name). Also the checks
 * of output paths that every command runs before any work, so a typo fails in a second, not after the audit.
 */
final class Problems {
    private Problems() {}

    /** {@code proxyaudit: SUBJECT: REASON} made safe for a terminal and kept on one line. */
    static String line(String subject, String reason) {
        return "proxyaudit: " + oneLine(subject) + ": " + oneLine(reason);
    }

    /** {@code proxyaudit: MESSAGE} for a message that already names its subject. */
    static String line(String message) {
        return "proxyaudit: " + oneLine(message);
    }

    static void print(PrintWriter err, String subject, String reason) {
        err.println(line(subject, reason));
        err.flush();
    }

    static void print(PrintWriter err, String message) {
        err.println(line(message));
        err.flush();
    }

    /** Why an I/O operation failed, in words. */
    static String reason(IOException e) {
        return IoReason.of(e);
    }

    /** {@code --option value}, the value redacted (it may be a proxy URL with a password). */
    static String option(String name, Object value) {
        String v = value instanceof Double d && Double.isFinite(d)
                ? java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : String.valueOf(value);
        return name + " " + Redaction.redact(v);
    }

    /** Control characters become '?', line breaks a blank: a message is one line on any terminal. */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : c < 0x20 || (c >= 0x7f && c < 0xa0) ? '?' : c);
        }
        return b.toString();
    }

    /**
     * A file that {@code option} will write: its directory must exist and it must not be a directory.
     * Throws IllegalArgumentException (a usage error) with the one-line message.
     */
    static void checkOutputFile(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option(option, file) + ": is a directory; give a file name");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(option(option, file) + ": "
                    + (Files.exists(parent) ? "its parent is not a directory" : "its directory does not exist"));
        }
        if (parent != null && !Files.isWritable(parent) || Files.exists(file) && !Files.isWritable(file)) {
            throw new IllegalArgumentException(option(option, file) + ": permission denied");
        }
    }

    /** A directory that {@code option} will create if needed: nothing on its path may be a file. */
    static void checkOutputDirectory(String option, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option(option, dir) + ": is a file, not a directory");
        }
        checkCreatable(option, dir, dir);
    }

    /** A file that {@code option} will write, creating its directories if needed. */
    static void checkOutputFileInNewDirectory(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option(option, file) + ": is a directory; give a file name");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            checkCreatable(option, file, parent);
        }
    }

    /** The nearest existing ancestor of {@code dir} must be a writable directory ({@code shown} names the value). */
    private static void checkCreatable(String option, Path shown, Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new IllegalArgumentException(option(option, shown) + ": " + p + " is a file, not a directory");
                }
                if (!Files.isWritable(p)) {
                    throw new IllegalArgumentException(option(option, shown) + ": cannot create " + dir
                            + ": permission denied");
                }
                return;
            }
        }
    }
}
