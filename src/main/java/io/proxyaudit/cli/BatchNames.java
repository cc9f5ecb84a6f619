package io.proxyaudit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** File names around a capture of a batch: its display name, its sidecar env files, its report's file name. */
public final class BatchNames {
    /** Longest report file name stem we make (file systems allow 255 bytes). */
    static final int MAX_STEM = 120;

    private final Set<String> usedReports = new HashSet<>(Set.of("index", "summary"));

    /** The capture as shown: relative to {@code cwd} when below it, else absolute; '/' separated. */
    static String displayName(Path abs, Path cwd) {
        Path p = abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs) : abs;
        return p.toString().replace('\\', '/');
    }

    /**
     * The NAME of {@code NAME.env}: the file name without its extensions, i.e. without a trailing {@code .gz}
     * and then one more extension ({@code capture.pcap.gz} -> {@code capture}, {@code job.1.pcapng} -> {@code job.1}).
     */
    static String stem(Path capture) {
        return stem(capture.getFileName().toString());
    }

    /** {@link #stem(Path)} of a file name. */
    public static String stem(String fileName) {
        String n = fileName;
        if (n.toLowerCase(Locale.ROOT).endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** The file names of a capture's possible sidecars, in the order they are applied (later wins). */
    public static List<String> sidecarNames(String captureFileName) {
        String stem = stem(captureFileName);
        return List.of(stem + ".goenv.json", stem + ".env");
    }

    /** Existing sidecars in the order they are applied (later wins): NAME.goenv.json, then NAME.env. */
    static List<Path> sidecars(Path capture) {
        Path dir = capture.getParent();
        List<Path> out = new ArrayList<>(2);
        for (String name : sidecarNames(capture.getFileName().toString())) {
            Path s = dir == null ? Path.of(name) : dir.resolve(name);
            if (Files.isRegularFile(s) && !s.equals(capture)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Only {@code [A-Za-z0-9._-]}; no leading dot; never empty. */
    static String sanitise(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            b.append(ok ? c : '_');
        }
        while (b.length() > 0 && b.charAt(0) == '.') {
            b.setCharAt(0, '_');
        }
        if (b.length() == 0) {
            b.append("capture");
        }
        return b.length() > MAX_STEM ? b.substring(0, MAX_STEM) : b.toString();
    }

    /**
     * The report file of a capture: parent directory name + "_" + file name, sanitised, made unique
     * (case-insensitively, for case-insensitive file systems) with "-2", "-3" ... Call in a fixed order.
     */
    String reportFile(Path capture) {
        Path parent = capture.getParent();
        String base = (parent != null && parent.getFileName() != null ? parent.getFileName() + "_" : "")
                + capture.getFileName();
        String stem = sanitise(base);
        String candidate = stem;
        for (int i = 2; !usedReports.add(candidate.toLowerCase(Locale.ROOT)); i++) {
            candidate = stem + "-" + i;
        }
        return candidate + ".html";
    }
}
