package io.proxyaudit.cli;

import io.proxyaudit.audit.Allowlist;
import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.FailOn;
import io.proxyaudit.capture.CaptureSource;
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
    private final BatchCapture.Settings settings;
    private final Path outDir;
    private final Instant generatedAt;
    /** Told of each audited capture before its result is dropped (the history's recorder), or null. */
    private java.util.function.BiConsumer<String, AuditResult> audited;

    BatchRunner(ConfigFactory config, FlowOptions flowOptions, ReaderOptions readerOptions, int maxListed,
                Allowlist allowlist, FailOn failOn, Path outDir, Instant generatedAt) {
        this.config = config;
        this.settings = new BatchCapture.Settings(flowOptions, readerOptions, maxListed, failOn, allowlist);
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
        String report = j.reportFile();
        BatchCapture.AfterAudit writeReport = r -> {
            if (audited != null) {
                audited.accept(j.name(), r);
            }
            try {
                HtmlReport.write(r, outDir.resolve(report), ReportOptions.defaults()
                        .withTitle("proxyaudit: " + j.name()).withGeneratedAt(generatedAt));
                return null;
            } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
                String reportError = "cannot write its report " + report + ": " + reportProblem(e);
                progress.message("proxyaudit: " + j.name() + ": " + reportError);
                return reportError;
            }
        };
        return BatchCapture.audit(j.name(), abs, sidecars, () -> config.forCapture(sidecarPaths),
                CaptureSource.path(j.name()), size, settings, report, writeReport, progress::message, t0).row();
    }
}
