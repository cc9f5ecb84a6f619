package io.proxyaudit.report;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedDns;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.Role;
import io.proxyaudit.audit.Route;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StackedXYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultTableXYDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's charts, drawn with JFreeChart into SVG strings (JFreeSVG) for inline embedding. All labels are
 * cleaned and bounded first; the time axis is seconds since the first packet.
 */
final class ReportCharts {
    /** Display categories of a connection, in legend order. */
    enum Kind {
        PROXIED("proxied", new Color(0x2e7d32)),
        EXEMPT("direct-exempt", new Color(0x1565c0)),
        UNPROXIED("direct-unproxied", new Color(0x757575)),
        BYPASS("direct-bypass", new Color(0xc62828)),
        UNANSWERED("unanswered attempt", new Color(0xef6c00));

        final String label;
        final Color colour;

        Kind(String label, Color colour) {
            this.label = label;
            this.colour = colour;
        }

        static Kind of(AuditedFlow f) {
            if (f.unanswered()) {
                return UNANSWERED;
            }
            if (f.verdict() == null) {
                return UNPROXIED;
            }
            return switch (f.verdict()) {
                case PROXIED -> PROXIED;
                case DIRECT_EXEMPT -> EXEMPT;
                case DIRECT_BYPASS -> BYPASS;
                case DIRECT_UNPROXIED -> UNPROXIED;
            };
        }
    }

    static final int WIDTH = 1100;
    private static final int LANE_PX = 22;
    static final Font FONT = new Font("SansSerif", Font.PLAIN, 12);
    static final String OTHER_LANE = "other hosts";

