package io.proxyaudit.cli;

import io.proxyaudit.capture.CaptureWarning;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Prints a capture's warnings on stderr, one line each, up to {@link #MAX_PRINTED}; {@link #finish()} says how many
 * more there were (all of them are in the capture record). Shared by the commands that read captures.
 */
final class WarningPrinter implements Consumer<CaptureWarning> {
    /** Warnings printed per capture before the rest is only counted. */
    static final int MAX_PRINTED = 50;

    private final PrintWriter err;
    private final String capture;
    private int seen;

    WarningPrinter(PrintWriter err, String capture) {
        this.err = err;
        this.capture = capture;
    }

    @Override
    public void accept(CaptureWarning w) {
        if (seen++ < MAX_PRINTED) {
            err.println("proxyaudit: warning: " + Problems.oneLine(w.toLine()));
        }
    }

    /** The line about warnings not shown, if any. */
    void finish() {
        if (seen > MAX_PRINTED) {
            err.println("proxyaudit: warning: " + capture + ": " + (seen - MAX_PRINTED)
                    + " more warnings not shown (see the capture record)");
        }
    }
}
