package io.proxyaudit.report;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedDns;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.Verdict;
import java.util.Locale;

/**
 * The headline numbers of one audit, shared by every output so they always agree.
 *
 * @param goBypasses      direct-bypass flows whose role is a Go endpoint ({@code Role.isGoRelated})
 * @param otherBypasses   direct-bypass flows to other destinations
 * @param proxied         flows that went through the proxy
 * @param exempt          direct flows exempted by the configuration
 * @param unproxied       direct flows while no proxy applied
 * @param notProxyable    direct flows no HTTP proxy could have carried (broadcast, DHCP, a database connection)
 * @param unanswered      direct attempts that never got an answer (any verdict)
 * @param dnsBypasses     DNS lookups of Go endpoints while a proxy applied
 * @param allowed         direct flows the {@code --allow} file let go direct (direct-allowed): never bypasses
 */
public record AuditTotals(long flows, long goBypasses, long otherBypasses, long proxied, long exempt, long unproxied,
                          long notProxyable, long unanswered, long dnsBypasses, long findings, long allowed) {

    /** Without allowed flows (no {@code --allow}). */
    public AuditTotals(long flows, long goBypasses, long otherBypasses, long proxied, long exempt, long unproxied,
                       long notProxyable, long unanswered, long dnsBypasses, long findings) {
        this(flows, goBypasses, otherBypasses, proxied, exempt, unproxied, notProxyable, unanswered, dnsBypasses,
                findings, 0);
    }

    public static AuditTotals of(AuditResult r) {
        long go = 0, other = 0, proxied = 0, exempt = 0, unproxied = 0, notProxyable = 0, unanswered = 0, dnsBypass = 0;
        long allowed = 0;
        for (AuditedFlow f : r.flows()) {
            Verdict v = f.verdict();
            if (v == Verdict.DIRECT_BYPASS) {
                if (f.role() != null && f.role().isGoRelated()) {
                    go++;
                } else {
                    other++;
                }
            } else if (v == Verdict.PROXIED) {
                proxied++;
            } else if (v == Verdict.DIRECT_EXEMPT) {
                exempt++;
            } else if (v == Verdict.DIRECT_UNPROXIED) {
                unproxied++;
            } else if (v == Verdict.NOT_PROXYABLE) {
                notProxyable++;
            } else if (v == Verdict.DIRECT_ALLOWED) {
                allowed++;
            }
            if (f.unanswered()) {
                unanswered++;
            }
        }
        for (AuditedDns d : r.dns()) {
            if (d.verdict() == Verdict.DIRECT_BYPASS) {
                dnsBypass++;
            }
        }
        return new AuditTotals(r.flows().size(), go, other, proxied, exempt, unproxied, notProxyable, unanswered, dnsBypass,
                r.findings().size(), allowed);
    }

    public long bypasses() {
        return goBypasses + otherBypasses;
    }

    /** The verdict in one plain-ASCII sentence; with the allowed connections when there are any. */
    public String sentence() {
        String s = verdictSentence();
        return allowed == 0 ? s : s + " " + count(allowed, "connection") + " went direct as the --allow file allows.";
    }

    private String verdictSentence() {
        if (flows == 0) {
            return "No connections were found in the capture, so nothing could be checked.";
        }
        if (goBypasses > 0) {
            return String.format(Locale.ROOT,
                    "%s of Go fetches went direct although a proxy was configured%s.",
                    count(goBypasses, "connection"),
                    otherBypasses > 0 ? ", and " + count(otherBypasses, "other connection") + " bypassed it too" : "");
        }
        if (otherBypasses > 0) {
            return String.format(Locale.ROOT,
                    "No Go fetch bypassed the proxy, but %s went direct although a proxy was configured.",
                    count(otherBypasses, "other connection"));
        }
        if (proxied > 0) {
            return String.format(Locale.ROOT, "No connection bypassed the proxy: %s went through it%s.",
                    count(proxied, "connection"), exempt > 0 ? ", " + exempt + " went direct as exempted" : "");
        }
        if (unproxied > 0 && exempt == 0) {
            return String.format(Locale.ROOT,
                    "No proxy was configured: all %s went direct.", count(unproxied, "connection"));
        }
        return String.format(Locale.ROOT, "No connection bypassed the proxy (%d exempt, %d without a proxy%s).",
                exempt, unproxied, notProxyable > 0 ? ", " + notProxyable + " not proxyable" : "");
    }

    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
