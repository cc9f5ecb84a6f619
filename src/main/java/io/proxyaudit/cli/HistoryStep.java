package io.proxyaudit.cli;

import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.audit.Endpoint;
import io.proxyaudit.history.BaselineCheck;
import io.proxyaudit.history.EndpointBaseline;
import io.proxyaudit.history.HistoryDb;
import io.proxyaudit.history.HistoryException;
import io.proxyaudit.history.HistoryQuery;
import io.proxyaudit.history.HistoryWriter;
import io.proxyaudit.history.RunRecorder;
import io.proxyaudit.report.BatchHistory;
import io.proxyaudit.report.AuditTotals;
import io.proxyaudit.report.BatchRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code --db} and {@code --baseline} add to analyze and batch: the database and the baseline checked before
 * any work (a bad file fails in a second, with nothing written), each capture's details collected while it is
 * audited, then, once the run's exit code is known, the new endpoints, the run appended to the database and the
 * baseline learnt. Without those options it does nothing and loads no SQLite class.
 */
final class HistoryStep {
    /** New endpoints printed on stderr before the rest is only counted. */
    static final int MAX_PRINTED = 20;

    private final HistoryOptions options;
    private final BaselineOptions baselineOptions;
    private final EndpointBaseline baseline;
    private final RunRecorder recorder;
    /** analyze's captures, as batch rows (batch passes its own rows to {@link #finish}). */
    private final List<BatchRow> analyzed = new ArrayList<>();
    private final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private HistoryStep(HistoryOptions options, BaselineOptions baselineOptions, EndpointBaseline baseline,
                        RunRecorder recorder) {
        this.options = options;
        this.baselineOptions = baselineOptions;
        this.baseline = baseline;
        this.recorder = recorder;
    }

    /** Checks the database (creating or migrating it) and reads the baseline before any work. */
    static HistoryStep start(HistoryOptions options, BaselineOptions baselineOptions) throws HistoryException {
        boolean withBaseline = baselineOptions != null && baselineOptions.baseline != null;
        EndpointBaseline known = null;
        if (withBaseline) {
            known = EndpointBaseline.read(baselineOptions.baseline);
            if (known == null && !baselineOptions.update) {
                throw new HistoryException("--baseline " + baselineOptions.baseline + ": no such file (a passing run "
                        + "with --baseline-update creates it)");
            }
        }
        if (options.db != null) {
            try (HistoryDb db = options.open()) {
                // checked, created or migrated; written again at the end
            } catch (HistoryException e) {
                throw new HistoryException("--db " + e.getMessage());
            }
        }
        return new HistoryStep(options, withBaseline ? baselineOptions : null, known,
                options.db != null || withBaseline ? new RunRecorder() : null);
    }

    /** Collects each audited capture's details, or null without --db and --baseline. */
    RunRecorder recorder() {
        return recorder;
    }

    /** For analyze: one capture's outcome (nothing without --db). */
    void captured(String name, String capture, CaptureAudit.Outcome o, boolean failed) {
        if (recorder == null) {
            return;
        }
        String key = name;
        for (int n = 2; taken(key); n++) {
            key = name + " #" + n; // the same capture named twice: two rows all the same
        }
        if (!o.readable()) {
            analyzed.add(BatchRow.failedToRead(key, capture, List.of(), BatchRow.Status.UNREADABLE, o.error(), 0,
                    o.elapsedNanos()));
            return;
        }
        recorder.accept(key, o.result());
        analyzed.add(BatchRow.analysed(key, capture, null, List.of(), o.result(), o.complete(), o.error(), failed, 0,
                o.elapsedNanos()));
    }

    private boolean taken(String key) {
        return analyzed.stream().anyMatch(r -> r.name().equals(key));
    }

    /** When the command started (seconds), for analyze's run. */
    Instant startedAt() {
        return startedAt;
    }

    /** analyze's rows so far. */
    List<BatchRow> analyzed() {
        return analyzed;
    }

    /** The run's outcome with the history: its exit code, the earlier runs and the new endpoints. */
    record Outcome(int exitCode, BatchHistory history) {}

