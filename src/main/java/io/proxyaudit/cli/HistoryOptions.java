package io.proxyaudit.cli;

import io.proxyaudit.history.HistoryDb;
import io.proxyaudit.history.HistoryException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --db FILE} and {@code --db-wait}: the history database, shared by analyze and batch (picocli mixin). */
public final class HistoryOptions {
    @Option(names = "--db", paramLabel = "FILE",
            description = "Append this run (its captures, flows and findings) to the SQLite history database FILE, "
                    + "created if needed (docs/history-db.md); 'proxyaudit history --db FILE' lists it.")
    Path db;

    @Option(names = "--db-wait", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for another proxyaudit writing the same --db. Default: ${DEFAULT-VALUE}.")
    int dbWait = 30;

    /** The options, checked (before any work). */
    void check() {
        OptionChecks.between("--db-wait", dbWait, 0, 86_400);
    }

    /** The database opened for writing, or null without --db. */
    HistoryDb open() throws HistoryException {
        return db == null ? null : HistoryDb.openForWriting(db, dbWait);
    }
}
