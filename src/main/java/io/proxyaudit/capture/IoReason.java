package io.proxyaudit.capture;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * Why an I/O operation failed, in words a person can act on: "no such file", "permission denied",
 * "is a directory", "not UTF-8 text", "the gzip data ends early"... never a Java class name, never the file
 * name (the caller names the file once, in front). Shared by everything that reports a failed read or write.
 */
public final class IoReason {
    private IoReason() {}

    public static String of(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof EOFException && String.valueOf(e.getMessage()).contains("ZLIB")) {
            // GZIPInputStream's words for a stream that stops before its end
            return "the gzip data ends early (the file is cut short)";
        }
        if (e instanceof ZipException) {
            return "damaged gzip data (" + words(e.getMessage()) + ")";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            // its getMessage() repeats the file name; the reason is the operating system's text
            return words(f.getReason());
        }
        return e.getMessage() == null ? "input/output error" : words(e.getMessage());
    }

    /** First line only, the first letter lower case unless it starts an acronym ("Is a directory" -> "is a..."). */
    private static String words(String s) {
        if (s == null || s.isBlank()) {
            return "input/output error";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        if (nl >= 0) {
            t = t.substring(0, nl).strip();
        }
        if (t.length() > 1 && Character.isUpperCase(t.charAt(0)) && Character.isLowerCase(t.charAt(1))) {
            t = t.substring(0, 1).toLowerCase(Locale.ROOT) + t.substring(1);
        }
        return t;
    }
}
