package io.proxyaudit.cli;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

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

    private static final int PCAP_US = 0xA1B2C3D4;
    private static final int PCAP_NS = 0xA1B23C4D;
    private static final int PCAP_KUZNETZOV = 0xA1B2CD34;
    private static final int PCAPNG_SHB = 0x0A0D0D0A;

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
        byte[] head;
        try (InputStream in = Files.newInputStream(f)) {
            head = in.readNBytes(4);
        } catch (IOException e) {
            return "cannot read: " + Problems.reason(e);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            byte[] inner;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f), 512)) {
                inner = in.readNBytes(4);
            } catch (IOException e) {
                return null; // a damaged gzip file may be a damaged capture: analyse it and report what is wrong
            }
            return isCaptureMagic(inner) ? null : "gzip file without a pcap or pcapng inside";
        }
        if (isCaptureMagic(head)) {
            return null;
        }
        if (head.length < 4) {
            return "not a capture (" + head.length + " bytes)";
        }
        return String.format(Locale.ROOT, "not a capture (starts with 0x%02x%02x%02x%02x)", head[0], head[1], head[2],
                head[3]);
    }

    static boolean isCaptureMagic(byte[] b) {
        if (b.length < 4) {
            return false;
        }
        int be = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        int le = Integer.reverseBytes(be);
        for (int m : new int[] {PCAP_US, PCAP_NS, PCAP_KUZNETZOV}) {
            if (be == m || le == m) {
                return true;
            }
        }
        return be == PCAPNG_SHB; // the block type reads the same in both byte orders
    }
}