    static {
        // Charts are drawn off-screen; never try to reach an X display (unless the caller decided otherwise).
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final AuditResult result;
    private final ReportOptions opt;
    private final long t0;
    private final long t1;

    ReportCharts(AuditResult result, ReportOptions opt) {
        this.result = result;
        this.opt = opt;
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (AuditedFlow f : result.flows()) {
            lo = Math.min(lo, f.flow().startNanos());
            hi = Math.max(hi, f.flow().endNanos());
        }
        for (AuditedDns d : result.dns()) {
            lo = Math.min(lo, d.lookup().queryNanos());
            hi = Math.max(hi, d.lookup().queryNanos());
        }
        long cf = result.capture().firstTimestampNanos();
        if (cf != Long.MIN_VALUE) {
            lo = Math.min(lo, cf);
        }
        if (lo == Long.MAX_VALUE) {
            lo = 0;
            hi = 0;
        }
        this.t0 = lo;
        this.t1 = Math.max(hi, lo + 1_000_000L);
    }

    long origin() {
        return t0;
    }

    private double sec(long nanos) {
        return (nanos - t0) / 1e9;
    }

    /** A lane of the timeline: one host (or the merged rest), with its role for grouping. */
    record Lane(String label, Role role, int index) {}

    /** Lane layout: the hosts chosen for their own lane, plus "other hosts" when some were merged. */
    static final class Lanes {
        final Map<String, Lane> byHost = new HashMap<>();
        final List<Lane> ordered = new ArrayList<>();
        Lane other;
        int mergedHosts;

        Lane of(String host) {
            Lane l = byHost.get(host);
            return l != null ? l : other;
        }
    }

    Lanes lanes() {
        Map<String, long[]> stats = new LinkedHashMap<>(); // host -> {bypasses, flows}
        Map<String, Role> roles = new HashMap<>();
        for (AuditedFlow f : result.flows()) {
            String h = hostKey(f.flow().host());
            long[] s = stats.computeIfAbsent(h, k -> new long[2]);
            if (Kind.of(f) == Kind.BYPASS || Kind.of(f) == Kind.UNANSWERED) {
                s[0]++;
            }
            s[1]++;
            roles.merge(h, f.role() == null ? Role.OTHER : f.role(), (a, b) -> a.ordinal() <= b.ordinal() ? a : b);
        }
        List<String> hosts = new ArrayList<>(stats.keySet());
        hosts.sort(Comparator.<String>comparingLong(h -> -stats.get(h)[0]).thenComparingLong(h -> -stats.get(h)[1])
                .thenComparing(h -> h));
        int keep = hosts.size() <= opt.timelineLanes() + 1 ? hosts.size() : opt.timelineLanes();
        List<String> chosen = new ArrayList<>(hosts.subList(0, keep));
        chosen.sort(Comparator.<String, Integer>comparing(h -> roles.get(h).ordinal()).thenComparing(h -> h));
        Lanes l = new Lanes();
        for (String h : chosen) {
            Lane lane = new Lane(SafeText.bound(h, 40) + "  [" + roles.get(h).wire() + "]", roles.get(h),
                    l.ordered.size());
            l.byHost.put(h, lane);
            l.ordered.add(lane);
        }
        l.mergedHosts = hosts.size() - keep;
        if (l.mergedHosts > 0) {
            l.other = new Lane(OTHER_LANE + " (" + l.mergedHosts + ")", Role.OTHER, l.ordered.size());
            l.ordered.add(l.other);
        }
        return l;
    }

    static String hostKey(String host) {
        return host == null ? "(unknown)" : host;
    }

    /** True when the timeline bins connections into time buckets instead of one bar each. */
    boolean timelineBinned() {
        return result.flows().size() > opt.timelineMaxBars();
    }

    String timelineSvg(Lanes lanes) {
        XYIntervalSeriesCollection bars = new XYIntervalSeriesCollection();
        Map<Kind, XYIntervalSeries> series = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            series.put(k, new XYIntervalSeries(k.label));
        }
        double span = sec(t1);
        double minWidth = span / 400.0;
        if (!timelineBinned()) {
            for (AuditedFlow f : result.flows()) {
                Lane lane = lanes.of(hostKey(f.flow().host()));
                double x0 = sec(f.flow().startNanos());
                double x1 = Math.max(sec(f.flow().endNanos()), x0 + minWidth);
                series.get(Kind.of(f)).add(x0, x0, x1, lane.index(), lane.index() - 0.32, lane.index() + 0.32);
            }
        } else {
            binnedBars(lanes, series, span);
        }
        for (XYIntervalSeries s : series.values()) {
            bars.addSeries(s);
        }
        XYSeriesCollection markers = new XYSeriesCollection();
        XYSeries dnsPlain = new XYSeries("DNS lookup", false, true);
        XYSeries dnsBypass = new XYSeries("DNS lookup (bypass)", false, true);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        int buckets = opt.timeBuckets() * 2;
        for (AuditedDns d : result.dns()) {
            Lane lane = lanes.of(hostKey(d.lookup().qname()));
            if (lane == null) {
                continue; // a name no connection went to: shown in the DNS table only
            }
            boolean bypass = d.verdict() == io.proxyaudit.audit.Verdict.DIRECT_BYPASS;
            double x = sec(d.lookup().queryNanos());
            long bucket = (long) (x / span * buckets);
            if (!seen.add((bucket * 4096 + lane.index()) * 2 + (bypass ? 1 : 0))) {
                continue; // one marker per lane and bucket keeps 100k lookups drawable
            }
            (bypass ? dnsBypass : dnsPlain).add(x, lane.index());
        }
        markers.addSeries(dnsPlain);
        markers.addSeries(dnsBypass);

        String[] labels = new String[lanes.ordered.size()];
        for (Lane l : lanes.ordered) {
            labels[l.index()] = l.label();
        }
        SymbolAxis yAxis = new SymbolAxis(null, labels);
        yAxis.setInverted(true);
        yAxis.setGridBandsVisible(true);
        yAxis.setGridBandPaint(new Color(0xf5f7fa));
        yAxis.setTickLabelFont(FONT);
        yAxis.setRange(-0.6, Math.max(0.6, labels.length - 0.4));
        NumberAxis xAxis = new NumberAxis("seconds since " + Times.iso(t0) + " (first packet)");
        xAxis.setRange(0, span * 1.01);
        xAxis.setTickLabelFont(FONT);
        XYBarRenderer r = new XYBarRenderer();
        r.setUseYInterval(true);
        r.setShadowVisible(false);
        r.setBarPainter(new StandardXYBarPainter());
        r.setDrawBarOutline(false);
        int i = 0;
        for (Kind k : Kind.values()) {
            r.setSeriesPaint(i++, k.colour);
        }
        XYPlot plot = new XYPlot(bars, xAxis, yAxis, r);
        XYLineAndShapeRenderer mr = new XYLineAndShapeRenderer(false, true);
        mr.setSeriesShape(0, diamond(5));
        mr.setSeriesShape(1, diamond(6));
        mr.setSeriesPaint(0, new Color(0x37474f));
        mr.setSeriesPaint(1, new Color(0x8e24aa));
        plot.setDataset(1, markers);
        plot.setRenderer(1, mr);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(null, FONT, plot, true);
        styled(chart);
        int height = 110 + Math.max(3, labels.length) * LANE_PX;
        return svg(chart, WIDTH, height, "timeline", "tl");
    }

