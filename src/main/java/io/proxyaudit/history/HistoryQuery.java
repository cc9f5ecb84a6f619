package io.proxyaudit.history;

import io.proxyaudit.report.BatchHistory.RunPoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the history back: the runs in order, and per host its flows and bypasses in each run. */
public final class HistoryQuery {
    /** One host across runs: totals, and per run id its flows and direct-bypass flows ({@code long[2]}). */
    public record HostTrend(String host, int runs, long flows, long bypasses, Map<Long, long[]> perRun) {}

    private HistoryQuery() {}

    /** Every run, oldest first. */
    public static List<RunPoint> runs(HistoryDb db) throws HistoryException {
        List<RunPoint> out = new ArrayList<>();
        try (PreparedStatement p = db.connection().prepareStatement("SELECT id, started_at, command, exit_code, "
                + "captures, failed, flows, go_bypasses, other_bypasses FROM runs ORDER BY id");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(new RunPoint(r.getLong(1), instant(r.getString(2)), r.getString(3), r.getInt(4), r.getInt(5),
                        r.getInt(6), r.getLong(7), r.getLong(8), r.getLong(9)));
            }
        } catch (SQLException e) {
            throw db.failure(e, "read");
        }
        return out;
    }

    /**
     * Hosts (the flow record's {@code host}) of the runs with id at least {@code sinceRun}, most bypasses first,
     * then most flows, then by name.
     */
    public static List<HostTrend> hosts(HistoryDb db, long sinceRun) throws HistoryException {
        Map<String, HostTrend> byHost = new LinkedHashMap<>();
        try (PreparedStatement p = db.connection().prepareStatement("SELECT f.host, c.run_id, count(*), "
                + "sum(f.verdict = 'direct-bypass') FROM flows f JOIN captures c ON c.id = f.capture_id "
                + "WHERE c.run_id >= ? GROUP BY f.host, c.run_id ORDER BY f.host, c.run_id")) {
            p.setLong(1, sinceRun);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String host = r.getString(1) == null ? "(unknown)" : r.getString(1);
                    long run = r.getLong(2);
                    long flows = r.getLong(3);
                    long bypasses = r.getLong(4);
                    HostTrend t = byHost.computeIfAbsent(host, h -> new HostTrend(h, 0, 0, 0, new LinkedHashMap<>()));
                    t.perRun().put(run, new long[] {flows, bypasses});
                    byHost.put(host, new HostTrend(host, t.runs() + 1, t.flows() + flows, t.bypasses() + bypasses,
                            t.perRun()));
                }
            }
        } catch (SQLException e) {
            throw db.failure(e, "read");
        }
        List<HostTrend> out = new ArrayList<>(byHost.values());
        out.sort(java.util.Comparator.<HostTrend>comparingLong(t -> -t.bypasses()).thenComparingLong(t -> -t.flows())
                .thenComparing(HostTrend::host));
        return out;
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException | NullPointerException e) {
            return Instant.EPOCH; // written by this code, so never; a hand-edited row still lists
        }
    }
}
