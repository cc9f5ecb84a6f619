package io.proxyaudit.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.proxyaudit.audit.Endpoint;
import io.proxyaudit.audit.Finding;
import io.proxyaudit.report.AuditTotals;
import io.proxyaudit.report.BatchHistory;
import io.proxyaudit.report.BatchRow;
import io.proxyaudit.report.BatchTotals;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Appends one run (a batch, or one analyze command) to the history database in a single transaction: the run,
 * its captures, their flows and findings. Either all of it is there afterwards or none of it.
 */
public final class HistoryWriter {
    /** Rows sent to SQLite per JDBC batch. */
    private static final int BATCH = 1000;

    /** The run as a whole: which command, when, with what, and how it ended. */
    public record RunInfo(String command, Instant startedAt, String tool, String failOn, int exitCode,
                          List<String> inputs) {}

    private HistoryWriter() {}

    /**
     * Writes the run; returns its id. {@code details} has the flows and findings of the captures it knows;
     * {@code baseline} is the run's comparison with its --baseline, or null.
     */
    public static long append(HistoryDb db, RunInfo run, List<BatchRow> rows, RunRecorder details,
                              BatchHistory.Baseline baseline) throws HistoryException {
        Connection c = db.connection();
        try {
            c.setAutoCommit(false);
            try {
                long runId = insertRun(c, run, BatchTotals.of(rows, 0), baseline);
                insertEndpoints(c, runId, BaselineCheck.endpoints(rows, details).values(), baseline);
                for (BatchRow row : rows) {
                    CaptureDetail d = details.detail(row.name());
                    long captureId = insertCapture(c, runId, row, d);
                    if (d != null) {
                        insertFlows(c, captureId, d.flows());
                        insertFindings(c, captureId, d.findings());
                    }
                }
                c.commit();
                return runId;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw db.failure(e, "write");
        }
    }

    private static void insertEndpoints(Connection c, long runId, Collection<BatchHistory.NewEndpoint> endpoints,
                                        BatchHistory.Baseline baseline) throws SQLException {
        Set<Endpoint> fresh = new HashSet<>();
        if (baseline != null) {
            baseline.fresh().forEach(n -> fresh.add(n.endpoint()));
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO endpoints (run_id, host, port, route, client, "
                + "flows, captures, new) VALUES (?,?,?,?,?,?,?,?)")) {
            for (BatchHistory.NewEndpoint e : endpoints) {
                p.setLong(1, runId);
                p.setString(2, e.endpoint().host());
                p.setInt(3, e.endpoint().port());
                p.setString(4, e.endpoint().route());
                p.setString(5, e.endpoint().client());
                p.setLong(6, e.flows());
                p.setInt(7, e.captures().size());
                if (baseline == null) {
                    p.setNull(8, Types.INTEGER);
                } else {
                    p.setInt(8, fresh.contains(e.endpoint()) ? 1 : 0);
                }
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static long insertRun(Connection c, RunInfo run, BatchTotals t, BatchHistory.Baseline baseline)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO runs (started_at, command, tool, fail_on, "
                + "exit_code, inputs, captures, failed, not_read, packets, flows, proxied, direct_exempt, "
                + "direct_unproxied, not_proxyable, direct_bypass, go_bypasses, other_bypasses, unanswered, "
                + "dns_bypasses, findings, baseline_file, new_endpoints, direct_allowed) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, run.startedAt().toString());
            p.setString(2, run.command());
            p.setString(3, run.tool());
            p.setString(4, run.failOn());
            p.setInt(5, run.exitCode());
            p.setString(6, jsonArray(run.inputs()));
            p.setInt(7, t.captures());
            p.setInt(8, t.failed());
            p.setInt(9, t.notRead());
            p.setLong(10, t.packets());
            counts(p, 11, t.audit());
            p.setString(22, baseline == null ? null : baseline.file());
            if (baseline == null) {
                p.setNull(23, Types.INTEGER);
            } else {
                p.setInt(23, baseline.fresh().size());
            }
            p.setLong(24, t.audit().allowed());
            p.executeUpdate();
            return generatedId(p);
        }
    }

    private static long insertCapture(Connection c, long runId, BatchRow r, CaptureDetail d) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO captures (run_id, name, path, status, failed, "
                + "error, format, packets, captured_bytes, first_ns, last_ns, flows, proxied, direct_exempt, "
                + "direct_unproxied, not_proxyable, direct_bypass, go_bypasses, other_bypasses, unanswered, "
                + "dns_bypasses, findings, flows_listed, direct_allowed) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            p.setLong(1, runId);
            p.setString(2, r.name());
            p.setString(3, r.path());
            p.setString(4, r.status().wire());
            p.setInt(5, r.failed() ? 1 : 0);
            p.setString(6, r.error() != null ? r.error() : r.reportError());
            p.setString(7, r.format());
            if (r.readable()) {
                p.setLong(8, r.packets());
                p.setLong(9, r.capturedBytes());
                nanos(p, 10, r.firstNanos());
                nanos(p, 11, r.lastNanos());
                counts(p, 12, r.totals());
            } else {
                for (int i = 8; i <= 22; i++) {
                    p.setNull(i, Types.INTEGER);
                }
            }
            if (d == null) {
                p.setNull(23, Types.INTEGER);
            } else {
                p.setLong(23, d.flows().size());
            }
            if (r.readable()) {
                p.setLong(24, r.totals().allowed());
            } else {
                p.setNull(24, Types.INTEGER);
            }
            p.executeUpdate();
            return generatedId(p);
        }
    }

    private static void insertFlows(Connection c, long captureId, List<CaptureDetail.FlowRow> flows)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO flows (capture_id, flow_id, transport, start_ns, "
                + "end_ns, client_ip, client_port, server_ip, server_port, host, target, role, route, verdict, "
                + "reason_code, proxy, client, unanswered, state, packets_c2s, packets_s2c, bytes_c2s, bytes_s2c, "
                + "allowed_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            int n = 0;
            for (CaptureDetail.FlowRow f : flows) {
                p.setLong(1, captureId);
                p.setLong(2, f.id());
                p.setString(3, f.transport());
                nanos(p, 4, f.startNs());
                nanos(p, 5, f.endNs());
                p.setString(6, f.clientIp());
                p.setInt(7, f.clientPort());
                p.setString(8, f.serverIp());
                p.setInt(9, f.serverPort());
                p.setString(10, f.host());
                p.setString(11, f.target());
                p.setString(12, f.role());
                p.setString(13, f.route());
                p.setString(14, f.verdict());
                p.setString(15, f.reasonCode());
                p.setString(16, f.proxy());
                p.setString(17, f.client());
                p.setInt(18, f.unanswered() ? 1 : 0);
                p.setString(19, f.state());
                p.setLong(20, f.packetsC2s());
                p.setLong(21, f.packetsS2c());
                p.setLong(22, f.bytesC2s());
                p.setLong(23, f.bytesS2c());
                p.setString(24, f.allowedBy());
                p.addBatch();
                if (++n % BATCH == 0) {
                    p.executeBatch();
                }
            }
            p.executeBatch();
        }
    }

    private static void insertFindings(Connection c, long captureId, List<Finding> findings) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO findings (capture_id, verdict, role, host, port, "
                + "flows, reason_code, reason, remediation, first_ns, last_ns) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            for (Finding f : findings) {
                p.setLong(1, captureId);
                p.setString(2, f.verdict() == null ? null : f.verdict().wire());
                p.setString(3, f.role() == null ? null : f.role().wire());
                p.setString(4, f.host());
                p.setInt(5, f.port());
                p.setLong(6, f.flowCount());
                p.setString(7, f.reasonCode());
                p.setString(8, f.reason());
                p.setString(9, f.remediation());
                nanos(p, 10, f.firstNanos());
                nanos(p, 11, f.lastNanos());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void counts(PreparedStatement p, int at, AuditTotals t) throws SQLException {
        long[] v = {t.flows(), t.proxied(), t.exempt(), t.unproxied(), t.notProxyable(), t.bypasses(),
                t.goBypasses(), t.otherBypasses(), t.unanswered(), t.dnsBypasses(), t.findings()};
        for (int i = 0; i < v.length; i++) {
            p.setLong(at + i, v[i]);
        }
    }

    /** Epoch nanoseconds, NULL for none ({@link Long#MIN_VALUE}). */
    private static void nanos(PreparedStatement p, int at, long ns) throws SQLException {
        if (ns == Long.MIN_VALUE) {
            p.setNull(at, Types.INTEGER);
        } else {
            p.setLong(at, ns);
        }
    }

    private static long generatedId(PreparedStatement p) throws SQLException {
        try (ResultSet k = p.getGeneratedKeys()) {
            if (!k.next()) {
                throw new SQLException("no row id returned");
            }
            return k.getLong(1);
        }
    }

    private static String jsonArray(List<String> values) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartArray();
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }
}
