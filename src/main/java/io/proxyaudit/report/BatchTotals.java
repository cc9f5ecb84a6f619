package io.proxyaudit.report;

import java.util.List;

/**
 * The numbers of a whole batch: how many captures in each state, and the {@link AuditTotals} summed over the
 * captures that were read, so the index, summary.json and the terminal line agree.
 */
public record BatchTotals(int captures, int analysed, int incomplete, int unreadable, int configErrors, int failed,
                          int skipped, long packets, long capturedBytes, AuditTotals audit, int reportErrors) {

    public static BatchTotals of(List<BatchRow> rows, int skipped) {
        int analysed = 0, incomplete = 0, unreadable = 0, config = 0, failed = 0, reportErrors = 0;
        long packets = 0, bytes = 0;
        long flows = 0, go = 0, other = 0, proxied = 0, exempt = 0, unproxied = 0, notProxyable = 0, unanswered = 0, dns = 0, findings = 0,
                allowed = 0;
        for (BatchRow r : rows) {
            switch (r.status()) {
                case ANALYSED -> analysed++;
                case INCOMPLETE -> incomplete++;
                case UNREADABLE -> unreadable++;
                case CONFIG_ERROR -> config++;
            }
            if (r.failed()) {
                failed++;
            }
            if (r.reportError() != null) {
                reportErrors++;
            }
            if (r.totals() == null) {
                continue;
            }
            packets += r.packets();
            bytes += r.capturedBytes();
            AuditTotals t = r.totals();
            flows += t.flows();
            go += t.goBypasses();
            other += t.otherBypasses();
            proxied += t.proxied();
            exempt += t.exempt();
            unproxied += t.unproxied();
            notProxyable += t.notProxyable();
            unanswered += t.unanswered();
            dns += t.dnsBypasses();
            findings += t.findings();
            allowed += t.allowed();
        }
        return new BatchTotals(rows.size(), analysed, incomplete, unreadable, config, failed, skipped, packets, bytes,
                new AuditTotals(flows, go, other, proxied, exempt, unproxied, notProxyable, unanswered, dns, findings, allowed),
                reportErrors);
    }

    /** Captures that gave no (complete) audit. */
    public int notRead() {
        return incomplete + unreadable + configErrors;
    }

    /** The batch in one plain sentence. */
    public String sentence() {
        StringBuilder b = new StringBuilder();
        if (failed > 0) {
            b.append(AuditTotals.count(failed, "capture")).append(" of ").append(captures)
                    .append(failed == 1 ? " has" : " have").append(" bypasses of the proxy at or above --fail-on");
        } else {
            b.append("No capture of ").append(captures).append(" has bypasses of the proxy at or above --fail-on");
        }
        b.append(" (").append(AuditTotals.count(audit.goBypasses(), "Go connection")).append(" and ")
                .append(AuditTotals.count(audit.otherBypasses(), "other connection")).append(" went direct)");
        if (audit.allowed() > 0) {
            b.append("; ").append(AuditTotals.count(audit.allowed(), "connection")).append(" went direct as the --allow "
                    + "file allows");
        }
        if (notRead() > 0) {
            b.append("; ").append(AuditTotals.count(notRead(), "capture")).append(" could not be read fully");
        }
        if (reportErrors > 0) {
            b.append("; ").append(AuditTotals.count(reportErrors, "report")).append(reportErrors == 1 ? " was" : " were")
                    .append(" not written");
        }
        return b.append('.').toString();
    }
}
