package io.proxyaudit.history;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.Endpoint;
import io.proxyaudit.audit.Finding;
import io.proxyaudit.flow.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the history keeps of one audited capture beyond its {@link io.proxyaudit.report.BatchRow}: every flow's
 * columns of the {@code flows} table, every finding, and the endpoints with their flow counts. Small records, so a
 * batch can keep them for all its captures once each capture's {@link AuditResult} is dropped.
 *
 * @param allowedBy the endpoints every flow of which was direct-allowed, with the {@code --allow} entry of the first
 */
public record CaptureDetail(List<FlowRow> flows, List<Finding> findings, Map<Endpoint, Long> endpoints,
                            Map<Endpoint, String> allowedBy) {

    /** One row of the {@code flows} table: the NDJSON flow record's fields of the same names. */
    public record FlowRow(long id, String transport, long startNs, long endNs, String clientIp, int clientPort,
                          String serverIp, int serverPort, String host, String target, String role, String route,
                          String verdict, String reasonCode, String proxy, String client, boolean unanswered,
                          String state, long packetsC2s, long packetsS2c, long bytesC2s, long bytesS2c,
                          String allowedBy) {}

    public static CaptureDetail of(AuditResult r) {
        List<FlowRow> flows = new ArrayList<>(r.flows().size());
        Map<Endpoint, Long> endpoints = new TreeMap<>(Endpoint.ORDER);
        Map<Endpoint, String> allowedBy = new TreeMap<>(Endpoint.ORDER);
        java.util.Set<Endpoint> notAllowed = new java.util.HashSet<>();
        for (AuditedFlow a : r.flows()) {
            FlowRecord f = a.flow();
            flows.add(new FlowRow(f.id(), f.transport(), f.startNanos(), f.endNanos(), f.clientIp(), f.clientPort(),
                    f.serverIp(), f.serverPort(), f.host(), a.target(), a.role() == null ? null : a.role().wire(),
                    a.route() == null ? null : a.route().wire(), a.verdict() == null ? null : a.verdict().wire(),
                    a.reasonCode(), a.proxy(), a.client() == null ? null : a.client().wire(), a.unanswered(),
                    f.state(), f.packetsC2s(), f.packetsS2c(), f.bytesC2s(), f.bytesS2c(),
                    a.allowedBy()));
            Endpoint e = Endpoint.of(a);
            endpoints.merge(e, 1L, Long::sum);
            if (a.allowedBy() == null) {
                notAllowed.add(e);
            } else {
                allowedBy.putIfAbsent(e, a.allowedBy());
            }
        }
        allowedBy.keySet().removeAll(notAllowed);
        return new CaptureDetail(List.copyOf(flows), List.copyOf(r.findings()), endpoints, allowedBy);
    }
}
