package io.proxyaudit.report;

import java.time.Instant;

/**
 * Knobs of the HTML report. {@link #defaults()} is what {@code analyze --report} uses.
 *
 * @param title            heading of the page ("proxyaudit report" by default)
 * @param generatedAt      the time printed in the footer (a fixed value keeps test output stable)
 * @param timelineLanes    lanes drawn in the timeline before the rest is merged into "other hosts"
 * @param timelineMaxBars  above this many connections the timeline bins bars into time buckets
 * @param timeBuckets      number of time buckets used when binning (timeline and verdicts over time)
 * @param hostBars         hosts shown in the per-host bar charts
 * @param maxTableRows     DNS lookups and warnings rendered as rows before the rest is only counted
 *                         (the flow table holds every flow and pages client-side)
 */
public record ReportOptions(String title, Instant generatedAt, int timelineLanes, int timelineMaxBars, int timeBuckets,
                            int hostBars, int maxTableRows) {
    public ReportOptions {
        if (timelineLanes < 1 || timelineMaxBars < 1 || timeBuckets < 2 || hostBars < 1 || maxTableRows < 1) {
            throw new IllegalArgumentException("report limits must be positive");
        }
        title = title == null ? "proxyaudit report" : title;
        generatedAt = generatedAt == null ? Instant.now() : generatedAt;
    }

    public static ReportOptions defaults() {
        return new ReportOptions("proxyaudit report", Instant.now(), 30, 3000, 240, 15, 2000);
    }

    public ReportOptions withGeneratedAt(Instant at) {
        return new ReportOptions(title, at, timelineLanes, timelineMaxBars, timeBuckets, hostBars, maxTableRows);
    }

    public ReportOptions withTitle(String t) {
        return new ReportOptions(t, generatedAt, timelineLanes, timelineMaxBars, timeBuckets, hostBars, maxTableRows);
    }
}
