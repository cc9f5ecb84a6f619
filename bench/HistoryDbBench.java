import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * The measurement behind the history database's engine (README "Dependencies and why", BENCHMARKS.md "History
 * database"): one fresh JVM per call. {@code open URL}: load the driver, open a new database file, create a table,
 * close. {@code write URL N}: the same, then N flow rows (the columns of the history schema's flows table) in one
 * transaction through JDBC batches of 1000, as the history writer does. Prints milliseconds for each step.
 * {@code append URL N}: DuckDB only, the rows through its own Appender API (reflection: no compile-time
 * dependency), the fast path DuckDB recommends for bulk loads. Run by bench/history-db.sh, not by the build.
 */
public final class HistoryDbBench {
    public static void main(String[] a) throws Exception {
        long t0 = System.nanoTime();
        String url = a[1];
        try (Connection c = DriverManager.getConnection(url)) {
            long t1 = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE flows (run_id INTEGER, capture_id INTEGER, flow_id BIGINT, transport TEXT, "
                        + "start_ts BIGINT, end_ts BIGINT, client_ip TEXT, client_port INTEGER, server_ip TEXT, "
                        + "server_port INTEGER, host TEXT, target TEXT, role TEXT, route TEXT, verdict TEXT, "
                        + "reason_code TEXT, proxy TEXT, client TEXT, unanswered INTEGER, bytes_c2s BIGINT, "
                        + "bytes_s2c BIGINT)");
            }
            long t2 = System.nanoTime();
            int n = a[0].equals("open") ? 0 : Integer.parseInt(a[2]);
            if (a[0].equals("append")) {
                appendDuckDb(c, n);
            } else if (n > 0) {
                c.setAutoCommit(false);
                try (PreparedStatement p = c.prepareStatement("INSERT INTO flows VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    for (int i = 0; i < n; i++) {
                        p.setLong(1, 1); p.setLong(2, 1 + i / 10000); p.setLong(3, i); p.setString(4, "tcp");
                        p.setLong(5, 1_700_000_000_000_000_000L + i * 1000L); p.setLong(6, 1_700_000_000_000_000_000L + i * 1000L + 5_000_000);
                        p.setString(7, "10.0.0." + (i % 250)); p.setInt(8, 30000 + i % 30000);
                        p.setString(9, "192.0.2." + (i % 200)); p.setInt(10, 443);
                        p.setString(11, "host" + (i % 500) + ".example.com"); p.setString(12, "host" + (i % 500) + ".example.com:443");
                        p.setString(13, i % 3 == 0 ? "module-proxy" : "other"); p.setString(14, i % 4 == 0 ? "direct" : "proxy");
                        p.setString(15, i % 4 == 0 ? "direct-bypass" : "proxied"); p.setString(16, i % 4 == 0 ? "NO_PROXY_MATCH" : "PROXY_USED");
                        p.setString(17, i % 4 == 0 ? null : "http://proxy.internal:3128"); p.setString(18, "go-http");
                        p.setInt(19, 0); p.setLong(20, 1000 + i); p.setLong(21, 50000 + i);
                        p.addBatch();
                        if (i % 1000 == 999) {
                            p.executeBatch();
                        }
                    }
                    p.executeBatch();
                }
                c.commit();
            }
            long t3 = System.nanoTime();
            System.out.printf("open_ms=%.1f create_ms=%.1f write_ms=%.1f total_ms=%.1f%n", (t1 - t0) / 1e6,
                    (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t3 - t0) / 1e6);
        }
    }

    private static void appendDuckDb(Connection c, int n) throws Exception {
        Object app = c.getClass().getMethod("createAppender", String.class, String.class).invoke(c, "main", "flows");
        Class<?> k = app.getClass();
        java.lang.reflect.Method endRow = k.getMethod("endRow");
        java.lang.reflect.Method beginRow = k.getMethod("beginRow");
        java.lang.reflect.Method addLong = k.getMethod("append", long.class);
        java.lang.reflect.Method addInt = k.getMethod("append", int.class);
        java.lang.reflect.Method addString = k.getMethod("append", String.class);
        for (int i = 0; i < n; i++) {
            beginRow.invoke(app);
            addInt.invoke(app, 1); addInt.invoke(app, 1 + i / 10000); addLong.invoke(app, (long) i);
            addString.invoke(app, "tcp");
            addLong.invoke(app, 1_700_000_000_000_000_000L + i * 1000L); addLong.invoke(app, 1_700_000_000_000_000_000L + i * 1000L + 5_000_000);
            addString.invoke(app, "10.0.0." + (i % 250)); addInt.invoke(app, 30000 + i % 30000);
            addString.invoke(app, "192.0.2." + (i % 200)); addInt.invoke(app, 443);
            addString.invoke(app, "host" + (i % 500) + ".example.com"); addString.invoke(app, "host" + (i % 500) + ".example.com:443");
            addString.invoke(app, i % 3 == 0 ? "module-proxy" : "other"); addString.invoke(app, i % 4 == 0 ? "direct" : "proxy");
            addString.invoke(app, i % 4 == 0 ? "direct-bypass" : "proxied"); addString.invoke(app, i % 4 == 0 ? "NO_PROXY_MATCH" : "PROXY_USED");
            addString.invoke(app, i % 4 == 0 ? null : "http://proxy.internal:3128"); addString.invoke(app, "go-http");
            addInt.invoke(app, 0); addLong.invoke(app, 1000L + i); addLong.invoke(app, 50000L + i);
            endRow.invoke(app);
        }
        ((AutoCloseable) app).close();
    }
}
