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
    /** {@code run}: COMMAND exists but cannot be executed (as POSIX shells and env(1) do). */
    public static final int CANNOT_EXECUTE = 126;
    /** {@code run}: COMMAND was not found. A COMMAND that ran and failed passes its own exit code on. */
    public static final int NOT_FOUND = 127;

    private ExitCodes() {}
}
