package io.proxyaudit.history;

import io.proxyaudit.audit.Endpoint;
import io.proxyaudit.report.BatchHistory;
import io.proxyaudit.report.BatchRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A batch's endpoints against its baseline: which are new, and in which captures. */
public final class BaselineCheck {
    private BaselineCheck() {}

    /**
     * Every endpoint of the run with its flows, the captures (in row order) that reached it, and the {@code --allow}
     * entry when every flow to it was direct-allowed.
     */
    public static Map<Endpoint, BatchHistory.NewEndpoint> endpoints(List<BatchRow> rows, RunRecorder recorder) {
        Map<Endpoint, BatchHistory.NewEndpoint> all = new TreeMap<>(Endpoint.ORDER);
        for (BatchRow row : rows) {
            CaptureDetail d = recorder.detail(row.name());
            if (d == null) {
                continue;
            }
            for (Map.Entry<Endpoint, Long> e : d.endpoints().entrySet()) {
                BatchHistory.NewEndpoint before = all.get(e.getKey());
                List<String> captures = new ArrayList<>(before == null ? List.of() : before.captures());
                captures.add(row.name());
                // allowed only when every capture's flows to it were: the first capture's entry is the one shown
                String allowed = d.allowedBy().get(e.getKey());
                String allowedBy = before == null ? allowed
                        : before.allowedBy() != null && allowed != null ? before.allowedBy() : null;
                all.put(e.getKey(), new BatchHistory.NewEndpoint(e.getKey(),
                        (before == null ? 0 : before.flows()) + e.getValue(), List.copyOf(captures), allowedBy));
            }
        }
        return all;
    }

    /** The run's endpoints that {@code baseline} does not hold (none for a baseline not created yet). */
    public static List<BatchHistory.NewEndpoint> fresh(EndpointBaseline baseline,
                                                       Map<Endpoint, BatchHistory.NewEndpoint> run) {
        if (baseline == null) {
            return List.of();
        }
        return run.values().stream().filter(n -> !baseline.endpoints().containsKey(n.endpoint())).toList();
    }
}
