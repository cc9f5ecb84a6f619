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
 * A database of schema version 1 (built here with version 1's tables, as proxyaudit wrote them before the
 * endpoint baseline) is migrated in place by the next batch: its run is kept, the new run has its endpoints.
 */
class HistoryMigrationTest {
    @TempDir
    Path tmp;

    static long one(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getLong(1) : -1;
        }
    }

    @Test
    void versionOneIsMigratedAndKeepsItsRuns() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("samples/a-http-proxy-only")));
        Path db = tmp.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String ddl : HistorySchema.CREATE_V1) {
                s.execute(ddl);
            }
            s.execute("PRAGMA application_id = " + HistorySchema.APPLICATION_ID);
            s.execute("PRAGMA user_version = 1");
            s.execute("INSERT INTO runs (started_at, command, tool, fail_on, exit_code, inputs, captures, failed, "
                    + "not_read, packets, flows, go_bypasses, other_bypasses) VALUES ('2026-11-01T10:00:00Z', 'batch', "
                    + "'proxyaudit 0.1.0', 'go', 1, '[\"ci\"]', 1, 1, 0, 10, 4, 2, 0)");
        }
        int code = Main.run("batch", "samples/a-http-proxy-only", "--out", tmp.resolve("out").toString(), "--db",
                db.toString(), "--no-inherit-env", "--quiet", "--fail-on", "none");
        assertEquals(0, code);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertEquals(2, one(c, "PRAGMA user_version"));
            assertEquals(2, one(c, "SELECT count(*) FROM runs"));
            assertEquals(2, one(c, "SELECT go_bypasses FROM runs WHERE id = 1"), "the old run is kept");
            assertEquals(0, one(c, "SELECT count(*) FROM endpoints WHERE run_id = 1"), "old runs have no endpoints");
            long flows = one(c, "SELECT flows FROM runs WHERE id = 2");
            assertTrue(flows > 0);
            assertEquals(flows, one(c, "SELECT sum(flows) FROM endpoints WHERE run_id = 2"),
                    "every flow of the new run counted under one endpoint");
            assertEquals(1, one(c, "SELECT count(*) FROM runs WHERE id = 2 AND new_endpoints IS NULL"),
                    "no --baseline: no count");
        }
    }
}
