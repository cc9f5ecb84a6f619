package io.proxyaudit.report;

import io.proxyaudit.audit.Finding;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code index.html} of {@code proxyaudit batch}: self-contained like the per-capture report (CSP meta tag that
 * allows no script and no request, inline CSS, inline SVG chart). One row per capture with a link to its own
 * report, a chart of bypasses per capture over capture time, and the totals by host across the batch.
 */
public final class BatchIndexHtml {
    /** Rows of the host and findings tables before the rest is only counted (summary.json has them all). */
    static final int MAX_TABLE_ROWS = 1000;
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
            + "form-action 'none'";
    private static final String STYLE = resource("report.css")
            + "\n.st-fail{color:var(--bypass);font-weight:700}.st-pass{color:var(--proxied);font-weight:600}"
            + ".st-error{color:var(--unanswered);font-weight:700}td.num,th.num{text-align:right}"
            + "tr.fail td:first-child{border-left:4px solid var(--bypass)}"
            + "tr.error td:first-child{border-left:4px solid var(--unanswered)}"
            + "#capture-table td.num,#capture-table td.st,#capture-table td.span,#host-table td.num,#finding-table td.num"
            + "{white-space:nowrap}#capture-table th,#host-table th{word-break:normal;overflow-wrap:normal}"
            + "#capture-table td.name{min-width:12em}#run-table td,#new-endpoint-table td{white-space:nowrap}"
            + "#new-endpoint-table td.caps{white-space:normal;min-width:34em}\n";

    private final StringBuilder out = new StringBuilder(1 << 16);

    private BatchIndexHtml() {}

    public static void write(Path file, String title, Instant generatedAt, List<BatchRow> rows,
                             List<BatchSummaryJson.Skipped> skipped) throws IOException {
        write(file, title, generatedAt, rows, skipped, BatchHistory.NONE);
    }

    /** With the history's trend chart and the baseline's new endpoints ({@link BatchHistory}). */
    public static void write(Path file, String title, Instant generatedAt, List<BatchRow> rows,
                             List<BatchSummaryJson.Skipped> skipped, BatchHistory history) throws IOException {
        AtomicFile.write(file, w -> write(w, title, generatedAt, rows, skipped, history));
    }

    public static void write(Writer w, String title, Instant generatedAt, List<BatchRow> rows,
                             List<BatchSummaryJson.Skipped> skipped) throws IOException {
        write(w, title, generatedAt, rows, skipped, BatchHistory.NONE);
    }

    public static void write(Writer w, String title, Instant generatedAt, List<BatchRow> rows,
                             List<BatchSummaryJson.Skipped> skipped, BatchHistory history) throws IOException {
        BatchIndexHtml h = new BatchIndexHtml();
        h.render(title, generatedAt, rows, skipped, history);
        w.write(h.out.toString());
        w.flush();
    }