    /**
     * New endpoints first (with --new-endpoints fail they make the exit code 1 over 0), then the run appended to
     * the database, then the baseline learnt when the run passed. A database or baseline that cannot be written
     * is an output error (exit code 3 over 1 and 0), said in one line; the run is then not in the database at all.
     */
    Outcome finish(HistoryWriter.RunInfo run, List<BatchRow> rows, PrintWriter err) {
        if (recorder == null) {
            return new Outcome(run.exitCode(), BatchHistory.NONE);
        }
        int exit = run.exitCode();
        Map<Endpoint, BatchHistory.NewEndpoint> endpoints = BaselineCheck.endpoints(rows, recorder);
        BatchHistory.Baseline compared = null;
        if (baselineOptions != null) {
            boolean fail = baselineOptions.newEndpoints == BaselineOptions.NewEndpoints.fail;
            List<BatchHistory.NewEndpoint> fresh = BaselineCheck.fresh(baseline, endpoints);
            compared = new BatchHistory.Baseline(baselineOptions.baseline.toString(),
                    baseline == null ? 0 : baseline.endpoints().size(), fail, fresh, null);
            printNew(err, fresh, fail);
            if (fail && BatchHistory.anyFailing(fresh) && exit == ExitCodes.OK) {
                exit = ExitCodes.FINDINGS;
            }
        }
        List<BatchHistory.RunPoint> runs = List.of();
        if (options.db != null) {
            try (HistoryDb db = options.open()) {
                HistoryWriter.append(db, new HistoryWriter.RunInfo(run.command(), run.startedAt(), run.tool(),
                        run.failOn(), exit, run.inputs()), rows, recorder, compared);
                runs = HistoryQuery.runs(db);
            } catch (HistoryException e) {
                Problems.print(err, "--db " + e.getMessage() + "; this run was not recorded");
                exit = outputError(exit);
            }
        }
        if (compared != null && baselineOptions.update) {
            String update;
            if (exit != ExitCodes.OK) {
                update = "not updated: the run did not pass (exit code " + exit + ")";
            } else {
                EndpointBaseline before = baseline == null ? EndpointBaseline.empty() : baseline;
                EndpointBaseline after = before.plus(endpoints.keySet(), run.startedAt());
                try {
                    after.write(baselineOptions.baseline, run.tool());
                    int added = after.endpoints().size() - before.endpoints().size();
                    update = (baseline == null ? "created with " : "learnt this run: " + added + " new, now ")
                            + AuditTotals.count(after.endpoints().size(), "endpoint");
                } catch (IOException e) {
                    Problems.print(err, Problems.option("--baseline", baselineOptions.baseline),
                            "cannot write it: " + Problems.reason(e));
                    update = "not updated: it could not be written";
                    exit = outputError(exit);
                }
            }
            err.println("proxyaudit: batch: baseline " + ConsoleOutput.safe(baselineOptions.baseline.toString(), 200)
                    + ": " + update);
            err.flush();
            compared = new BatchHistory.Baseline(compared.file(), compared.known(), compared.failOnNew(),
                    compared.fresh(), update);
        }
        return new Outcome(exit, new BatchHistory(runs, options.db == null ? null : options.db.toString(), compared));
    }

    private static int outputError(int exit) {
        return exit == ExitCodes.USAGE ? ExitCodes.USAGE : ExitCodes.UNREADABLE;
    }

    private void printNew(PrintWriter err, List<BatchHistory.NewEndpoint> fresh, boolean fail) {
        String file = ConsoleOutput.safe(baselineOptions.baseline.toString(), 200);
        if (baseline == null) {
            err.println("proxyaudit: batch: baseline " + file + " does not exist yet: nothing to compare with");
        } else if (fresh.isEmpty()) {
            err.println("proxyaudit: batch: no new endpoint against baseline " + file + " ("
                    + AuditTotals.count(baseline.endpoints().size(), "endpoint") + " known)");
        } else {
            err.println("proxyaudit: batch: " + AuditTotals.count(fresh.size(), "new endpoint") + " against baseline "
                    + file + (fail ? " (--new-endpoints fail):" : ":"));
            int n = 0;
            for (BatchHistory.NewEndpoint e : fresh) {
                if (n++ == MAX_PRINTED) {
                    err.println("proxyaudit: batch:   ... " + (fresh.size() - MAX_PRINTED) + " more (summary.json lists them all)");
                    break;
                }
                String caps = String.join(", ", e.captures().subList(0, Math.min(3, e.captures().size())))
                        + (e.captures().size() > 3 ? " and " + (e.captures().size() - 3) + " more" : "");
                err.println("proxyaudit: batch:   " + ConsoleOutput.safe(e.endpoint().line(), 300) + " ("
                        + AuditTotals.count(e.flows(), "flow") + "; " + ConsoleOutput.safe(caps, 300)
                        + (e.allowedBy() == null ? "" : "; allowed by " + ConsoleOutput.safe(e.allowedBy(), 300)) + ")");
            }
        }
        err.flush();
    }
}
