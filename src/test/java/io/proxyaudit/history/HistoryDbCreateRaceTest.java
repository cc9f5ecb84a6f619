package io.proxyaudit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several writers opening one new database at the same moment (each its own SQLite connection, as two processes
 * have): every one gets a proxyaudit history database, none is refused as "another program's database" because it
 * read the marker before the first writer's commit and the tables after it (BatchHistoryTest's two-process run,
 * which failed so under load), none is told the file is locked because the switch to the write-ahead log met the
 * others' reads (it did under load), and the file ends in WAL mode.
 */
class HistoryDbCreateRaceTest {
    private static final int WRITERS = 4;
    private static final int ROUNDS = 40;

    @TempDir
    Path tmp;

    @Test
    void writersCreatingOneNewFileAtOnceAllGetTheHistorySchema() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Path file = tmp.resolve("race-" + round + ".db");
                if (round % 2 == 1) {
                    Files.createFile(file); // an empty file is a database no one has initialised yet
                }
                CyclicBarrier start = new CyclicBarrier(WRITERS);
                List<Future<Integer>> opened = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    opened.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        try (HistoryDb db = HistoryDb.openForWriting(file, 30)) {
                            return db.schemaVersion();
                        }
                    }));
                }
                for (Future<Integer> f : opened) {
                    assertEquals(HistorySchema.VERSION, f.get(60, TimeUnit.SECONDS), "round " + round);
                }
                try (HistoryDb db = HistoryDb.openExisting(file, 30)) {
                    assertEquals(HistorySchema.VERSION, db.schemaVersion());
                }
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
                    assertEquals("wal", r.next() ? r.getString(1) : null, "round " + round + ": the write-ahead log");
                }
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
    }
}
