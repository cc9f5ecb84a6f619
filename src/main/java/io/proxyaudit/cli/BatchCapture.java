package io.proxyaudit.cli;

import io.proxyaudit.audit.Allowlist;
import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.audit.FailOn;
import io.proxyaudit.capture.CaptureSource;
import io.proxyaudit.capture.CaptureWarning;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ConfigException;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.report.BatchRow;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One capture of a batch: its configuration (sidecars on top of the command line), its audit and its
 * {@link BatchRow}, whatever goes wrong (a bad sidecar, a file that is not a capture, damage, a bug: each is a row with
 * one line of error, never an exception). Shared by {@code batch} (which then writes the capture's report) and the
 * Spark job (which reads the capture from a Hadoop file system), so both judge and count a capture alike.
 */
public final class BatchCapture {
    /** The configuration of one capture; throws when a sidecar cannot be read or parsed. */
    @FunctionalInterface
    public interface ConfigSupplier {
        ProxyConfig get() throws ConfigException;
    }

    /**
     * What every capture of a run is audited with.
     *
     * @param allowlist the destinations that may go direct ({@code --allow})
     */
    public record Settings(FlowOptions flowOptions, ReaderOptions readerOptions, int maxListed, FailOn failOn,
                           Allowlist allowlist) {
        /** Without an allowlist. */
        public Settings(FlowOptions flowOptions, ReaderOptions readerOptions, int maxListed, FailOn failOn) {
            this(flowOptions, readerOptions, maxListed, failOn, Allowlist.NONE);
        }

        /** The defaults of {@code batch} with {@code failOn}. */
        public static Settings defaults(FailOn failOn) {
            return new Settings(FlowOptions.defaults(), ReaderOptions.defaults(), CaptureAudit.DEFAULT_MAX_LISTED, failOn);
        }
    }

    /** The capture's row, and its audit (null when there is none: a configuration error, an unreadable file). */
    public record Audited(BatchRow row, AuditResult result) {}

    /** What is done with an audit before its row is made ({@code batch}: write its report); the error in a line, or null. */
    @FunctionalInterface
    public interface AfterAudit {
        String accept(AuditResult result);
    }

    private BatchCapture() {}

    /**
     * Audits one capture.
     *
     * @param name      the capture as shown
     * @param path      its absolute path (or URI)
     * @param sidecars  the sidecar files applied on top of the command line, as shown
     * @param fileBytes  the file's size on disk
     * @param reportFile the file name of the capture's own report, or null when none is written
     * @param after      run on the audit before the row is made; a line it returns is the row's report error
     * @param messages   receives the lines {@code batch} prints on stderr about this capture
     * @param t0         {@link System#nanoTime()} when work on the capture began
     */
    public static Audited audit(String name, String path, List<String> sidecars, ConfigSupplier config,
                                CaptureSource source, long fileBytes, Settings settings, String reportFile,
                                AfterAudit after, Consumer<String> messages, long t0) {
        ProxyConfig cfg;
        try {
            cfg = config.get();
        } catch (ConfigException e) {
            String msg = "sidecar configuration: " + ConsoleOutput.oneLine(String.valueOf(e.getMessage()));
            messages.accept("proxyaudit: " + name + ": " + msg);
            return new Audited(BatchRow.failedToRead(name, path, sidecars, BatchRow.Status.CONFIG_ERROR, msg, fileBytes,
                    System.nanoTime() - t0), null);
        }
        AtomicLong warnings = new AtomicLong();
        CaptureAudit.Outcome o;
        try {
            o = CaptureAudit.run(source, cfg, settings.flowOptions(), settings.readerOptions(),
                    w -> warnings.incrementAndGet(), settings.maxListed(), settings.allowlist());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            String msg = "could not be analysed: " + (e instanceof OutOfMemoryError
                    ? "out of memory (fewer --threads, or more heap: PROXYAUDIT_JAVA_OPTS=-Xmx2g)"
                    : "internal error (please report it with the capture)");
            messages.accept("proxyaudit: " + name + ": " + msg);
            return new Audited(BatchRow.failedToRead(name, path, sidecars, BatchRow.Status.UNREADABLE, msg, fileBytes,
                    System.nanoTime() - t0), null);
        }
        if (!o.readable()) {
            String msg = ConsoleOutput.oneLine(o.error());
            messages.accept("proxyaudit: " + name + ": " + msg);
            return new Audited(BatchRow.failedToRead(name, path, sidecars, BatchRow.Status.UNREADABLE, msg, fileBytes,
                    System.nanoTime() - t0), null);
        }
        AuditResult r = o.result();
        String reportError = after == null ? null : after.accept(r);
        String error = o.error();
        if (!o.complete()) {
            List<CaptureWarning> ws = r.capture().warnings();
            if (ws != null && !ws.isEmpty()) {
                error = error + "; last warning: " + ws.get(ws.size() - 1).toLine();
            }
            error = ConsoleOutput.oneLine(error);
            messages.accept("proxyaudit: " + name + ": " + error + " (" + warnings.get() + " warnings; see its report)");
        }
        boolean failed = settings.failOn().exitCode(r.findings()) != 0;
        BatchRow row = BatchRow.analysed(name, path, reportFile, sidecars, r, o.complete(), error, failed, fileBytes,
                System.nanoTime() - t0);
        if (reportError != null) {
            row = row.withReportError(reportError);
        }
        if (o.complete() && row.damage() != null) {
            messages.accept("proxyaudit: " + name + ": damaged, read past it: " + row.damage());
        }
        return new Audited(row, r);
    }
}
