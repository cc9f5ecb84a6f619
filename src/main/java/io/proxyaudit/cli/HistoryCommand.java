package io.proxyaudit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.proxyaudit.history.HistoryDb;
import io.proxyaudit.history.HistoryException;
import io.proxyaudit.history.HistoryQuery;
import io.proxyaudit.report.BatchHistory.RunPoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code proxyaudit history --db FILE}: the runs of a history database and the trend of bypasses per host. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists the runs of a history database and the bypasses per host.",
                "The database is written by 'batch --db FILE' and 'analyze --db FILE' (docs/history-db.md)."},
        footer = {"", "Exit codes: 0 listed, 2 usage error or a database that cannot be read (not one, of a newer "
                + "proxyaudit, locked)."})
public final class HistoryCommand implements Callable<Integer> {
    enum Format { text, json }

    /** Version of the {@code --format json} document (docs/history-db.md). */
    static final int JSON_VERSION = 1;
    /** Hosts listed by the text table. */
    static final int TEXT_HOSTS = 15;
    /** Runs shown per host in the text table. */
    static final int TREND_CELLS = 8;

    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "FILE", required = true, description = "The history database.")
    Path db;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (tables for a terminal, 80 columns) or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--last", paramLabel = "N", defaultValue = "20",
            description = "The latest N runs (0: all); the host trend covers the same runs. Default: ${DEFAULT-VALUE}.")
    int last = 20;

    @Option(names = "--db-wait", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for a proxyaudit writing the database. Default: ${DEFAULT-VALUE}.")
    int dbWait = 30;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        String text;
        try {
            OptionChecks.atLeast("--last", last, 0);
            OptionChecks.between("--db-wait", dbWait, 0, 86_400);
            try (HistoryDb h = HistoryDb.openExisting(db, dbWait)) {
                List<RunPoint> all = HistoryQuery.runs(h);
                List<RunPoint> runs = last == 0 ? all : all.subList(Math.max(0, all.size() - last), all.size());
                List<HistoryQuery.HostTrend> hosts = HistoryQuery.hosts(h, runs.isEmpty() ? Long.MAX_VALUE : runs.get(0).id());
                text = format == Format.json ? json(h.schemaVersion(), all.size(), runs, hosts)
                        : table(all.size(), runs, hosts);
            }
        } catch (IllegalArgumentException e) {
            Problems.print(err, e.getMessage());
            return ExitCodes.USAGE;
        } catch (HistoryException e) {
            Problems.print(err, "--db " + e.getMessage());
            return ExitCodes.USAGE;
        }
        out.print(text);
        out.flush();
        return ExitCodes.OK;
    }

    private String table(int total, List<RunPoint> runs, List<HistoryQuery.HostTrend> hosts) {
        StringBuilder b = new StringBuilder();
        String name = ConsoleOutput.safe(db.toString(), 40);
        if (runs.isEmpty()) {
            return b.append(name).append(": no run recorded yet.\n").toString();
        }
        b.append(name).append(": ").append(total).append(total == 1 ? " run" : " runs")
                .append(runs.size() < total ? ", the latest " + runs.size() : "").append(", oldest first\n\n");
        b.append(" run  started (UTC)     command  exit  captures  failing    flows  bypasses (Go)\n");
        for (RunPoint r : runs) {
            String when = r.startedAt().toString().replace('T', ' ');
            when = when.length() >= 16 ? when.substring(0, 16) : when;
            b.append(String.format(Locale.ROOT, "%4d  %-16s  %-7s  %4d  %8d  %7d  %7d  %8d (%d)%n", r.id(), when,
                    ConsoleOutput.safe(r.command(), 7), r.exitCode(), r.captures(), r.failed(), r.flows(),
                    r.bypasses(), r.goBypasses()));
        }
        List<RunPoint> cells = runs.subList(Math.max(0, runs.size() - TREND_CELLS), runs.size());
        b.append("\nBypasses per host in the last ").append(cells.size()).append(cells.size() == 1 ? " run" : " runs")
                .append(" (oldest first; '.' not seen):\n");
        b.append(String.format(Locale.ROOT, "%-30s %7s %8s %s%n", "host", "flows", "bypasses", "  per run"));
        int n = 0;
        for (HistoryQuery.HostTrend t : hosts) {
            if (n++ == TEXT_HOSTS) {
                b.append("... ").append(hosts.size() - TEXT_HOSTS).append(" more hosts (--format json lists them)\n");
                break;
            }
            b.append(String.format(Locale.ROOT, "%-30s %7d %8d ", ConsoleOutput.safe(t.host(), 30), t.flows(),
                    t.bypasses()));
            for (RunPoint r : cells) {
                long[] v = t.perRun().get(r.id());
                b.append(String.format(Locale.ROOT, "%4s", v == null ? "." : v[1] > 999 ? "999+" : Long.toString(v[1])));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private String json(int schema, int total, List<RunPoint> runs, List<HistoryQuery.HostTrend> hosts)
            throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("schema_version", JSON_VERSION);
            g.writeStringField("database", db.toString());
            g.writeNumberField("database_schema_version", schema);
            g.writeNumberField("runs_total", total);
            g.writeArrayFieldStart("runs");
            for (RunPoint r : runs) {
                g.writeStartObject();
                g.writeNumberField("id", r.id());
                g.writeStringField("started_at", r.startedAt().toString());
                g.writeStringField("command", r.command());
                g.writeNumberField("exit_code", r.exitCode());
                g.writeNumberField("captures", r.captures());
                g.writeNumberField("failed", r.failed());
                g.writeNumberField("flows", r.flows());
                g.writeNumberField("go_bypasses", r.goBypasses());
                g.writeNumberField("other_bypasses", r.otherBypasses());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("hosts");
            for (HistoryQuery.HostTrend t : hosts) {
                g.writeStartObject();
                g.writeStringField("host", t.host());
                g.writeNumberField("flows", t.flows());
                g.writeNumberField("direct_bypass", t.bypasses());
                g.writeArrayFieldStart("runs");
                for (var e : t.perRun().entrySet()) {
                    g.writeStartObject();
                    g.writeNumberField("run", e.getKey());
                    g.writeNumberField("flows", e.getValue()[0]);
                    g.writeNumberField("direct_bypass", e.getValue()[1]);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
        return w.toString();
    }
}
