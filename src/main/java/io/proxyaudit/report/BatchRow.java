package io.proxyaudit.report;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.Finding;
import io.proxyaudit.audit.Verdict;
import io.proxyaudit.policy.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One capture of a batch, reduced to what the index, summary.json and the JUnit XML need. A batch keeps one of
 * these per capture and drops the capture's {@link AuditResult} as soon as its own report is written, so memory
 * does not grow with the size of the captures.
 *
 * @param name         the capture as shown (path relative to the working directory when below it)
 * @param path         the capture's absolute path
 * @param reportFile   file name of the capture's own report inside the output directory, or null
 * @param sidecars     the sidecar env files applied on top of the command-line configuration (empty: none)
 * @param status       {@link Status}
 * @param failed       true when the capture's bypasses reach {@code --fail-on}
 * @param error        one line for a capture that could not be read (fully) or configured, else null
 * @param damage       for a capture read to its end past damage (bytes skipped, a record cut short, a gzip
 *                     stream ending in an error): the first such warning and the bytes skipped, else null.
 *                     Like {@code analyze}, damage the reader got past does not change the exit code.
 * @param totals       headline counts, or null when the capture could not be read
 * @param findings     the findings, at most {@link #MAX_FINDINGS}; {@code findingCount} is the full number
 * @param hosts        per-host tallies, at most {@link #MAX_HOSTS} (most bypasses, then most flows); the rest
 *                     merged into one tally with a null host
 * @param firstNanos   first packet time (epoch ns) or {@link Long#MIN_VALUE}
 * @param fileBytes    size of the capture file on disk
 * @param reportError  one line when the capture was audited but its own HTML report could not be written (an
 *                     error of the batch like an unreadable capture: exit code 3, JUnit error), else null
 * @param assumedProxy the proxy the audit assumed because no configuration named one although the capture shows it
 *                     in use ({@link io.proxyaudit.audit.ProxyAssumption}), else null
 * @param assumption   the notice that says so, in words, else null
 */
public record BatchRow(String name, String path, String reportFile, List<String> sidecars, Status status,
                       boolean failed, String error, String damage, String format, String compression, long packets,
                       long capturedBytes, long firstNanos, long lastNanos, AuditTotals totals, List<Finding> findings,
                       long findingCount, List<HostTally> hosts, long warnings, long fileBytes, long elapsedNanos,
                       String reportError, String assumedProxy, String assumption) {
    /** Findings kept per capture (JUnit lists 50, summary.json all kept; the rest is counted). */
    public static final int MAX_FINDINGS = 500;
    /** Hosts kept per capture for the batch-wide host totals. */
    public static final int MAX_HOSTS = 100;

    public enum Status {
        /** Read to the end and audited. */
        ANALYSED("analysed"),
        /** Audited, but reading stopped before the end of the file (damaged). */
        INCOMPLETE("incomplete"),
        /** Not a capture, or could not be opened. */
        UNREADABLE("unreadable"),
        /** Its sidecar env file could not be read or parsed. */
        CONFIG_ERROR("config-error");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** Flows to one host within one capture (or the batch), by verdict; {@code host == null} is "other hosts". */
    public record HostTally(String host, Role role, long flows, long proxied, long exempt, long unproxied,
                            long bypasses, long captures) {
        HostTally plus(HostTally o) {
            Role r = role == null ? o.role : o.role == null || role.ordinal() <= o.role.ordinal() ? role : o.role;
            return new HostTally(host, r, flows + o.flows, proxied + o.proxied, exempt + o.exempt,
                    unproxied + o.unproxied, bypasses + o.bypasses, captures + o.captures);
        }
    }

    public boolean readable() {
        return totals != null;
    }

    /** The row of an audited capture (complete or not). */
    public static BatchRow analysed(String name, String path, String reportFile, List<String> sidecars,
                                    AuditResult r, boolean complete, String error, boolean failed, long fileBytes,
                                    long elapsedNanos) {
        List<Finding> f = r.findings();
        return new BatchRow(name, path, reportFile, List.copyOf(sidecars),
                complete ? Status.ANALYSED : Status.INCOMPLETE, failed, complete ? null : error, damage(r),
                r.capture().format(), r.capture().compression(), r.capture().packets(), r.capture().capturedBytes(),
                r.capture().firstTimestampNanos(), r.capture().lastTimestampNanos(), AuditTotals.of(r),
                List.copyOf(f.subList(0, Math.min(f.size(), MAX_FINDINGS))), f.size(), hostTallies(r),
                Nulls.list(r.capture().warnings()).size(), fileBytes, elapsedNanos, null,
                r.assumption() == null ? null : r.assumption().proxyUrl(),
                r.assumption() == null ? null : r.assumption().sentence());
    }

    /** This row with its report marked as not written (no link to it) for {@code why}. */
    public BatchRow withReportError(String why) {
        return new BatchRow(name, path, null, sidecars, status, failed, error, damage, format, compression, packets,
                capturedBytes, firstNanos, lastNanos, totals, findings, findingCount, hosts, warnings, fileBytes,
                elapsedNanos, SafeText.bound(why, 600), assumedProxy, assumption);
    }

    /** The row of a capture that gave no audit. */
    public static BatchRow failedToRead(String name, String path, List<String> sidecars, Status status, String error,
                                        long fileBytes, long elapsedNanos) {
        return new BatchRow(name, path, null, List.copyOf(sidecars), status, false, error, null, null, null, 0, 0,
                Long.MIN_VALUE, Long.MIN_VALUE, null, List.of(), 0, List.of(), 0, fileBytes, elapsedNanos, null, null, null);
    }

    /** "sidecar" when a sidecar env file was applied on top of the command line, else "command-line". */
    public String configSource() {
        return sidecars.isEmpty() ? "command-line" : "sidecar";
    }

    /** Warning kinds that mean part of the file could not be read (see the capture readers). */
    static final java.util.Set<String> DAMAGE_KINDS = java.util.Set.of("read-error", "bad-record-length",
            "bad-block-length", "bad-block", "truncated-record", "gzip-limit", "libpcap-error");

    static String damage(AuditResult r) {
        String first = null;
        for (io.proxyaudit.capture.CaptureWarning w : Nulls.list(r.capture().warnings())) {
            if (DAMAGE_KINDS.contains(w.kind())) {
                first = w.toLine();
                break;
            }
        }
        long skipped = r.capture().skippedBytes();
        if (first == null && skipped <= 0) {
            return null;
        }
        String s = (skipped > 0 ? skipped + " bytes skipped" : "") + (first != null && skipped > 0 ? "; " : "")
                + (first != null ? "first: " + first : "");
        return SafeText.bound(s, 600);
    }

    static List<HostTally> hostTallies(AuditResult r) {
        Map<String, HostTally> m = new HashMap<>();
        for (AuditedFlow f : r.flows()) {
            String h = ReportCharts.hostKey(f.flow().host());
            Verdict v = f.verdict();
            HostTally one = new HostTally(SafeText.bound(h, 253), f.role() == null ? Role.OTHER : f.role(), 1,
                    v == Verdict.PROXIED ? 1 : 0, v == Verdict.DIRECT_EXEMPT ? 1 : 0,
                    v == Verdict.DIRECT_UNPROXIED ? 1 : 0, v == Verdict.DIRECT_BYPASS ? 1 : 0, 1);
            m.merge(one.host(), one, HostTally::plus);
        }
        List<HostTally> all = new ArrayList<>(m.values());
        // a host counts its capture once, whatever its number of flows
        all.replaceAll(t -> new HostTally(t.host(), t.role(), t.flows(), t.proxied(), t.exempt(), t.unproxied(),
                t.bypasses(), 1));
        all.sort(ORDER);
        if (all.size() <= MAX_HOSTS) {
            return List.copyOf(all);
        }
        HostTally rest = null;
        for (HostTally t : all.subList(MAX_HOSTS, all.size())) {
            HostTally u = new HostTally(null, Role.OTHER, t.flows(), t.proxied(), t.exempt(), t.unproxied(),
                    t.bypasses(), 1);
            rest = rest == null ? u : new HostTally(null, Role.OTHER, rest.flows() + u.flows(),
                    rest.proxied() + u.proxied(), rest.exempt() + u.exempt(), rest.unproxied() + u.unproxied(),
                    rest.bypasses() + u.bypasses(), 1);
        }
        List<HostTally> kept = new ArrayList<>(all.subList(0, MAX_HOSTS));
        kept.add(rest);
        return List.copyOf(kept);
    }

    /** Most bypasses first, then most flows, then by name (other hosts last). */
    public static final Comparator<HostTally> ORDER = Comparator.<HostTally>comparingLong(t -> -t.bypasses())
            .thenComparingLong(t -> -t.flows())
            .thenComparing(t -> t.host() == null ? "\uffff" : t.host());

    /** Host tallies summed over the rows (in row order), sorted by {@link #ORDER}. */
    public static List<HostTally> batchHosts(List<BatchRow> rows) {
        Map<String, HostTally> m = new HashMap<>();
        for (BatchRow row : rows) {
            for (HostTally t : row.hosts()) {
                String key = t.host() == null ? "\u0000other" : t.host();
                m.merge(key, t, HostTally::plus);
            }
        }
        List<HostTally> out = new ArrayList<>(m.values());
        out.sort(ORDER);
        return out;
    }
}
