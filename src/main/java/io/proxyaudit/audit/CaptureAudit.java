package io.proxyaudit.audit;

import io.proxyaudit.capture.CaptureWarning;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.flow.FlowPipeline;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.FlowSink;
import io.proxyaudit.policy.ProxyConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

    public static Outcome run(String capture, ProxyConfig config, FlowOptions flowOptions, ReaderOptions readerOptions,
                              Consumer<CaptureWarning> warnings) {
        long t0 = System.nanoTime();
        List<FlowRecord> flows = new ArrayList<>();
        List<DnsLookup> lookups = new ArrayList<>();
        FlowSink sink = new FlowSink() {
            @Override
            public void onFlow(FlowRecord flow) {
                flows.add(flow);
            }

            @Override
            public void onDns(DnsLookup lookup) {
                lookups.add(lookup);
            }
        };
        FlowPipeline.Result r;
        try {
            r = new FlowPipeline(flowOptions, readerOptions).onWarning(warnings).run(capture, sink);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Outcome(capture, null, msg.replace('\n', ' '), false, System.nanoTime() - t0);
        }
        AuditResult result = Auditor.audit(r.summary(), flows, lookups, config, r.flowCounters());
        String error = r.complete() ? null : "reading stopped before the end of the capture (see warnings)";
        return new Outcome(capture, result, error, r.complete(), System.nanoTime() - t0);
    }
}