    /** One bar per run of consecutive busy time buckets per lane and kind. */
    private void binnedBars(Lanes lanes, Map<Kind, XYIntervalSeries> series, double span) {
        int nb = opt.timeBuckets();
        int kinds = Kind.values().length;
        boolean[][] busy = new boolean[lanes.ordered.size() * kinds][nb];
        for (AuditedFlow f : result.flows()) {
            Lane lane = lanes.of(hostKey(f.flow().host()));
            int row = lane.index() * kinds + Kind.of(f).ordinal();
            int b0 = bucket(sec(f.flow().startNanos()), span, nb);
            int b1 = bucket(sec(f.flow().endNanos()), span, nb);
            for (int b = b0; b <= b1; b++) {
                busy[row][b] = true;
            }
        }
        double w = span / nb;
        for (int row = 0; row < busy.length; row++) {
            int laneIdx = row / kinds;
            Kind k = Kind.values()[row % kinds];
            // Kinds share a lane in thin stripes so overlapping buckets stay visible.
            double y0 = laneIdx - 0.38 + (row % kinds) * 0.76 / kinds;
            double y1 = y0 + 0.76 / kinds;
            int b = 0;
            while (b < nb) {
                if (!busy[row][b]) {
                    b++;
                    continue;
                }
                int e = b;
                while (e + 1 < nb && busy[row][e + 1]) {
                    e++;
                }
                series.get(k).add(b * w, b * w, (e + 1) * w, laneIdx, y0, y1);
                b = e + 1;
            }
        }
    }

    private static int bucket(double x, double span, int nb) {
        return (int) Math.max(0, Math.min(nb - 1, Math.floor(x / span * nb)));
    }

