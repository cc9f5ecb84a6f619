package io.proxyaudit.report;

import io.proxyaudit.flow.ProcessInfo;
import io.proxyaudit.policy.Redaction;

/**
 * The one way every output shows a process from a packet comment: its arguments always go through
 * {@link Redaction#redactArguments} (a command line can carry a token or a password), and the one-line form is
 * cleaned and bounded ({@link SafeText}).
 */
public final class ProcessText {
    private ProcessText() {}

    /** The arguments, credentials replaced by {@code ***}; null when none. */
    public static String args(ProcessInfo p) {
        return p == null ? null : Redaction.redactArguments(p.args());
    }

    /** The parent's arguments, likewise. */
    public static String parentArgs(ProcessInfo p) {
        return p == null ? null : Redaction.redactArguments(p.parentArgs());
    }

    /**
     * One line for people, cleaned and cut at {@code max} characters: {@code curl https://kernel.org (pid 99722,
     * parent bash 18840)}; the command's path when there are no arguments; "" for null.
     */
    public static String oneLine(ProcessInfo p, int max) {
        if (p == null) {
            return "";
        }
        String args = args(p);
        StringBuilder b = new StringBuilder(args != null && !args.isEmpty() ? args : p.command() == null ? "?" : p.command());
        String sep = " (";
        if (p.pid() >= 0) {
            b.append(sep).append("pid ").append(p.pid());
            sep = ", ";
        }
        String parent = ProcessInfo.baseName(p.parentCommand());
        if (parent != null) {
            b.append(sep).append("parent ").append(parent);
            if (p.parentPid() >= 0) {
                b.append(' ').append(p.parentPid());
            }
            sep = ", ";
        }
        if (p.container() != null) {
            b.append(sep).append("container ").append(p.container());
            sep = ", ";
        }
        if (!sep.equals(" (")) {
            b.append(')');
        }
        return SafeText.bound(b.toString(), max);
    }
}
