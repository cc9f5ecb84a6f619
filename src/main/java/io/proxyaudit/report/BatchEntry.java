package io.proxyaudit.report;

import io.proxyaudit.audit.AuditResult;

/**
 * One capture of a batch, as the JUnit XML writer (and later the index report) sees it.
 *
 * @param captureName   the capture's name as shown (path relative to the batch root)
 * @param result        the audit, or null when the capture could not be read
 * @param error         the one-line error for an unreadable capture, else null
 * @param failed        true when the capture's bypasses are at or above {@code --fail-on} (decided by the caller)
 * @param durationNanos time spent analysing the capture
 */
public record BatchEntry(String captureName, AuditResult result, String error, boolean failed, long durationNanos) {
    public BatchEntry {
        if ((result == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of result and error must be given");
        }
    }

    public static BatchEntry analysed(String captureName, AuditResult result, boolean failed, long durationNanos) {
        return new BatchEntry(captureName, result, null, failed, durationNanos);
    }

    public static BatchEntry unreadable(String captureName, String error, long durationNanos) {
        return new BatchEntry(captureName, null, error, false, durationNanos);
    }
}