    /** Stacked horizontal bars per host (top {@code hostBars} by the measure), split by route. */
    String hostBarsSvg(boolean bytes) {
        Map<String, long[]> m = new HashMap<>(); // host -> {proxy, direct}
        for (AuditedFlow f : result.flows()) {
            long v = bytes ? f.flow().bytesC2s() + f.flow().bytesS2c() : 1;
            m.computeIfAbsent(hostKey(f.flow().host()), k -> new long[2])[f.route() == Route.PROXY ? 0 : 1] += v;
        }
        List<String> hosts = new ArrayList<>(m.keySet());
        hosts.sort(Comparator.<String>comparingLong(h -> -(m.get(h)[0] + m.get(h)[1])).thenComparing(h -> h));
        long restP = 0, restD = 0;
        for (String h : hosts.subList(Math.min(hosts.size(), opt.hostBars()), hosts.size())) {
            restP += m.get(h)[0];
            restD += m.get(h)[1];
        }
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        int rank = 0;
        for (String h : hosts.subList(0, Math.min(hosts.size(), opt.hostBars()))) {
            // The rank keeps two hosts equal after bounding apart as distinct categories.
            String label = (++rank) + ". " + SafeText.bound(h, 36);
            ds.addValue(m.get(h)[0] / (bytes ? 1e6 : 1), "via proxy", label);
            ds.addValue(m.get(h)[1] / (bytes ? 1e6 : 1), "direct", label);
        }
        if (hosts.size() > opt.hostBars()) {
            String label = OTHER_LANE + " (" + (hosts.size() - opt.hostBars()) + ")";
            ds.addValue(restP / (bytes ? 1e6 : 1), "via proxy", label);
            ds.addValue(restD / (bytes ? 1e6 : 1), "direct", label);
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(null, null, bytes ? "megabytes (both directions)"
                : "connections", ds, PlotOrientation.HORIZONTAL, true, false, false);
        styled(chart);
        CategoryPlot p = chart.getCategoryPlot();
        StackedBarRenderer r = (StackedBarRenderer) p.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, Kind.PROXIED.colour);
        r.setSeriesPaint(1, Kind.BYPASS.colour.darker());
        r.setMaximumBarWidth(0.08);
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(new Color(0xdddddd));
        p.getDomainAxis().setTickLabelFont(FONT);
        p.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.45f);
        int height = 90 + Math.max(3, ds.getColumnCount()) * 24;
        return svg(chart, 540, height, bytes ? "bytes-per-host" : "connections-per-host", bytes ? "hb" : "hc");
    }

    /** Connections started per time bucket, stacked by display kind. */
    String verdictsOverTimeSvg() {
        int nb = Math.min(60, opt.timeBuckets());
        double span = sec(t1);
        long[][] counts = new long[Kind.values().length][nb];
        for (AuditedFlow f : result.flows()) {
            counts[Kind.of(f).ordinal()][bucket(sec(f.flow().startNanos()), span, nb)]++;
        }
        DefaultTableXYDataset ds = new DefaultTableXYDataset();
        double w = span / nb;
        ds.setIntervalWidth(w);
        for (Kind k : Kind.values()) {
            XYSeries s = new XYSeries(k.label, true, false);
            for (int b = 0; b < nb; b++) {
                s.add(b * w + w / 2, counts[k.ordinal()][b]);
            }
            ds.addSeries(s);
        }
        NumberAxis x = new NumberAxis("seconds since first packet");
        x.setRange(0, span);
        NumberAxis y = new NumberAxis("connections started");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        StackedXYBarRenderer r = new StackedXYBarRenderer(0.1);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        for (Kind k : Kind.values()) {
            r.setSeriesPaint(k.ordinal(), k.colour);
        }
        XYPlot p = new XYPlot(ds, x, y, r);
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(new Color(0xdddddd));
        p.setDomainGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(null, FONT, p, true);
        styled(chart);
        return svg(chart, WIDTH, 260, "verdicts-over-time", "vt");
    }

    private static Path2D diamond(double r) {
        Path2D.Double d = new Path2D.Double();
        d.moveTo(0, -r);
        d.lineTo(r, 0);
        d.lineTo(0, r);
        d.lineTo(-r, 0);
        d.closePath();
        return d;
    }

    static void styled(JFreeChart chart) {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setExtraLargeFont(FONT.deriveFont(Font.BOLD, 16f));
        theme.setLargeFont(FONT.deriveFont(13f));
        theme.setRegularFont(FONT);
        theme.setSmallFont(FONT.deriveFont(11f));
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        Object plot = chart.getPlot();
        // Keep renderer paints chosen above: apply only fonts and backgrounds.
        chart.setBackgroundPaint(Color.WHITE);
        chart.setTextAntiAlias(true);
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(FONT);
            chart.getLegend().setFrame(new org.jfree.chart.block.BlockBorder(Color.WHITE));
        }
        if (plot instanceof XYPlot xy) {
            xy.setOutlineStroke(new BasicStroke(0.5f));
        }
    }

    /** Renders into a responsive SVG element (viewBox, no fixed size) with a unique id prefix for its defs. */
    static String svg(JFreeChart chart, int w, int h, String id, String defsPrefix) {
        SVGGraphics2D g = new SVGGraphics2D(w, h);
        g.setDefsKeyPrefix(defsPrefix);
        chart.draw(g, new Rectangle2D.Double(0, 0, w, h));
        return g.getSVGElement(id, false, new ViewBox(0, 0, w, h), null, null);
    }
}
