package io.proxyaudit.history;

import io.proxyaudit.audit.AuditResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Collects the {@link CaptureDetail} of each capture as the batch's workers audit them (any thread), keyed by the
 * capture's name in the batch, for the history database and the baseline once the batch is done.
 */
public final class RunRecorder implements BiConsumer<String, AuditResult> {
    private final Map<String, CaptureDetail> details = new ConcurrentHashMap<>();

    @Override
    public void accept(String captureName, AuditResult result) {
        details.put(captureName, CaptureDetail.of(result));
    }

    /** The capture's detail, or null when it gave no audit. */
    public CaptureDetail detail(String captureName) {
        return details.get(captureName);
    }
}
