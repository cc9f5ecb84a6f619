package io.proxyaudit.flow;

import java.util.List;

/**
 * The process that owned a flow's socket, as ptcpdump names it in its per-packet pcapng comments (ptcpdump
 * internal/writer/pcapng.go {@code PcapNGWriter.Write}: one comment {@code PID: n\nCmd: path\nArgs: argv joined by
 * spaces}, and optionally {@code ThreadId}/{@code ThreadName}, {@code UserId: n\nGroupId: n},
 * {@code ParentPID}/{@code ParentCmd}/{@code ParentArgs} and {@code ContainerName}/{@code ContainerId}/... comments).
 * Values are as written in the capture, cut at {@link #MAX_VALUE} characters; the arguments may hold secrets and
 * are redacted by every output ({@code report.ProcessText}), never here.
 *
 * @param pid           process id, or -1 when the comment had none
 * @param command       the executable's path ({@code Cmd}), or null
 * @param args          the arguments, {@code argv[0]} first ({@code Args}), or null
 * @param userId        {@code UserId}, or -1
 * @param parentPid     {@code ParentPID}, or -1
 * @param parentCommand {@code ParentCmd}, or null
 * @param parentArgs    {@code ParentArgs}, or null
 * @param container     {@code ContainerName}, or null
 */
public record ProcessInfo(long pid, String command, String args, long userId, long parentPid, String parentCommand,
                          String parentArgs, String container) {
    /** Longest value kept (an argument list can be long; the rest is cut). */
    public static final int MAX_VALUE = 1024;

    /** What {@link #parse} found in one packet's comments. */
    public enum Outcome { PROCESS, NOT_A_PROCESS, MALFORMED }

    /** The result of {@link #parse}: the process, or why there is none. */
    public record Parsed(Outcome outcome, ProcessInfo process) {}

    private static final Parsed NOT_A_PROCESS = new Parsed(Outcome.NOT_A_PROCESS, null);
    private static final Parsed MALFORMED = new Parsed(Outcome.MALFORMED, null);

    /**
     * The process named by one packet's comments: {@code Key: value} lines, split over several comments. Comments
     * without a {@code PID} or {@code Cmd} line name no process (a person's note); a {@code PID}, {@code UserId} or
     * {@code ParentPID} that is not a number makes the whole malformed.
     */
    public static Parsed parse(List<String> comments) {
        long pid = -1;
        long uid = -1;
        long ppid = -1;
        String cmd = null;
        String args = null;
        String pcmd = null;
        String pargs = null;
        String container = null;
        boolean named = false;
        for (String comment : comments) {
            int at = 0;
            while (at <= comment.length()) {
                int nl = comment.indexOf('\n', at);
                int end = nl < 0 ? comment.length() : nl;
                String line = comment.substring(at, end);
                at = end + 1;
                int colon = line.indexOf(": ");
                if (colon <= 0) {
                    continue;
                }
                String value = line.substring(colon + 2);
                switch (line.substring(0, colon)) {
                    case "PID" -> {
                        pid = number(value);
                        if (pid < 0) {
                            return MALFORMED;
                        }
                        named = true;
                    }
                    case "Cmd" -> {
                        cmd = bounded(value);
                        named = true;
                    }
                    case "Args" -> args = bounded(value);
                    case "UserId" -> {
                        uid = number(value);
                        if (uid < 0) {
                            return MALFORMED;
                        }
                    }
                    case "ParentPID" -> {
                        ppid = number(value);
                        if (ppid < 0) {
                            return MALFORMED;
                        }
                    }
                    case "ParentCmd" -> pcmd = bounded(value);
                    case "ParentArgs" -> pargs = bounded(value);
                    case "ContainerName" -> container = value.isEmpty() ? null : bounded(value);
                    default -> { } // ThreadId, GroupId, Container and Pod details: not shown
                }
            }
        }
        if (!named) {
            return NOT_A_PROCESS;
        }
        return new Parsed(Outcome.PROCESS, new ProcessInfo(pid, cmd, args, uid, ppid, pcmd, pargs, container));
    }

    /** The last part of {@link #command}'s path ({@code /usr/bin/curl}: {@code curl}), or null. */
    public String commandName() {
        return baseName(command);
    }

    /** The last part of a path, or null. */
    public static String baseName(String path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static long number(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static String bounded(String s) {
        if (s.length() <= MAX_VALUE) {
            return s;
        }
        return s.substring(0, Character.isHighSurrogate(s.charAt(MAX_VALUE - 1)) ? MAX_VALUE - 1 : MAX_VALUE);
    }
}
