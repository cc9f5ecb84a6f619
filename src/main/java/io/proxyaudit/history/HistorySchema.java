package io.proxyaudit.history;

import java.util.List;

/**
 * The history database's tables (docs/history-db.md, an API like the NDJSON records): {@code PRAGMA user_version}
 * is the schema version, {@code PRAGMA application_id} marks the file as proxyaudit's. A column is only ever
 * added; a change of meaning or a removal is a new version with its migration in {@link #MIGRATIONS}.
 */
final class HistorySchema {
    /** 'PXAU': tells a proxyaudit history database from any other SQLite file. */
    static final int APPLICATION_ID = 0x50584155;
    static final int VERSION = 3;

    private static final String COUNTS = "flows INTEGER, proxied INTEGER, direct_exempt INTEGER, "
            + "direct_unproxied INTEGER, not_proxyable INTEGER, direct_bypass INTEGER, go_bypasses INTEGER, "
            + "other_bypasses INTEGER, unanswered INTEGER, dns_bypasses INTEGER, findings INTEGER";

    /** Version 2 (the endpoint baseline): the endpoints of each run, and the run's baseline. */
    private static final List<String> V1_TO_V2 = List.of(
            "ALTER TABLE runs ADD COLUMN baseline_file TEXT",
            "ALTER TABLE runs ADD COLUMN new_endpoints INTEGER",
            "CREATE TABLE endpoints (run_id INTEGER NOT NULL REFERENCES runs(id), host TEXT NOT NULL, "
                    + "port INTEGER NOT NULL, route TEXT NOT NULL, client TEXT NOT NULL, flows INTEGER NOT NULL, "
                    + "captures INTEGER NOT NULL, new INTEGER, PRIMARY KEY (run_id, host, port, route, client))");

    /**
     * Version 3 (the allowlist, {@code --allow}): the verdict {@code direct-allowed} in {@code flows.verdict}, which
     * the {@code direct_bypass} counts no longer include; its counts and the entry that allowed each flow.
     */
    private static final List<String> V2_TO_V3 = List.of(
            "ALTER TABLE runs ADD COLUMN direct_allowed INTEGER",
            "ALTER TABLE captures ADD COLUMN direct_allowed INTEGER",
            "ALTER TABLE flows ADD COLUMN allowed_by TEXT");

    /** {@code MIGRATIONS.get(n - 1)} takes a database from version n to n + 1; older runs keep NULL in new columns. */
    static final List<List<String>> MIGRATIONS = List.of(V1_TO_V2, V2_TO_V3);

    /** The tables of version 1, the first. */
    static final List<String> CREATE_V1 = List.of(
            "CREATE TABLE runs (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, command TEXT NOT NULL, "
                    + "tool TEXT NOT NULL, fail_on TEXT NOT NULL, exit_code INTEGER NOT NULL, inputs TEXT NOT NULL, "
                    + "captures INTEGER NOT NULL, failed INTEGER NOT NULL, not_read INTEGER NOT NULL, "
                    + "packets INTEGER NOT NULL, " + COUNTS + ")",
            "CREATE TABLE captures (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id), "
                    + "name TEXT NOT NULL, path TEXT NOT NULL, status TEXT NOT NULL, failed INTEGER NOT NULL, "
                    + "error TEXT, format TEXT, packets INTEGER, captured_bytes INTEGER, first_ns INTEGER, "
                    + "last_ns INTEGER, " + COUNTS + ", flows_listed INTEGER)",
            "CREATE INDEX captures_run ON captures(run_id)",
            "CREATE TABLE flows (capture_id INTEGER NOT NULL REFERENCES captures(id), flow_id INTEGER NOT NULL, "
                    + "transport TEXT NOT NULL, start_ns INTEGER, end_ns INTEGER, client_ip TEXT, client_port INTEGER, "
                    + "server_ip TEXT, server_port INTEGER, host TEXT, target TEXT, role TEXT, route TEXT, verdict TEXT, "
                    + "reason_code TEXT, proxy TEXT, client TEXT, unanswered INTEGER NOT NULL, state TEXT, "
                    + "packets_c2s INTEGER, packets_s2c INTEGER, bytes_c2s INTEGER, bytes_s2c INTEGER, "
                    + "PRIMARY KEY (capture_id, flow_id))",
            "CREATE TABLE findings (capture_id INTEGER NOT NULL REFERENCES captures(id), verdict TEXT, role TEXT, "
                    + "host TEXT, port INTEGER, flows INTEGER NOT NULL, reason_code TEXT, reason TEXT, "
                    + "remediation TEXT, first_ns INTEGER, last_ns INTEGER)",
            "CREATE INDEX findings_capture ON findings(capture_id)");

    /** A new database: version 1's tables, then every migration in order, so a migrated file equals a new one. */
    static final List<String> CREATE = create();

    private HistorySchema() {}

    private static List<String> create() {
        List<String> all = new java.util.ArrayList<>(CREATE_V1);
        MIGRATIONS.forEach(all::addAll);
        return List.copyOf(all);
    }
}
