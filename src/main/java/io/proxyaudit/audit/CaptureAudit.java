package io.proxyaudit.audit;

import io.proxyaudit.capture.CaptureSource;
import io.proxyaudit.capture.CaptureWarning;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.flow.FlowPipeline;
import io.proxyaudit.policy.ProxyConfig;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * One capture through the whole pipeline: flows, then the audit. Shared by {@code analyze} and {@code batch}.
 * A capture that cannot be opened gives an {@link Outcome} with an error and no result; a capture damaged
 * part-way gives the audit of what was read, with {@code complete == false}.
 */
public final class CaptureAudit {
    /**
     * @param result       the audit, or null when the capture could not be read at all
     * @param error        one-line reason when the capture could not be read (fully), else null
     * @param complete     false when reading stopped before the end of the file
     * @param elapsedNanos wall time spent on this capture (reading, flows, audit)
     */
    public record Outcome(String capture, AuditResult result, String error, boolean complete, long elapsedNanos) {
        public boolean readable() {
            return result != null;
        }
    }

    private CaptureAudit() {}

    /** Flows (and DNS lookups) listed per capture by default; beyond it they are judged and counted, not listed. */
    public static final int DEFAULT_MAX_LISTED = 250_000;

    public static Outcome run(String capture, ProxyConfig config, FlowOptions flowOptions, ReaderOptions readerOptions,
                              Consumer<CaptureWarning> warnings) {
        return run(capture, config, flowOptions, readerOptions, warnings, DEFAULT_MAX_LISTED);
    }

    /** @param maxListed audited flows and DNS lookups kept for the listings (memory bound; see {@link Auditor.Session}) */
    public static Outcome run(String capture, ProxyConfig config, FlowOptions flowOptions, ReaderOptions readerOptions,
                              Consumer<CaptureWarning> warnings, int maxListed) {
        return run(CaptureSource.path(capture), config, flowOptions, readerOptions, warnings, maxListed, Allowlist.NONE);
    }

    /** @param allowlist the destinations that may go direct ({@code --allow}) */
    public static Outcome run(String capture, ProxyConfig config, FlowOptions flowOptions, ReaderOptions readerOptions,
                              Consumer<CaptureWarning> warnings, int maxListed, Allowlist allowlist) {
        return run(CaptureSource.path(capture), config, flowOptions, readerOptions, warnings, maxListed, allowlist);
    }

    /**
     * The audit of one capture from any {@link CaptureSource} (a file, or a stream the caller opens: the Spark job's
     * Hadoop files): a function of the bytes and the configuration alone.
     */
    public static Outcome run(CaptureSource source, ProxyConfig config, FlowOptions flowOptions,
                              ReaderOptions readerOptions, Consumer<CaptureWarning> warnings, int maxListed) {
        return run(source, config, flowOptions, readerOptions, warnings, maxListed, Allowlist.NONE);
    }

    /** @param allowlist the destinations that may go direct ({@code --allow}) */
    public static Outcome run(CaptureSource source, ProxyConfig config, FlowOptions flowOptions,
                              ReaderOptions readerOptions, Consumer<CaptureWarning> warnings, int maxListed,
                              Allowlist allowlist) {
        long t0 = System.nanoTime();
        Auditor.Session session = new Auditor.Session(config, maxListed, allowlist);
        FlowPipeline.Result r;
        try {
            r = new FlowPipeline(flowOptions, readerOptions).onWarning(warnings).run(source, session);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Outcome(source.name(), null, msg.replace('\n', ' '), false, System.nanoTime() - t0);
        }
        AuditResult result = session.finish(r.summary(), r.flowCounters());
        String error = r.complete() ? null : "reading stopped before the end of the capture (see warnings)";
        return new Outcome(source.name(), result, error, r.complete(), System.nanoTime() - t0);
    }
}
