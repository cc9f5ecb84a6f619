package io.proxyaudit.spark;

import io.proxyaudit.report.BatchRow;
import io.proxyaudit.report.BatchSummaryJson;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The PATH arguments of the job, on any Hadoop file system, with batch's rules (cli/CaptureDiscovery): a file is taken
 * as a capture whatever it holds (not a capture: an error row); a directory is searched recursively and its files
 * that are not captures are skipped (the executors look at their first bytes); a glob (Hadoop's syntax: {@code *}
 * stays within one directory level) names the files it matches and searches the directories it matches; a path that
 * matches nothing is an error row. Each file is listed once, sorted, a named one counting as named.
 *
 * <p>Spark's file input ({@code binaryFiles}) reads each file by its path as a glob and leaves out names starting with
 * {@code .} or {@code _}: a file whose path it cannot name that way is an error row (named) or skipped (found in a
 * directory), with the reason, never silently dropped.
 */
final class LakeInputs {
    /** The files to read that were named, and those found in directories (Hadoop path strings, sorted). */
    final List<String> named = new ArrayList<>();
    final List<String> walked = new ArrayList<>();
    /** Rows of named paths that give no capture (missing, or a name Spark cannot read). */
    final List<BatchRow> errors = new ArrayList<>();
    /** Files of directories that Spark cannot read by name. */
    final List<BatchSummaryJson.Skipped> skipped = new ArrayList<>();

    private LakeInputs() {}

    static LakeInputs resolve(List<String> args, Configuration conf) throws IOException {
        TreeMap<String, Boolean> files = new TreeMap<>(); // path -> named
        TreeMap<String, String> missing = new TreeMap<>();
        for (String arg : args) {
            Path p = new Path(arg);
            FileSystem fs = p.getFileSystem(conf);
            if (isGlob(arg)) {
                FileStatus[] matches = fs.globStatus(p);
                if (matches == null || matches.length == 0) {
                    missing.put(display(fs.makeQualified(p)), "no file matches the pattern " + arg);
                    continue;
                }
                for (FileStatus m : matches) {
                    add(fs, m, files);
                }
                continue;
            }
            FileStatus s;
            try {
                s = fs.getFileStatus(p);
            } catch (FileNotFoundException e) {
                missing.put(display(fs.makeQualified(p)), "no such file: " + arg);
                continue;
            }
            add(fs, s, files);
        }
        LakeInputs in = new LakeInputs();
        for (Map.Entry<String, String> m : missing.entrySet()) {
            in.errors.add(BatchRow.failedToRead(m.getKey(), m.getKey(), List.of(), BatchRow.Status.UNREADABLE,
                    m.getValue(), 0, 0));
        }
        for (Map.Entry<String, Boolean> f : files.entrySet()) {
            Path p = new Path(f.getKey());
            String why = unreadableName(p);
            if (why == null) {
                (f.getValue() ? in.named : in.walked).add(f.getKey());
            } else if (f.getValue()) {
                in.errors.add(BatchRow.failedToRead(display(p), display(p), List.of(), BatchRow.Status.UNREADABLE,
                        why, 0, 0));
            } else {
                in.skipped.add(new BatchSummaryJson.Skipped(display(p), why));
            }
        }
        return in;
    }

    private static void add(FileSystem fs, FileStatus s, TreeMap<String, Boolean> files) throws IOException {
        if (!s.isDirectory()) {
            files.put(s.getPath().toString(), true);
            return;
        }
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(s.getPath(), true);
        while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            if (f.isFile()) {
                files.putIfAbsent(f.getPath().toString(), false);
            }
        }
    }

    /** As batch: a path with {@code * ? [ {} is a pattern. */
    static boolean isGlob(String arg) {
        for (char c : arg.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    /** Why Spark's file input cannot read the file by this path, or null. */
    static String unreadableName(Path p) {
        String name = p.getName();
        if (name.startsWith(".") || name.startsWith("_")) {
            return "Spark's file input leaves out names starting with '.' or '_' (hidden files); rename the file";
        }
        String s = p.toString();
        for (char c : s.toCharArray()) {
            if (",{}[]*?\\".indexOf(c) >= 0) {
                return "Spark's file input reads paths as globs and splits them at commas, so it cannot name a path "
                        + "with '" + c + "'; rename the file";
            }
        }
        return null;
    }

    /** A path as shown: a local file by its path ({@code /data/x.pcap}), others by their URI ({@code s3a://b/x.pcap}). */
    static String display(Path p) {
        return "file".equals(p.toUri().getScheme()) ? p.toUri().getPath() : p.toString();
    }

    /** The input string of {@code binaryFiles}: the paths joined by commas (none holds one: {@link #unreadableName}). */
    static String inputPaths(List<String> paths) {
        return String.join(",", paths);
    }
}
