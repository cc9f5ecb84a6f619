package io.proxyaudit.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The batch index's "History" section: direct-bypass connections per run of the history database (Go and other),
 * one point per run in run order, and a table of the latest runs with their times, so a rise shows at a glance.
 */
final class RunTrendChart {
    /** Runs drawn: the latest ones. */
    static final int MAX_RUNS = 200;
    /** Runs listed in the table under the chart. */
    static final int TABLE_RUNS = 10;

    private RunTrendChart() {}

    static String section(BatchHistory history) {
        StringBuilder b = new StringBuilder(8192);
        List<BatchHistory.RunPoint> all = history.runs();
        b.append("<section id=\"history\"><h2>Bypasses per run (history database ")
                .append(SafeText.html(SafeText.bound(history.dbFile(), 200))).append(")</h2>\n");
        if (all.isEmpty()) {
            b.append("<p class=\"empty\">No run could be read from the history database (see the error on the "
                    + "terminal).</p></section>\n");
            return b.toString();
        }
        List<BatchHistory.RunPoint> runs = all.subList(Math.max(0, all.size() - MAX_RUNS), all.size());
        b.append("<p class=\"note\">").append(all.size()).append(all.size() == 1 ? " run" : " runs")
                .append(" recorded").append(all.size() > MAX_RUNS ? ", the latest " + MAX_RUNS + " drawn" : "")
                .append(": direct-bypass connections to Go endpoints and to other hosts in each run (batch or "
                        + "analyze), this run last. <code>proxyaudit history --db FILE</code> lists them with the "
                        + "trend per host.</p>\n");
        XYSeries go = new XYSeries("Go bypasses", false, true);
        XYSeries other = new XYSeries("other bypasses", false, true);
        long top = 1;
        for (BatchHistory.RunPoint p : runs) {
            go.add(p.id(), p.goBypasses());
            other.add(p.id(), p.otherBypasses());
            top = Math.max(top, Math.max(p.goBypasses(), p.otherBypasses()));
        }
        XYSeriesCollection ds = new XYSeriesCollection();
        ds.addSeries(go);
        ds.addSeries(other);
        NumberAxis x = new NumberAxis("run (number in the database)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setTickLabelFont(ReportCharts.FONT);
        long first = runs.get(0).id();
        long last = runs.get(runs.size() - 1).id();
        x.setRange(first - 0.5, last + 0.5);
        NumberAxis y = new NumberAxis("direct-bypass connections");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        y.setTickLabelFont(ReportCharts.FONT);
        y.setRange(-0.04 * top - 0.15, top * 1.08 + 0.2);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        Color[] colours = {ReportCharts.Kind.BYPASS.colour, ReportCharts.Kind.UNANSWERED.colour};
        for (int i = 0; i < colours.length; i++) {
            r.setSeriesPaint(i, colours[i]);
            r.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
            r.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        JFreeChart c = ReportCharts.xyChart(ds, x, y, r);
        b.append("<figure class=\"chart wide\"><div class=\"for-wide\">")
                .append(ReportCharts.svg(c, ReportCharts.WIDTH, 300, "history-bypasses", "hb"))
                .append("</div><div class=\"for-narrow\">")
                .append(ReportCharts.svg(c, ReportCharts.NARROW_WIDTH, 320, "history-bypasses-narrow", "hbn"))
                .append("</div></figure>\n");
        b.append("<div class=\"scroll\"><table class=\"data\" id=\"run-table\"><thead><tr><th class=\"num\">Run</th>"
                + "<th>Started (UTC)</th><th>Command</th><th class=\"num\">Exit</th><th class=\"num\">Captures</th>"
                + "<th class=\"num\">Failing</th><th class=\"num\">Connections</th><th class=\"num\">Go bypasses</th>"
                + "<th class=\"num\">Other bypasses</th></tr></thead><tbody>\n");
        for (int i = all.size() - 1; i >= Math.max(0, all.size() - TABLE_RUNS); i--) {
            BatchHistory.RunPoint run = all.get(i);
            b.append(run.bypasses() > 0 ? "<tr class=\"bypass\">" : "<tr>");
            num(b, run.id());
            b.append("<td>").append(SafeText.html(run.startedAt().toString().replace('T', ' ').replace("Z", "")))
                    .append("</td><td>").append(SafeText.html(run.command())).append("</td>");
            num(b, run.exitCode());
            num(b, run.captures());
            num(b, run.failed());
            num(b, run.flows());
            num(b, run.goBypasses());
            num(b, run.otherBypasses());
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div>\n");
        if (all.size() > TABLE_RUNS) {
            b.append("<p class=\"note\">The latest ").append(TABLE_RUNS).append(" runs, newest first.</p>\n");
        }
        return b.append("</section>\n").toString();
    }

    private static void num(StringBuilder b, long n) {
        b.append("<td class=\"num\">").append(n).append("</td>");
    }
}
