package io.proxyaudit.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** What the commands print for people: the {@code --stats} line, error text on one line, text made safe for a terminal. */
final class ConsoleOutput {
    private ConsoleOutput() {}

    /** The {@code --stats} line: {@code proxyaudit: stats: NAME: N packets, B bytes, S s, X MB/s, Y packets/s}. */
    static void printStats(PrintWriter err, String name, long packets, long bytes, long nanos) {
        double secs = Math.max(nanos / 1e9, 1e-9);
        err.printf(Locale.ROOT, "proxyaudit: stats: %s: %d packets, %d bytes, %.3f s, %.1f MB/s, %.0f packets/s%n",
                name, packets, bytes, secs, bytes / 1e6 / secs, packets / secs);
        err.flush();
    }

    static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    /** Text safe for a terminal: control characters (incl. ESC) become '?', bounded length. */
    static String safe(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || (c >= 0x7f && c < 0xa0) ? '?' : c);
        }
        if (s.length() > max) {
            b.setLength(Math.max(0, max - 1));
            b.append('~');
        }
        return b.toString();
    }
}