    private void render(String title, Instant generatedAt, List<BatchRow> rows, List<BatchSummaryJson.Skipped> skipped,
                        BatchHistory history) {
        BatchTotals t = BatchTotals.of(rows, skipped.size());
        a("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        a("<meta http-equiv=\"Content-Security-Policy\" content=\"").a(CSP).a("\">\n");
        a("<meta name=\"referrer\" content=\"no-referrer\">\n");
        a("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        a("<title>").t(title).a("</title>\n<style>").a(STYLE).a("</style>\n</head>\n<body>\n");
        a("<header><h1>").t(title).a("</h1><p class=\"meta\">").a(Integer.toString(t.captures()))
                .a(" captures &middot; generated ").t(Times.iso(generatedAt.getEpochSecond() * 1_000_000_000L))
                .a("</p>\n<nav><a href=\"#captures\">Captures</a> <a href=\"#chart\">Chart</a>")
                .a(history.dbFile() == null ? "" : " <a href=\"#history\">History</a>")
                .a(history.baseline() == null ? "" : " <a href=\"#new-endpoints\">New endpoints</a>")
                .a(" <a href=\"#hosts\">Hosts</a> <a href=\"#findings\">Findings</a> <a href=\"#skipped\">Skipped files</a>"
                        + "</nav></header>\n");
        a("<section id=\"verdict\" class=\"verdict ").a(t.failed() > 0 || t.notRead() + t.reportErrors() > 0 ? "bad" : "good")
                .a("\">\n<p class=\"sentence\">").t(t.sentence()).a("</p>\n<div class=\"tiles\">");
        tile("Captures", t.captures(), "proxied");
        tile("Failing (--fail-on)", t.failed(), "bypass");
        tile("Not read fully", t.notRead(), "unanswered");
        if (t.reportErrors() > 0) {
            tile("Reports not written", t.reportErrors(), "unanswered");
        }
        tile("Go fetches direct (bypass)", t.audit().goBypasses(), "bypass");
        tile("Other bypasses", t.audit().otherBypasses(), "bypass");
        tile("Proxied", t.audit().proxied(), "proxied");
        tile("Direct, exempt", t.audit().exempt(), "exempt");
        tile("Direct, no proxy set", t.audit().unproxied(), "unproxied");
        tile("Not proxyable", t.audit().notProxyable(), "notproxyable");
        if (t.audit().allowed() > 0) {
            tile("Direct, allowed (--allow)", t.audit().allowed(), "exempt");
        }
        a("</div>\n</section>\n");
        if (history.baseline() != null) {
            out.append(BaselineSection.render(history.baseline()));
        }
        captures(rows);
        chart(rows);
        if (history.dbFile() != null) {
            out.append(RunTrendChart.section(history));
        }
        hosts(rows);
        findings(rows);
        skipped(skipped);
        a("<footer>Written by proxyaudit batch. This file is self-contained: it loads nothing from the network; "
                + "summary.json next to it has the same numbers in machine-readable form.</footer>\n</body>\n</html>\n");
    }

    private void captures(List<BatchRow> rows) {
        a("<section id=\"captures\"><h2>Captures (").a(Integer.toString(rows.size())).a(")</h2>\n");
        if (rows.isEmpty()) {
            a("<p class=\"empty\">No capture was found.</p></section>\n");
            return;
        }
        a("<div class=\"scroll\"><table class=\"data\" id=\"capture-table\"><thead><tr><th>#</th><th>Capture</th>"
                + "<th>Status</th><th>First packet (UTC), duration</th><th class=\"num\">Packets</th><th class=\"num\">Proxied</th>"
                + "<th class=\"num\">Exempt</th><th class=\"num\">No proxy</th><th class=\"num\">Go bypasses</th>"
                + "<th class=\"num\">Other bypasses</th><th class=\"num\">Unanswered</th><th>Configuration</th>"
                + "</tr></thead><tbody>\n");
        int i = 0;
        for (BatchRow r : rows) {
            String cls = r.failed() ? "fail" : r.status() != BatchRow.Status.ANALYSED || r.reportError() != null ? "error"
                    : "pass";
            a("<tr class=\"capture ").a(cls).a("\"><td class=\"num\">").a(Integer.toString(++i)).a("</td><td class=\"name\">");
            if (r.reportFile() != null) {
                a("<a href=\"").t(r.reportFile()).a("\">").t(SafeText.bound(r.name(), 300)).a("</a>");
            } else {
                t(SafeText.bound(r.name(), 300));
            }
            if (r.reportError() != null) {
                a("<br><small class=\"st-error\">report not written: ").t(r.reportError()).a("</small>");
            }
            // the --fail-on outcome is still shown beside a failed report, labelled so it does not read as the row's status
            a("</td><td class=\"st\">").a(r.reportError() != null
                    ? "<span class=\"st-error\">report error</span><br><small>audit: </small>" : "").a(status(r));
            if (r.damage() != null) {
                a(" <span class=\"st-error\" title=\"").t(r.damage()).a("\">damaged</span>");
            }
            a("</td>");
            if (!r.readable()) {
                a("<td colspan=\"8\">").t(SafeText.bound(r.error(), 600)).a("</td>");
            } else {
                AuditTotals x = r.totals();
                a("<td class=\"span\" title=\"").t(spanTitle(r)).a("\">").t(span(r)).a("</td>");
                num(r.packets());
                num(x.proxied());
                num(x.exempt());
                num(x.unproxied());
                num(x.goBypasses());
                num(x.otherBypasses());
                num(x.unanswered());
            }
            if (r.assumption() != null) {
                a("<td class=\"st-error\" title=\"").t(r.assumption()).a("\">none given; assumed <code>")
                        .t(SafeText.bound(r.assumedProxy(), 120)).a("</code> seen in the capture</td></tr>\n");
            } else if (r.sidecars().isEmpty()) {
                a("<td>command line</td></tr>\n");
            } else {
                a("<td title=\"").t(String.join(", ", r.sidecars())).a("\">sidecar ");
                for (int k = 0; k < r.sidecars().size(); k++) {
                    String sc = r.sidecars().get(k);
                    a(k > 0 ? ", " : "").a("<code>").t(SafeText.bound(sc.substring(sc.lastIndexOf('/') + 1), 120)).a("</code>");
                }
                a("</td></tr>\n");
            }
        }
        a("</tbody></table></div>\n<p class=\"note\">Configuration: \"sidecar\" means the capture's own NAME.env or "
                + "NAME.goenv.json was applied on top of the command line (it wins over --env-file and --env); "
                + "\"command line\" means only the batch-wide options and the inherited environment applied.</p>\n"
                + "</section>\n");
    }

    private static String status(BatchRow r) {
        String s = switch (r.status()) {
            case ANALYSED -> "";
            case INCOMPLETE -> "<span class=\"st-error\">incomplete</span> ";
            case UNREADABLE -> "<span class=\"st-error\">unreadable</span>";
            case CONFIG_ERROR -> "<span class=\"st-error\">config error</span>";
        };
        if (!r.readable()) {
            return s;
        }
        return s + (r.failed() ? "<span class=\"st-fail\">FAIL</span>" : "<span class=\"st-pass\">pass</span>");
    }

    /** "2025-11-23 23:56:00, 203 ms": the start to the second and the duration (the title has both ends). */
    private static String span(BatchRow r) {
        if (Times.none(r.firstNanos())) {
            return "-";
        }
        String iso = Times.iso(r.firstNanos());
        return iso.substring(0, 10) + " " + iso.substring(11, 19) + ", " + Times.duration(r.lastNanos() - r.firstNanos());
    }

    private static String spanTitle(BatchRow r) {
        return Times.none(r.firstNanos()) ? "" : Times.iso(r.firstNanos()) + " to " + Times.iso(r.lastNanos());
    }

    private void chart(List<BatchRow> rows) {
        a("<section id=\"chart\"><h2>Bypasses per capture over capture time</h2>\n");
        XYSeries go = new XYSeries("Go bypasses", false, true);
        XYSeries other = new XYSeries("other bypasses", false, true);
        XYSeries clean = new XYSeries("no bypass", false, true);
        long[] firsts = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            firsts[i] = rows.get(i).readable() ? rows.get(i).firstNanos() : Long.MIN_VALUE;
        }
        // One capture stamped 1970 (or 2106) must not squeeze all the others into one point: see TimeAxis.
        TimeAxis axis = TimeAxis.of(firsts, firsts.length, Long.MIN_VALUE);
        List<String> far = new java.util.ArrayList<>();
        int points = 0;
        for (BatchRow r : rows) {
            if (!r.readable() || Times.none(r.firstNanos())) {
                continue;
            }
            if (!axis.contains(r.firstNanos())) {
                far.add(r.name());
                continue;
            }
            double x = Math.floorDiv(r.firstNanos(), 1_000_000L);
            AuditTotals t = r.totals();
            if (t.goBypasses() > 0) {
                go.add(x, t.goBypasses());
            }
            if (t.otherBypasses() > 0) {
                other.add(x, t.otherBypasses());
            }
            if (t.bypasses() == 0) {
                clean.add(x, 0);
            }
            points++;
        }
        if (points == 0) {
            a("<p class=\"empty\">No capture with time stamps to draw.</p></section>\n");
            return;
        }
        a("<p class=\"note\">One mark per capture at the time of its first packet: direct-bypass connections "
                + "to Go endpoints and to other hosts; captures without bypasses sit on zero.");
        if (!far.isEmpty()) {
            a(" The time axis covers the bulk of the captures (first packets within a day, or 10 median absolute "
                    + "deviations, of the median); ").a(AuditTotals.count(far.size(), "capture")).a(" with a first packet far from the "
                    + "rest " + (far.size() == 1 ? "is" : "are") + " not drawn: ");
            for (int i = 0; i < Math.min(5, far.size()); i++) {
                a(i > 0 ? ", " : "").a("<span class=\"name\">").t(SafeText.bound(far.get(i), 120)).a("</span>");
            }
            a(far.size() > 5 ? " and " + (far.size() - 5) + " more." : ".");
        }
        a("</p>\n");
        XYSeriesCollection ds = new XYSeriesCollection();
        ds.addSeries(go);
        ds.addSeries(other);
        ds.addSeries(clean);
        DateAxis x = new DateAxis("first packet (UTC)");
        x.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
        x.setTickLabelFont(ReportCharts.FONT);
        long pad = Math.max(axis.spanNanos() / 20, 30_000_000_000L);
        x.setRange((axis.lo() - pad) / 1e6, (axis.hi() + pad) / 1e6);
        NumberAxis y = new NumberAxis("direct-bypass connections");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        // Below zero a little, so the marks of captures without bypasses sit whole above the axis line.
        double top = 1; // getMaxY() of an empty series is NaN
        for (XYSeries s : List.of(go, other)) {
            top = s.getItemCount() == 0 ? top : Math.max(top, s.getMaxY());
        }
        y.setRange(-0.04 * top - 0.15, top * 1.08 + 0.2);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        Color[] colours = {ReportCharts.Kind.BYPASS.colour, ReportCharts.Kind.UNANSWERED.colour,
                ReportCharts.Kind.PROXIED.colour};
        for (int i = 0; i < colours.length; i++) {
            r.setSeriesPaint(i, colours[i]);
            r.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        JFreeChart c = ReportCharts.xyChart(ds, x, y, r);
        a("<figure class=\"chart wide\"><div class=\"for-wide\">")
                .a(ReportCharts.svg(c, ReportCharts.WIDTH, 320, "batch-bypasses", "bb"))
                .a("</div><div class=\"for-narrow\">")
                .a(ReportCharts.svg(c, ReportCharts.NARROW_WIDTH, 340, "batch-bypasses-narrow", "bbn"))
                .a("</div></figure>\n</section>\n");
    }

    private void hosts(List<BatchRow> rows) {
        List<BatchRow.HostTally> hosts = BatchRow.batchHosts(rows);
        a("<section id=\"hosts\"><h2>Totals by host across the batch (").a(Integer.toString(hosts.size()))
                .a(")</h2>\n");
        if (hosts.isEmpty()) {
            a("<p class=\"empty\">No connections.</p></section>\n");
            return;
        }
        a("<div class=\"scroll\"><table class=\"data\" id=\"host-table\"><thead><tr><th>Host</th><th>Role</th>"
                + "<th class=\"num\">Captures</th><th class=\"num\">Connections</th><th class=\"num\">Proxied</th>"
                + "<th class=\"num\">Exempt</th><th class=\"num\">No proxy</th><th class=\"num\">Bypasses</th>"
                + "</tr></thead><tbody>\n");
        int n = 0;
        for (BatchRow.HostTally h : hosts) {
            if (n++ == MAX_TABLE_ROWS) {
                break;
            }
            a(h.bypasses() > 0 ? "<tr class=\"bypass\">" : "<tr>").a("<td class=\"name\">")
                    .t(h.host() == null ? "(other hosts, merged per capture)" : SafeText.bound(h.host(), 200))
                    .a("</td><td>").t(h.role() == null ? "" : h.role().wire()).a("</td>");
            num(h.captures());
            num(h.flows());
            num(h.proxied());
            num(h.exempt());
            num(h.unproxied());
            num(h.bypasses());
            a("</tr>\n");
        }
        a("</tbody></table></div>\n");
        if (hosts.size() > MAX_TABLE_ROWS) {
            a("<p class=\"note\">").a(Integer.toString(hosts.size() - MAX_TABLE_ROWS))
                    .a(" more hosts are listed in summary.json.</p>\n");
        }
        a("<p class=\"note\">Each capture contributes its ").a(Integer.toString(BatchRow.MAX_HOSTS))
                .a(" hosts with the most bypasses and connections; the rest of a capture is counted under \"other hosts\".</p>\n");
        a("</section>\n");
    }

    private void findings(List<BatchRow> rows) {
        a("<section id=\"findings\"><h2>Findings</h2>\n");
        boolean any = false;
        int n = 0;
        for (BatchRow r : rows) {
            for (Finding f : r.findings()) {
                if (!any) {
                    a("<div class=\"scroll\"><table class=\"data\" id=\"finding-table\"><thead><tr><th>Capture</th>"
                            + "<th>Verdict</th><th>Destination</th><th>Role</th><th class=\"num\">Connections</th>"
                            + "<th>Reason</th><th>Fix</th></tr></thead><tbody>\n");
                    any = true;
                }
                if (n++ >= MAX_TABLE_ROWS) {
                    continue;
                }
                a("<tr><td class=\"name\">").t(SafeText.bound(r.name(), 200)).a("</td><td>")
                        .t(f.verdict() == null ? "" : f.verdict().wire()).a("</td><td class=\"name\">")
                        .t(SafeText.bound(f.host(), 200) + ":" + f.port()).a("</td><td>")
                        .t(f.role() == null ? "" : f.role().wire()).a("</td>");
                num(f.flowCount());
                a("<td>").t(SafeText.bound(f.reason(), 600)).a(" <span class=\"code\">")
                        .t(SafeText.bound(f.reasonCode(), 80)).a("</span></td><td><code>")
                        .t(SafeText.bound(f.remediation(), 600)).a("</code></td></tr>\n");
            }
        }
        if (!any) {
            a("<p class=\"empty\">No findings.</p></section>\n");
            return;
        }
        a("</tbody></table></div>\n");
        if (n > MAX_TABLE_ROWS) {
            a("<p class=\"note\">More findings are listed in summary.json and the per-capture reports.</p>\n");
        }
        a("</section>\n");
    }

    private void skipped(List<BatchSummaryJson.Skipped> skipped) {
        a("<section id=\"skipped\"><h2>Skipped files (").a(Integer.toString(skipped.size())).a(")</h2>\n");
        if (skipped.isEmpty()) {
            a("<p class=\"empty\">None.</p></section>\n");
            return;
        }
        a("<p class=\"note\">Files found while searching directories that are not captures (by content); "
                + "files named on the command line are never skipped but reported as unreadable.</p>\n"
                + "<div class=\"scroll\"><table class=\"data\"><thead><tr><th>File</th><th>Why</th></tr></thead><tbody>\n");
        int n = 0;
        for (BatchSummaryJson.Skipped s : skipped) {
            if (n++ == MAX_TABLE_ROWS) {
                break;
            }
            a("<tr><td class=\"name\">").t(SafeText.bound(s.path(), 300)).a("</td><td>").t(SafeText.bound(s.reason(), 300))
                    .a("</td></tr>\n");
        }
        a("</tbody></table></div>\n");
        if (skipped.size() > MAX_TABLE_ROWS) {
            a("<p class=\"note\">").a(Integer.toString(skipped.size() - MAX_TABLE_ROWS)).a(" more in summary.json.</p>\n");
        }
        a("</section>\n");
    }

    private void tile(String label, long n, String cls) {
        a("<div class=\"tile ").a(cls).a(n > 0 ? "" : " zero").a("\"><span class=\"n\">").a(Long.toString(n))
                .a("</span><span class=\"l\">").t(label).a("</span></div>");
    }

    private void num(long n) {
        a("<td class=\"num\">").a(String.format(Locale.ROOT, "%d", n)).a("</td>");
    }

    private BatchIndexHtml a(String s) {
        out.append(s);
        return this;
    }

    private BatchIndexHtml t(String s) {
        out.append(SafeText.html(s));
        return this;
    }

    private static String resource(String name) {
        try (InputStream in = BatchIndexHtml.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
