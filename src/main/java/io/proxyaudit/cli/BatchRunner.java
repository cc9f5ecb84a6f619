package io.proxyaudit.cli;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.audit.FailOn;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ConfigException;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.report.BatchRow;
import io.proxyaudit.report.HtmlReport;
import io.proxyaudit.report.ReportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the captures of a batch on a fixed pool of {@code threads} workers. Each worker audits one capture, writes
 * its report, and keeps only the reduced {@link BatchRow}: at most {@code threads} audits are in memory at once,
 * whatever the number of captures. Rows come back in the order of the input list (sorted by path), whatever the
 * order in which the workers finish. A capture that fails in any way becomes a row with an error; it never stops
 * the others.
 */
final class BatchRunner {
    /** Per-capture configuration: the command-line builder with the sidecars layered on top. */
    interface ConfigFactory {
        ProxyConfig forCapture(List<Path> sidecars) throws ConfigException;
    }

    /** One capture to run, with its names decided up front (in sorted order, so they are deterministic). */
    record Job(CaptureDiscovery.Candidate candidate, String name, String reportFile) {}

    private final ConfigFactory config;
    private final FlowOptions flowOptions;
    private final ReaderOptions readerOptions;
    private final int maxListed;
    private final FailOn failOn;
    private final Path outDir;
    private final Instant generatedAt;
    /** Told of each audited capture before its result is dropped (the history's recorder), or null. */
    private java.util.function.BiConsumer<String, AuditResult> audited;

    BatchRunner(ConfigFactory config, FlowOptions flowOptions, ReaderOptions readerOptions, int maxListed, FailOn failOn,
                Path outDir, Instant generatedAt) {
        this.config = config;
        this.flowOptions = flowOptions;
        this.readerOptions = readerOptions;
        this.maxListed = maxListed;
        this.failOn = failOn;
        this.outDir = outDir;
        this.generatedAt = generatedAt;
    }

    void onAudited(java.util.function.BiConsumer<String, AuditResult> listener) {
        this.audited = listener;
    }

    List<BatchRow> run(List<Job> jobs, int threads, BatchProgress progress) throws InterruptedException {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, Math.max(1, jobs.size()))),
                r -> {
                    Thread t = new Thread(r, "batch-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<BatchRow>> futures = new ArrayList<>(jobs.size());
            for (Job j : jobs) {
                futures.add(pool.submit(() -> {
                    BatchRow row = runOne(j, progress);
                    progress.captureDone(row.fileBytes());
                    return row;
                }));
            }
            List<BatchRow> rows = new ArrayList<>(jobs.size());
            for (int i = 0; i < futures.size(); i++) {
                try {
                    rows.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    // runOne catches everything it can; this is the last resort, still one row per capture
                    Job j = jobs.get(i);
                    rows.add(BatchRow.failedToRead(j.name(), j.candidate().path().toString(), List.of(),
                            BatchRow.Status.UNREADABLE, "internal error: " + e.getCause(), 0, 0));
                }
            }
            return rows;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Why a report failed, in words: the file error's reason, or that it is a bug to report. */
    private static String reportProblem(Throwable e) {
        if (e instanceof IOException io) {
            return Problems.reason(io);
        }
        return e instanceof OutOfMemoryError ? "out of memory (fewer --threads, or more heap: PROXYAUDIT_JAVA_OPTS=-Xmx2g)"
                : "internal error while drawing it (please report it with the capture)";
    }

    BatchRow runOne(Job j, BatchProgress progress) {
        long t0 = System.nanoTime();
        Path path = j.candidate().path();
        String abs = path.toString();
        long size = 0;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            size = 0;
        }
        if (j.candidate().missing() != null) {
            progress.message("proxyaudit: " + j.name() + ": " + j.candidate().missing());
            return BatchRow.failedToRead(j.name(), abs, List.of(), BatchRow.Status.UNREADABLE,
                    j.candidate().missing(), 0, System.nanoTime() - t0);
        }
        List<Path> sidecarPaths = BatchNames.sidecars(path);
        List<String> sidecars = sidecarPaths.stream()
                .map(p -> BatchNames.displayName(p, Path.of("").toAbsolutePath())).toList();
        ProxyConfig cfg;
        try {
            cfg = config.forCapture(sidecarPaths);
        } catch (ConfigException e) {
            String msg = "sidecar configuration: " + ConsoleOutput.oneLine(String.valueOf(e.getMessage()));
            progress.message("proxyaudit: " + j.name() + ": " + msg);
            return BatchRow.failedToRead(j.name(), abs, sidecars, BatchRow.Status.CONFIG_ERROR, msg, size,
                    System.nanoTime() - t0);
        }
        AtomicLong warnings = new AtomicLong();
        CaptureAudit.Outcome o;
        try {
            o = CaptureAudit.run(j.name(), cfg, flowOptions, readerOptions, w -> warnings.incrementAndGet(), maxListed);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            String msg = "could not be analysed: " + (e instanceof OutOfMemoryError
                    ? "out of memory (fewer --threads, or more heap: PROXYAUDIT_JAVA_OPTS=-Xmx2g)"
                    : "internal error (please report it with the capture)");
            progress.message("proxyaudit: " + j.name() + ": " + msg);
            return BatchRow.failedToRead(j.name(), abs, sidecars, BatchRow.Status.UNREADABLE, msg, size,
                    System.nanoTime() - t0);
        }
        if (!o.readable()) {
            String msg = ConsoleOutput.oneLine(o.error());
            progress.message("proxyaudit: " + j.name() + ": " + msg);
            return BatchRow.failedToRead(j.name(), abs, sidecars, BatchRow.Status.UNREADABLE, msg, size,
                    System.nanoTime() - t0);
        }
        AuditResult r = o.result();
        if (audited != null) {
            audited.accept(j.name(), r);
        }
        String report = j.reportFile();
        String reportError = null;
        try {
            HtmlReport.write(r, outDir.resolve(report), ReportOptions.defaults()
                    .withTitle("proxyaudit: " + j.name()).withGeneratedAt(generatedAt));
        } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
            reportError = "cannot write its report " + report + ": " + reportProblem(e);
            progress.message("proxyaudit: " + j.name() + ": " + reportError);
        }
        String error = o.error();
        if (!o.complete()) {
            List<io.proxyaudit.capture.CaptureWarning> ws = r.capture().warnings();
            if (ws != null && !ws.isEmpty()) {
                error = error + "; last warning: " + ws.get(ws.size() - 1).toLine();
            }
            error = ConsoleOutput.oneLine(error);
            progress.message("proxyaudit: " + j.name() + ": " + error + " (" + warnings.get()
                    + " warnings; see its report)");
        }
        boolean failed = failOn.exitCode(r.findings()) != 0;
        BatchRow row = BatchRow.analysed(j.name(), abs, report, sidecars, r, o.complete(), error, failed, size,
                System.nanoTime() - t0);
        if (reportError != null) {
            row = row.withReportError(reportError);
        }
        if (o.complete() && row.damage() != null) {
            progress.message("proxyaudit: " + j.name() + ": damaged, read past it: " + row.damage());
        }
        return row;
    }
}
