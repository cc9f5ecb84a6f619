package io.proxyaudit.cli;

import io.proxyaudit.capture.CaptureMagic;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Turns the PATH arguments of {@code batch} into the list of captures, sorted by path, deduplicated.
 *
 * <ul>
 *   <li>a file is taken as a capture, whatever its content: a file that is not one is reported as unreadable;</li>
 *   <li>a directory is searched recursively (symbolic links to directories are not followed); its files are
 *       recognised by content (pcap magic in either byte order, µs or ns; pcapng section header block; gzip whose
 *       decompressed start is one of those), and the others (sidecars, logs, truth.json) are listed as skipped;</li>
 *   <li>a glob ({@code * ? [ ] { }}) the shell did not expand is expanded here ({@code **} crosses directories);
 *       the files it matches count as named, the directories it matches are searched.</li>
 * </ul>
 */
final class CaptureDiscovery {
    /** A file to analyse; {@code missing} is set when a named path does not exist. */
    record Candidate(Path path, String missing) {}

    /** A file of a directory walk that is not a capture. */
    record Skip(Path path, String reason) {}

    record Result(List<Candidate> captures, List<Skip> skipped) {}


    private CaptureDiscovery() {}

    static Result discover(List<String> args) throws IOException {
        TreeMap<Path, Candidate> captures = new TreeMap<>();
        TreeMap<Path, Skip> skipped = new TreeMap<>();
        for (String arg : args) {
            Path p = Path.of(arg);
            if (Files.isDirectory(p)) {
                walk(p, captures, skipped);
            } else if (Files.exists(p)) {
                Path abs = p.toAbsolutePath().normalize();
                captures.put(abs, new Candidate(abs, null));
            } else if (isGlob(arg)) {
                List<Path> matches = expandGlob(arg);
                if (matches.isEmpty()) {
                    Path abs = p.toAbsolutePath().normalize();
                    captures.put(abs, new Candidate(abs, "no file matches the pattern " + arg));
                }
                for (Path m : matches) {
                    if (Files.isDirectory(m)) {
                        walk(m, captures, skipped);
                    } else {
                        Path abs = m.toAbsolutePath().normalize();
                        captures.put(abs, new Candidate(abs, null));
                    }
                }
            } else {
                Path abs = p.toAbsolutePath().normalize();
                captures.put(abs, new Candidate(abs, "no such file: " + arg));
            }
        }
        for (Path c : captures.keySet()) {
            skipped.remove(c); // named explicitly and also found in a walk: it is analysed (and reported if bad)
        }
        return new Result(List.copyOf(captures.values()), List.copyOf(skipped.values()));
    }

    private static void walk(Path dir, TreeMap<Path, Candidate> captures, TreeMap<Path, Skip> skipped)
            throws IOException {
        List<Path> files = new ArrayList<>();
        // a directory or file that cannot be read is listed as skipped; it never stops the search
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() || (attrs.isSymbolicLink() && Files.isRegularFile(file))) {
                    files.add(file.toAbsolutePath().normalize());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                Path abs = file.toAbsolutePath().normalize();
                skipped.put(abs, new Skip(abs, "cannot read: " + Problems.reason(e)));
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        for (Path f : files) {
            String why = notCaptureReason(f);
            if (why == null) {
                captures.putIfAbsent(f, new Candidate(f, null));
            } else if (!captures.containsKey(f)) {
                skipped.put(f, new Skip(f, why));
            }
        }
    }

    static boolean isGlob(String arg) {
        for (char c : arg.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    /** Expands a glob: the directory part before the first wildcard is the root of the search. */
    static List<Path> expandGlob(String pattern) throws IOException {
        String norm = pattern.replace('\\', '/');
        int wild = 0;
        while (wild < norm.length() && "*?[{".indexOf(norm.charAt(wild)) < 0) {
            wild++;
        }
        int slash = norm.lastIndexOf('/', wild);
        Path root = slash < 0 ? Path.of("") : Path.of(slash == 0 ? "/" : norm.substring(0, slash));
        String rest = slash < 0 ? norm : norm.substring(slash + 1);
        Path absRoot = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(absRoot)) {
            return List.of();
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        Set<Path> out = new LinkedHashSet<>();
        try (Stream<Path> s = Files.walk(absRoot)) {
            s.filter(x -> !x.equals(absRoot)).forEach(x -> {
                if (m.matches(absRoot.relativize(x))) {
                    out.add(x);
                }
            });
        }
        List<Path> sorted = new ArrayList<>(out);
        sorted.sort(null);
        return sorted;
    }

    /** Null when the file starts like a capture (or like a gzip file we cannot peek into), else why not. */
    static String notCaptureReason(Path f) {
        return CaptureMagic.notCaptureReason(() -> Files.newInputStream(f));
    }

    static boolean isCaptureMagic(byte[] b) {
        return CaptureMagic.isCaptureMagic(b);
    }
}
