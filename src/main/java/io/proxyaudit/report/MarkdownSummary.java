package io.proxyaudit.report;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.FailOn;
import io.proxyaudit.audit.Finding;
import io.proxyaudit.audit.Verdict;
import java.util.List;
import java.util.Locale;

/**
 * The short Markdown summary of an audit or a batch for a CI job page: GitHub's {@code $GITHUB_STEP_SUMMARY}
 * (GitHub Flavored Markdown) and GitLab's Markdown artifacts. The verdict line, the counts in one table, each
 * finding with its fix line, and where the HTML report is.
 *
 * <p>Text from a capture or the environment (host names, SNI, capture names, reasons and fixes that quote them) never
 * becomes markup: it goes in {@link #code code spans}, where nothing is interpreted, not even autolinks (which some
 * renderers find after backslash escapes are resolved, commonmark-java's among them). The sentences proxyaudit
 * writes itself (counts, addresses) are {@link #text escaped} character by character.
 */
public final class MarkdownSummary {
    /** Findings listed per capture (and per batch) before the rest is counted. */
    static final int MAX_FINDINGS = 20;
    /** Captures listed in a batch summary's table before the rest is counted. */
    static final int MAX_ROWS = 50;

    private MarkdownSummary() {}

    /**
     * One capture's section.
     *
     * @param report where the HTML report was written, or null
     */
    public static String capture(String name, AuditResult r, FailOn level, String report) {
        AuditTotals t = AuditTotals.of(r);
        boolean failed = level.exitCode(r.findings()) != 0;
        StringBuilder b = new StringBuilder();
        b.append("### proxyaudit: ").append(code(name, 200)).append(" \u2014 ").append(status(failed, level)).append("\n\n");
        if (r.assumption() != null) {
            b.append("> **Note:** ").append(text(r.assumption().sentence(), 600)).append("\n\n");
        }
        b.append("**Verdict:** ").append(text(t.sentence(), 300)).append("\n\n");
        boolean allowed = t.allowed() > 0;
        b.append("| Go bypasses | other bypasses | proxied | exempt | unproxied | not proxyable | unanswered | DNS bypasses |")
                .append(allowed ? " allowed |\n" : "\n");
        b.append("|---:|---:|---:|---:|---:|---:|---:|---:|").append(allowed ? "---:|\n" : "\n");
        b.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %d | %d |", t.goBypasses(),
                t.otherBypasses(), t.proxied(), t.exempt(), t.unproxied(), t.notProxyable(), t.unanswered(),
                t.dnsBypasses())).append(allowed ? " " + t.allowed() + " |\n\n" : "\n\n");
        findings(b, null, r.findings(), level);
        allowed(b, r);
        if (report != null) {
            b.append("HTML report: ").append(code(report, 300)).append("\n\n");
        }
        return b.toString();
    }

    /**
     * A batch: the verdict line, one row per capture (its name as escaped text, the rest numbers), the first
     * findings across captures, where the index is.
     */
    public static String batch(List<BatchRow> rows, BatchTotals totals, FailOn level, String index) {
        StringBuilder b = new StringBuilder();
        b.append("### proxyaudit batch: ").append(AuditTotals.count(totals.captures(), "capture")).append(" \u2014 ")
                .append(status(totals.failed() > 0, level)).append("\n\n");
        b.append("**Verdict:** ").append(text(totals.sentence(), 600)).append("\n\n");
        b.append("| capture | result | Go bypasses | other bypasses | proxied | findings |\n");
        b.append("|---|---|---:|---:|---:|---:|\n");
        int shown = 0;
        for (BatchRow r : rows) {
            if (shown++ == MAX_ROWS) {
                b.append("\n").append(rows.size() - MAX_ROWS).append(" more captures: see the index.\n");
                break;
            }
            AuditTotals t = r.totals();
            String result = r.status() != BatchRow.Status.ANALYSED ? r.status().wire() : r.failed() ? "FAIL" : "pass";
            // in a GFM table a cell ends at any unescaped '|', even inside a code span (GFM 0.29 section 4.10)
            b.append("| ").append(code(r.name(), 120).replace("|", "\\|")).append(" | ").append(result).append(" | ")
                    .append(t == null ? "" : t.goBypasses()).append(" | ").append(t == null ? "" : t.otherBypasses())
                    .append(" | ").append(t == null ? "" : t.proxied()).append(" | ").append(r.findingCount()).append(" |\n");
        }
        b.append('\n');
        int listed = 0;
        long total = 0;
        for (BatchRow r : rows) {
            total += r.findingCount();
        }
        if (total > 0) {
            b.append("**Findings (").append(total).append(")**\n\n");
            for (BatchRow r : rows) {
                for (Finding f : Nulls.list(r.findings())) {
                    if (listed++ == MAX_FINDINGS) {
                        break;
                    }
                    finding(b, r.name(), f, level);
                }
            }
            if (total > MAX_FINDINGS) {
                b.append("- ").append(total - MAX_FINDINGS).append(" more: see the index\n");
            }
            b.append('\n');
        }
        if (index != null) {
            b.append("Index: ").append(code(index, 300)).append("\n\n");
        }
        return b.toString();
    }

    private static String status(boolean failed, FailOn level) {
        return (failed ? "FAIL" : "pass") + " (--fail-on " + level.name().toLowerCase(Locale.ROOT) + ")";
    }

    private static void findings(StringBuilder b, String capture, List<Finding> findings, FailOn level) {
        if (findings.isEmpty()) {
            b.append("No findings.\n\n");
            return;
        }
        b.append("**Findings (").append(findings.size()).append(")**\n\n");
        int i = 0;
        for (Finding f : findings) {
            if (i++ == MAX_FINDINGS) {
                b.append("- ").append(findings.size() - MAX_FINDINGS).append(" more: see the report\n");
                break;
            }
            finding(b, capture, f, level);
        }
        b.append('\n');
    }

    /**
     * The direct-allowed connections by destination and the {@code --allow} line that allowed them: never findings,
     * listed so a reader sees what the allowlist let through.
     */
    private static void allowed(StringBuilder b, AuditResult r) {
        java.util.Map<String, long[]> byEntry = new java.util.LinkedHashMap<>();
        java.util.Map<String, String[]> shown = new java.util.HashMap<>();
        for (AuditedFlow f : r.flows()) {
            if (f.verdict() == Verdict.DIRECT_ALLOWED) {
                String key = f.target() + "\u0000" + f.allowedBy();
                byEntry.computeIfAbsent(key, k -> new long[1])[0]++;
                shown.putIfAbsent(key, new String[] {f.target(), f.allowedBy()});
            }
        }
        if (byEntry.isEmpty()) {
            return;
        }
        b.append("**Allowed to go direct (--allow)**\n\n");
        int i = 0;
        for (java.util.Map.Entry<String, long[]> e : byEntry.entrySet()) {
            if (i++ == MAX_FINDINGS) {
                b.append("- ").append(byEntry.size() - MAX_FINDINGS).append(" more: see the report\n");
                break;
            }
            String[] s = shown.get(e.getKey());
            b.append("- **direct-allowed** ").append(code(s[0], 200)).append(" (")
                    .append(AuditTotals.count(e.getValue()[0], "flow")).append(", by ").append(code(s[1], 300))
                    .append(")\n");
        }
        b.append('\n');
    }

    /** {@code - [capture: ]**verdict** `host:port` (role, N flows, fails the job)}, then why and the fix as sub-items. */
    private static void finding(StringBuilder b, String capture, Finding f, FailOn level) {
        b.append("- ");
        if (capture != null) {
            b.append(code(capture, 120)).append(": ");
        }
        b.append("**").append(f.verdict() == null ? "-" : f.verdict().wire()).append("** ")
                .append(code(f.host() + ":" + f.port(), 200)).append(" (")
                .append(f.role() == null ? "-" : f.role().wire()).append(", ")
                .append(AuditTotals.count(f.flowCount(), "flow"))
                .append(level.counts(f) ? ", fails the job" : "").append(")\n");
        if (f.reason() != null) {
            b.append("  - why: ").append(code(f.reason(), 600)).append('\n');
        }
        if (f.remediation() != null) {
            b.append("  - fix: ").append(code(f.remediation(), 1000)).append('\n');
        }
    }

    /**
     * Prose that shows as itself: {@link SafeText#bound cleaned and bounded} (no line breaks, no controls), every
     * ASCII punctuation character backslash-escaped (CommonMark 0.31 section 2.4: any of them may be), so no emphasis,
     * link, image, table cell, heading, HTML tag, entity or autolink can start.
     */
    public static String text(String s, int max) {
        String c = SafeText.bound(s, max);
        StringBuilder b = new StringBuilder(c.length() + 16);
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (ch >= 0x21 && ch <= 0x7e && !Character.isLetterOrDigit(ch)) {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.toString();
    }

    /**
     * A code span (CommonMark 0.31 section 6.1): nothing inside is interpreted (no links, HTML, entities or autolinks).
     * The fence is one backtick longer than the longest run inside, with a space on each side when the content begins
     * or ends with a backtick or a space (one such space is stripped on each side).
     */
    public static String code(String s, int max) {
        String c = SafeText.bound(s, max);
        if (c.isBlank()) {
            return "(none)";
        }
        int longest = 0;
        int run = 0;
        for (int i = 0; i < c.length(); i++) {
            run = c.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        boolean pad = c.startsWith("`") || c.endsWith("`") || c.startsWith(" ") || c.endsWith(" ");
        return pad ? fence + " " + c + " " + fence : fence + c + fence;
    }
}
