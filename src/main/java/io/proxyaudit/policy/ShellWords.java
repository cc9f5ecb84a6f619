package io.proxyaudit.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * POSIX shell word splitting without expansion, for the commands git hands to {@code sh -c} (GIT_SSH_COMMAND,
 * core.sshCommand: git run-command.c {@code prepare_shell_cmd}) and the ProxyCommand ssh hands to {@code $SHELL -c}
 * (OpenSSH sshconnect.c {@code ssh_proxy_connect}). Rules of POSIX XCU 2.2 (quoting) and 2.6.5 (field splitting on
 * blanks): backslash quotes the next character outside quotes; single quotes keep everything up to the next
 * single quote; inside double quotes a backslash quotes only {@code $ ` " \} and newline. Parameters ({@code $HOME})
 * are not expanded: they stay as written. Bounded: the text and the number of words are limited.
 */
public final class ShellWords {
    /** Longest command split; longer text is refused (a configuration value, not a script). */
    public static final int MAX_CHARS = 8192;
    /** Most words kept. */
    public static final int MAX_WORDS = 256;

    private ShellWords() {}

    /**
     * The words of {@code text}, or null when it cannot be split: an unterminated quote, a trailing backslash, or
     * beyond the bounds. A {@code ;}, {@code |}, {@code &} or newline outside quotes ends the first command (what
     * follows is another command); only the first is returned.
     */
    public static List<String> split(String text) {
        if (text == null || text.length() > MAX_CHARS) {
            return null;
        }
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) {
                    return null;
                }
                if (text.charAt(i + 1) != '\n') { // backslash-newline is a line continuation
                    w.append(text.charAt(i + 1));
                    inWord = true;
                }
                i += 2;
            } else if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    return null;
                }
                w.append(text, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = text.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && "$`\"\\\n".indexOf(text.charAt(i + 1)) >= 0) {
                        if (text.charAt(i + 1) != '\n') {
                            w.append(text.charAt(i + 1));
                        }
                        i += 2;
                    } else {
                        w.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    return null;
                }
                inWord = true;
            } else if (c == ' ' || c == '\t') {
                if (inWord && !add(words, w)) {
                    return null;
                }
                inWord = false;
                i++;
            } else if (c == ';' || c == '|' || c == '&' || c == '\n') {
                break;
            } else {
                w.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord && !add(words, w)) {
            return null;
        }
        return words;
    }

    private static boolean add(List<String> words, StringBuilder w) {
        if (words.size() >= MAX_WORDS) {
            return false;
        }
        words.add(w.toString());
        w.setLength(0);
        return true;
    }

    /** The words joined for display, each quoted when it needs it (single quotes, POSIX style). */
    public static String join(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (b.length() > 0) {
                b.append(' ');
            }
            if (!w.isEmpty() && w.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || "%-_./:=@,+".indexOf(ch) >= 0)) {
                b.append(w);
            } else {
                b.append('\'').append(w.replace("'", "'\\''")).append('\'');
            }
        }
        return b.toString();
    }
}
