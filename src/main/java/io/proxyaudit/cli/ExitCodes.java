package io.proxyaudit.cli;

/** Process exit codes; documented in the README ("Exit codes"), an API. */
public final class ExitCodes {
    /** No finding at or above --fail-on. */
    public static final int OK = 0;
    /** Findings at or above --fail-on. */
    public static final int FINDINGS = 1;
    /** Usage or configuration error. */
    public static final int USAGE = 2;
    /** A capture could not be read (or was not a capture). */
    public static final int UNREADABLE = 3;

    private ExitCodes() {}
}
