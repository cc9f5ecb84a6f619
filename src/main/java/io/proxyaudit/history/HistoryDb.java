package io.proxyaudit.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.sqlite.SQLiteConfig;

/**
 * An open history database: checked (an SQLite file of proxyaudit's, of a schema version this build knows),
 * created or migrated inside one write transaction so that two processes opening the same new file at once agree.
 * Every failure is a {@link HistoryException} with one line. SQLite's classes and native library are loaded by
 * the first call here and never by a command without {@code --db}.
 */
public final class HistoryDb implements AutoCloseable {
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final Connection c;
    private final String shown;
    private final int waitSeconds;

    private HistoryDb(Connection c, String shown, int waitSeconds) {
        this.c = c;
        this.shown = shown;
        this.waitSeconds = waitSeconds;
    }

    /**
     * Opens {@code file} to append runs, creating it (and its schema) when it does not exist, migrating an older
     * schema. {@code waitSeconds}: how long to wait for another process's write before giving up.
     */
    public static HistoryDb openForWriting(Path file, int waitSeconds) throws HistoryException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new HistoryException(file + ": its directory does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new HistoryException(file + ": is a directory, not a database file");
        }
        if (Files.exists(abs)) {
            checkHeader(file, abs);
            if (!Files.isWritable(abs)) {
                throw new HistoryException(file + ": the file is read-only (give a writable --db file)");
            }
        }
        // SQLite writes its journal (-wal, -shm) beside the database
        if (!Files.isWritable(dir)) {
            throw new HistoryException(file + ": cannot write in " + dir + " (SQLite keeps its journal files beside "
                    + "the database; give a --db file in a writable directory)");
        }
        return prepared(connect(file, abs, waitSeconds, false), true);
    }

    /** Opens an existing database to read (an older schema is migrated first, which needs write access). */
    public static HistoryDb openExisting(Path file, int waitSeconds) throws HistoryException {
        Path abs = file.toAbsolutePath();
        if (!Files.exists(abs)) {
            throw new HistoryException(file + ": no such file (batch --db or analyze --db creates it)");
        }
        if (Files.isDirectory(abs)) {
            throw new HistoryException(file + ": is a directory, not a database file");
        }
        checkHeader(file, abs);
        return prepared(connect(file, abs, waitSeconds, !Files.isWritable(abs)), false);
    }

    private static HistoryDb prepared(HistoryDb db, boolean create) throws HistoryException {
        try {
            db.prepare(create);
            return db;
        } catch (HistoryException e) {
            db.close();
            throw e;
        }
    }

    Connection connection() {
        return c;
    }

    String shown() {
        return shown;
    }

    /** The schema version of the open database (after any migration). */
    public int schemaVersion() throws HistoryException {
        try {
            return pragma("user_version");
        } catch (SQLException e) {
            throw failure(e, "read");
        }
    }

    private static void checkHeader(Path file, Path abs) throws HistoryException {
        byte[] head = new byte[MAGIC.length];
        int n;
        try (InputStream in = Files.newInputStream(abs)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new HistoryException(file + ": cannot read it: " + io.proxyaudit.capture.IoReason.of(e));
        }
        if (n == 0) {
            return; // an empty file: SQLite makes a database of it
        }
        if (n < MAGIC.length || !Arrays.equals(head, MAGIC)) {
            throw new HistoryException(file + ": not an SQLite database (the history database is one; give another "
                    + "--db file, or remove this one if it is yours to lose)");
        }
    }

    private static HistoryDb connect(Path file, Path abs, int waitSeconds, boolean readOnly) throws HistoryException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, waitSeconds * 1000L));
        // BEGIN IMMEDIATE: a writer takes the write lock when its transaction starts, so two writers queue behind
        // the busy timeout instead of one failing on a lock upgrade (SQLite "Transaction" doc, section 2.1)
        cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        cfg.setReadOnly(readOnly);
        cfg.enforceForeignKeys(true);
        try {
            Connection conn = cfg.createConnection("jdbc:sqlite:" + abs);
            return new HistoryDb(conn, file.toString(), waitSeconds);
        } catch (SQLException e) {
            throw failure(file.toString(), waitSeconds, e, "open");
        } catch (LinkageError | RuntimeException e) {
            throw new HistoryException(file + ": SQLite's native library could not be loaded on this platform ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "); --db is not available here");
        }
    }

    /**
     * What the file holds, read in one statement and so in one read transaction: three separate reads could see a
     * schema another process committed between them (application_id 0 read before its commit, the tables after)
     * and refuse a database that was only being created.
     */
    private record State(int app, int version, int tables) {
        /** A file no one has written a schema to yet (new, or empty: SQLite makes a database of an empty file). */
        boolean uninitialised() {
            return app == 0 && version == 0 && tables == 0;
        }
    }

    private State state() throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT (SELECT application_id FROM pragma_application_id), "
                     + "(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)")) {
            r.next();
            return new State(r.getInt(1), r.getInt(2), r.getInt(3));
        }
    }

    /** Checks the file is ours and of a known version; creates or migrates it when {@code create} allows. */
    private void prepare(boolean create) throws HistoryException {
        try {
            State st = state();
            if (st.app() == HistorySchema.APPLICATION_ID && st.version() == HistorySchema.VERSION) {
                return; // the common case: no write lock taken
            }
            checkKnown(st);
            if (st.uninitialised() && !create) {
                throw new HistoryException(shown + ": holds no proxyaudit history yet (batch --db or analyze --db "
                        + "writes to it)");
            }
            c.setAutoCommit(false); // BEGIN IMMEDIATE (see connect): the write lock, so one process creates or migrates
            try {
                // again inside the write lock: another process may have created or migrated it meanwhile
                st = state();
                checkKnown(st);
                try (Statement s = c.createStatement()) {
                    if (st.uninitialised()) {
                        for (String ddl : HistorySchema.CREATE) {
                            s.execute(ddl);
                        }
                        s.execute("PRAGMA application_id = " + HistorySchema.APPLICATION_ID);
                    } else {
                        for (int v = st.version(); v < HistorySchema.VERSION; v++) {
                            for (String ddl : HistorySchema.MIGRATIONS.get(v - 1)) {
                                s.execute(ddl);
                            }
                        }
                    }
                    // the schema, application_id and user_version commit together: no reader sees one without the others
                    s.execute("PRAGMA user_version = " + HistorySchema.VERSION);
                }
                c.commit();
            } catch (SQLException | HistoryException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            if (st.uninitialised()) {
                useWriteAheadLog();
            }
        } catch (SQLException e) {
            throw failure(e, create ? "prepare" : "read");
        }
    }

    /**
     * Write-ahead log: readers (history, the index's chart) do not wait for a writer. Switching to it needs the only
     * lock on the file, and SQLite does not call the busy handler for that: while other processes read the new file
     * (checking it, as they all do at once), the switch fails at once with SQLITE_BUSY or leaves the mode as it was.
     * So it is tried again until {@code --db-wait} runs out; the switch is persistent, so whoever makes it makes it
     * for all.
     */
    private void useWriteAheadLog() throws SQLException {
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (true) {
            SQLException busy;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA journal_mode = WAL")) {
                String mode = r.next() ? r.getString(1) : null;
                if ("wal".equalsIgnoreCase(mode)) {
                    return;
                }
                busy = new SQLException("the journal mode stayed " + mode, null, 5);
            } catch (SQLException e) {
                if ((e.getErrorCode() & 0xff) != 5) {
                    throw e;
                }
                busy = e;
            }
            if (System.nanoTime() > deadline) {
                throw busy;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw busy;
            }
        }
    }

    private void checkKnown(State st) throws HistoryException {
        if (st.uninitialised()) {
            return; // new and empty
        }
        if (st.app() != HistorySchema.APPLICATION_ID) {
            throw new HistoryException(shown + ": an SQLite database, but not a proxyaudit history database (give "
                    + "another --db file)");
        }
        if (st.version() > HistorySchema.VERSION) {
            throw new HistoryException(shown + ": written by a newer proxyaudit (history schema version " + st.version()
                    + "; this one knows up to " + HistorySchema.VERSION + "): use that version, or another --db file");
        }
        if (st.version() < 1) {
            throw new HistoryException(shown + ": a proxyaudit history database without a schema version (damaged?): "
                    + "give another --db file");
        }
    }

    private int pragma(String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    HistoryException failure(SQLException e, String doing) {
        return failure(shown, waitSeconds, e, doing);
    }

    /** SQLite's result codes (sqlite.org/rescode.html) in words; the primary code is the low byte. */
    static HistoryException failure(String shown, int waitSeconds, SQLException e, String doing) {
        int code = e.getErrorCode() & 0xff;
        String why = switch (code) {
            case 5, 6 -> "locked by another process for more than " + waitSeconds + " s (--db-wait SECONDS waits longer)";
            case 8 -> "the file or its directory is read-only (give a writable --db file)";
            case 10 -> "input/output error while trying to " + doing + " it";
            case 11 -> "the database file is damaged (give another --db file)";
            case 13 -> "the disk is full";
            case 14 -> "cannot open it (check the path and its permissions)";
            case 26 -> "not an SQLite database (give another --db file)";
            default -> "SQLite could not " + doing + " it (" + firstLine(e.getMessage()) + ")";
        };
        return new HistoryException(shown + ": " + why);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        try {
            c.close();
        } catch (SQLException e) {
            // nothing left to save: every write committed or rolled back before
        }
    }
}
