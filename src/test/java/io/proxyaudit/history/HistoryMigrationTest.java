package io.proxyaudit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proxyaudit.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Databases of older schema versions (built here with the tables proxyaudit wrote then: version 1 before the
 * endpoint baseline, version 2 before the allowlist) are migrated in place by the next batch: their runs are kept,
 * the new run has what the new version adds.
 */
class HistoryMigrationTest {
    @TempDir
    Path tmp;

    static long one(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getLong(1) : -1;
        }
    }

    /**
     * A database of an older schema {@code version}, as proxyaudit wrote it then (version 1's tables and the
     * migrations up to {@code version}), holding one run.
     */
    private Path olderDatabase(int version) throws Exception {
        Path db = tmp.resolve("v" + version + ".db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String ddl : HistorySchema.CREATE_V1) {
                s.execute(ddl);
            }
            for (int v = 1; v < version; v++) {
                for (String ddl : HistorySchema.MIGRATIONS.get(v - 1)) {
                    s.execute(ddl);
                }
            }
            s.execute("PRAGMA application_id = " + HistorySchema.APPLICATION_ID);
            s.execute("PRAGMA user_version = " + version);
            s.execute("INSERT INTO runs (started_at, command, tool, fail_on, exit_code, inputs, captures, failed, "
                    + "not_read, packets, flows, go_bypasses, other_bypasses) VALUES ('2026-11-01T10:00:00Z', 'batch', "
                    + "'proxyaudit 0.1.0', 'go', 1, '[\"ci\"]', 1, 1, 0, 10, 4, 2, 0)");
        }
        return db;
    }

    @Test
    void versionOneIsMigratedAndKeepsItsRuns() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("samples/a-http-proxy-only")));
        Path db = olderDatabase(1);
        int code = Main.run("batch", "samples/a-http-proxy-only", "--out", tmp.resolve("out").toString(), "--db",
                db.toString(), "--no-inherit-env", "--quiet", "--fail-on", "none");
        assertEquals(0, code);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertEquals(HistorySchema.VERSION, one(c, "PRAGMA user_version"));
            assertEquals(2, one(c, "SELECT count(*) FROM runs"));
            assertEquals(2, one(c, "SELECT go_bypasses FROM runs WHERE id = 1"), "the old run is kept");
            assertEquals(0, one(c, "SELECT count(*) FROM endpoints WHERE run_id = 1"), "old runs have no endpoints");
            long flows = one(c, "SELECT flows FROM runs WHERE id = 2");
            assertTrue(flows > 0);
            assertEquals(flows, one(c, "SELECT sum(flows) FROM endpoints WHERE run_id = 2"),
                    "every flow of the new run counted under one endpoint");
            assertEquals(1, one(c, "SELECT count(*) FROM runs WHERE id = 2 AND new_endpoints IS NULL"),
                    "no --baseline: no count");
            assertEquals(1, one(c, "SELECT count(*) FROM runs WHERE id = 1 AND direct_allowed IS NULL"),
                    "version 3's column is NULL for the old run");
            assertEquals(0, one(c, "SELECT direct_allowed FROM runs WHERE id = 2"), "no --allow: none allowed");
        }
    }

    /**
     * A version 2 database (before the allowlist) gets version 3's columns in place: the old run keeps its counts
     * with NULL allowed counts, the new run's allowed flows are stored with the entry that allowed them.
     */
    @Test
    void versionTwoIsMigratedAndStoresAllowedFlows() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("samples/a-http-proxy-only")));
        Path db = olderDatabase(2);
        Path allow = tmp.resolve("allow.txt");
        Files.writeString(allow, "proxy.golang.org:443\n");
        int code = Main.run("batch", "samples/a-http-proxy-only", "--out", tmp.resolve("out").toString(), "--db",
                db.toString(), "--no-inherit-env", "--quiet", "--fail-on", "none", "--allow", allow.toString());
        assertEquals(0, code);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertEquals(HistorySchema.VERSION, one(c, "PRAGMA user_version"));
            assertEquals(2, one(c, "SELECT go_bypasses FROM runs WHERE id = 1"), "the old run is kept");
            assertEquals(1, one(c, "SELECT count(*) FROM runs WHERE id = 1 AND direct_allowed IS NULL"));
            long allowed = one(c, "SELECT count(*) FROM flows WHERE verdict = 'direct-allowed'");
            assertTrue(allowed > 0, "samples/a's direct fetches of proxy.golang.org are allowed");
            assertEquals(allowed, one(c, "SELECT direct_allowed FROM runs WHERE id = 2"));
            assertEquals(allowed, one(c, "SELECT count(*) FROM flows WHERE allowed_by = '" + allow + ":1'"));
            assertEquals(0, one(c, "SELECT count(*) FROM flows WHERE verdict = 'direct-bypass' AND target = "
                    + "'proxy.golang.org:443'"));
        }
    }
}
