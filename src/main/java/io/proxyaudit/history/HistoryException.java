package io.proxyaudit.history;

/** A history database or baseline file that cannot be used, with one line that says why and what to do. */
public final class HistoryException extends Exception {
    private static final long serialVersionUID = 1L;

    public HistoryException(String message) {
        super(message);
    }
}
