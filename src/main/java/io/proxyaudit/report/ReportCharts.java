package io.proxyaudit.report;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedDns;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.Verdict;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.policy.Role;
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
 * cleaned and bounded first. The time axis covers the bulk of the time stamps ({@link TimeAxis}) from the first
 * packet (or the first record when the first packet lies far from the rest).
 */
final class ReportCharts {
    /** Display categories of a connection, in legend order. */
    enum Kind {
        PROXIED("proxied", new Color(0x2e7d32)),
        EXEMPT("direct-exempt", new Color(0x1565c0)),
        UNPROXIED("direct-unproxied", new Color(0x757575)),
        BYPASS("direct-bypass", new Color(0xc62828)),
        UNANSWERED("unanswered attempt", new Color(0xef6c00)),
        /** After the others so their positions (the table's k0..k4 classes) stay. */
        NOT_PROXYABLE("not-proxyable", new Color(0x8d6e63)),
        /** A bypass the --allow file allows (last, for the same reason). */
        ALLOWED("direct-allowed", new Color(0x00838f));

        final String label;
        final Color colour;

        Kind(String label, Color colour) {
            this.label = label;
            this.colour = colour;
        }

        static Kind of(AuditedFlow f) {
            if (f.verdict() == Verdict.NOT_PROXYABLE) {
                return NOT_PROXYABLE; // an unanswered DHCP request or database SYN is no fetch attempt
            }
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
                case NOT_PROXYABLE -> NOT_PROXYABLE;
                case DIRECT_ALLOWED -> ALLOWED;
            };
        }
    }

    static final int WIDTH = 1100;
    /** Width of the variant of the wide charts shown on narrow screens (phones), where 1100 would be unreadable. */
    static final int NARROW_WIDTH = 540;
    private static final int LANE_PX = 22;
    /** Lane height when some host has 3 or more connections open at once (drawn in sub-lanes). */
    private static final int TALL_LANE_PX = 32;
    /** Sub-lanes per timeline lane: more connections open at once share them (the lane label gives the count). */
    static final int MAX_SUB_LANES = 4;
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
    private final TimeAxis axis;
    private final long t0;
    private final long unitNanos;
    private final String unitName;
    private final int flowsOutside;
    private final int flowsCut;
    private final int dnsOutside;

    ReportCharts(AuditResult result, ReportOptions opt) {
        this.result = result;
        this.opt = opt;
        long[] stamps = new long[result.flows().size() * 2 + result.dns().size() + 2];
        int k = 0;
        for (AuditedFlow f : result.flows()) {
            stamps[k++] = f.flow().startNanos();
            stamps[k++] = f.flow().endNanos();
        }
        for (AuditedDns d : result.dns()) {
            stamps[k++] = dnsNanos(d.lookup());
        }
        stamps[k++] = result.capture().firstTimestampNanos();
        stamps[k++] = result.capture().lastTimestampNanos();
        this.axis = TimeAxis.of(stamps, k, result.capture().firstTimestampNanos());
        this.t0 = axis.lo();
        int out = 0, cut = 0, dnsOut = 0;
        for (AuditedFlow f : result.flows()) {
            if (!drawn(f)) {
                out++;
            } else if (!axis.contains(f.flow().endNanos())) {
                cut++;
            }
        }
        for (AuditedDns d : result.dns()) {
            if (!axis.contains(dnsNanos(d.lookup()))) {
                dnsOut++;
            }
        }
        this.flowsOutside = out;
        this.flowsCut = cut;
        this.dnsOutside = dnsOut;
        long span = axis.spanNanos();
        if (span > 2 * 86_400_000_000_000L) {
            unitNanos = 3_600_000_000_000L;
            unitName = "hours";
        } else if (span > 7_200_000_000_000L) {
            unitNanos = 60_000_000_000L;
            unitName = "minutes";
        } else {
            unitNanos = 1_000_000_000L;
            unitName = "seconds";
        }
    }

    /** The time of a lookup: its query, or its response when the query is not in the capture. */
    static long dnsNanos(DnsLookup l) {
        return Times.none(l.queryNanos()) ? l.responseNanos() : l.queryNanos();
    }

    /** The time axis origin (epoch ns): the first packet, or the first record when the first packet is an outlier. */
    long origin() {
        return t0;
    }

    /** Length of the time axis in nanoseconds (at least 1 ms). */
    long spanNanos() {
        return axis.spanNanos();
    }

    /** Connections not drawn because they start far from the bulk of the time stamps ({@link TimeAxis}). */
    int flowsOutside() {
        return flowsOutside;
    }

    /** Connections drawn up to the edge of the axis because they end far from the bulk. */
    int flowsCut() {
        return flowsCut;
    }

    /** DNS lookups not drawn because their time is far from the bulk (or unknown). */
    int dnsOutside() {
        return dnsOutside;
    }

    /** Connections drawn on the time charts. */
    int flowsDrawn() {
        return result.flows().size() - flowsOutside;
    }

    private boolean drawn(AuditedFlow f) {
        return axis.contains(f.flow().startNanos());
    }

    /** Position on the time axis in {@link #unitName} units, clamped onto the axis. */
    private double x(long nanos) {
        return (axis.clamp(nanos) - t0) / (double) unitNanos;
    }

    private double span() {
        return axis.spanNanos() / (double) unitNanos;
    }

    private NumberAxis timeAxis(String label) {
        NumberAxis a = new NumberAxis(label);
        // A margin on both sides keeps a marker at the first or last instant whole inside the plot.
        double pad = span() * 0.015;
        a.setRange(-pad, span() + pad);
        a.setTickLabelFont(FONT);
        return a;
    }

    /**
     * A lane of the timeline: one host (or the merged rest), with its role and most connections open at once.
     * {@code name} is cleaned but not yet bounded; {@code suffix} follows it in the label.
     */
    record Lane(String name, String suffix, Role role, int index, int maxOpen) {
        String label() {
            return label(40);
        }

        String label(int maxName) {
            return SafeText.bound(name, maxName) + suffix;
        }
    }

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

        /** True when some lane had more than one connection open at once. */
        boolean overlaps() {
            return ordered.stream().anyMatch(l -> l.maxOpen() > 1);
        }
    }

    Lanes lanes() {
        Map<String, long[]> stats = new LinkedHashMap<>(); // host -> {bypasses, flows}
        Map<String, Role> roles = new HashMap<>();
        Map<String, List<AuditedFlow>> flowsOf = new HashMap<>();
        for (AuditedFlow f : result.flows()) {
            if (!drawn(f)) {
                continue;
            }
            String h = hostKey(f.flow().host());
            long[] s = stats.computeIfAbsent(h, k -> new long[2]);
            if (Kind.of(f) == Kind.BYPASS || Kind.of(f) == Kind.UNANSWERED) {
                s[0]++;
            }
            s[1]++;
            roles.merge(h, f.role() == null ? Role.OTHER : f.role(), (a, b) -> a.ordinal() <= b.ordinal() ? a : b);
            flowsOf.computeIfAbsent(h, k -> new ArrayList<>()).add(f);
        }
        List<String> hosts = new ArrayList<>(stats.keySet());
        hosts.sort(Comparator.<String>comparingLong(h -> -stats.get(h)[0]).thenComparingLong(h -> -stats.get(h)[1])
                .thenComparing(h -> h));
        int keep = hosts.size() <= opt.timelineLanes() + 1 ? hosts.size() : opt.timelineLanes();
        List<String> chosen = new ArrayList<>(hosts.subList(0, keep));
        chosen.sort(Comparator.<String, Integer>comparing(h -> roles.get(h).ordinal()).thenComparing(h -> h));
        Lanes l = new Lanes();
        for (String h : chosen) {
            int open = maxOpen(flowsOf.get(h));
            Lane lane = new Lane(h, "  [" + roles.get(h).wire() + "]" + (open > 1 ? "  \u00d7" + open : ""),
                    roles.get(h), l.ordered.size(), open);
            l.byHost.put(h, lane);
            l.ordered.add(lane);
        }
        l.mergedHosts = hosts.size() - keep;
        if (l.mergedHosts > 0) {
            List<AuditedFlow> rest = new ArrayList<>();
            for (String h : hosts.subList(keep, hosts.size())) {
                rest.addAll(flowsOf.get(h));
            }
            int open = maxOpen(rest);
            l.other = new Lane(OTHER_LANE + " (" + l.mergedHosts + ")", open > 1 ? "  \u00d7" + open : "", Role.OTHER,
                    l.ordered.size(), open);
            l.ordered.add(l.other);
        }
        return l;
    }

    /** Most connections open at the same instant (a sweep over starts and ends; end == start counts as open). */
    private int maxOpen(List<AuditedFlow> flows) {
        int n = flows.size();
        long[] starts = new long[n];
        long[] ends = new long[n];
        for (int i = 0; i < n; i++) {
            starts[i] = flows.get(i).flow().startNanos();
            ends[i] = Math.max(starts[i], axis.clamp(flows.get(i).flow().endNanos()));
        }
        java.util.Arrays.sort(starts);
        java.util.Arrays.sort(ends);
        int open = 0, max = 0, e = 0;
        for (int i = 0; i < n; i++) {
            while (e < n && ends[e] < starts[i]) {
                e++;
                open--;
            }
            open++;
            max = Math.max(max, open);
        }
        return max;
    }

    static String hostKey(String host) {
        return host == null ? "(unknown)" : host;
    }

    /** True when the timeline bins connections into time buckets instead of one bar each. */
    boolean timelineBinned() {
        return flowsDrawn() > opt.timelineMaxBars();
    }

    String timelineSvg(Lanes lanes) {
        return timelineSvg(lanes, false);
    }

    /** The timeline, {@link #WIDTH} wide or, for narrow screens, {@link #NARROW_WIDTH} with shorter lane labels. */
    String timelineSvg(Lanes lanes, boolean narrow) {
        XYIntervalSeriesCollection bars = new XYIntervalSeriesCollection();
        Map<Kind, XYIntervalSeries> series = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            series.put(k, new XYIntervalSeries(k.label));
        }
        double span = span();
        boolean tall = false;
        if (!timelineBinned()) {
            tall = subLaneBars(lanes, series, span / 400.0);
        } else {
            binnedBars(lanes, series, span);
        }
        List<Color> barPaints = new ArrayList<>();
        for (Map.Entry<Kind, XYIntervalSeries> e : series.entrySet()) {
            if (e.getValue().getItemCount() > 0) { // a verdict no connection has stays out of the legend
                bars.addSeries(e.getValue());
                barPaints.add(e.getKey().colour);
            }
        }
        XYSeriesCollection markers = new XYSeriesCollection();
        XYSeries dnsPlain = new XYSeries("DNS lookup", false, true);
        XYSeries dnsBypass = new XYSeries("DNS lookup (bypass)", false, true);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        int buckets = opt.timeBuckets() * 2;
        for (AuditedDns d : result.dns()) {
            Lane lane = lanes.of(hostKey(d.lookup().qname()));
            long at = dnsNanos(d.lookup());
            if (lane == null || !axis.contains(at)) {
                continue; // a name no connection went to, or a time far from the rest: in the DNS table only
            }
            boolean bypass = d.verdict() == io.proxyaudit.audit.Verdict.DIRECT_BYPASS;
            double x = x(at);
            long bucket = (long) (x / span * buckets);
            if (!seen.add((bucket * 4096 + lane.index()) * 2 + (bypass ? 1 : 0))) {
                continue; // one marker per lane and bucket keeps 100k lookups drawable
            }
            (bypass ? dnsBypass : dnsPlain).add(x, lane.index());
        }
        XYLineAndShapeRenderer mr = new XYLineAndShapeRenderer(false, true);
        for (XYSeries m : List.of(dnsPlain, dnsBypass)) {
            if (m.getItemCount() > 0) {
                int i = markers.getSeriesCount();
                markers.addSeries(m);
                mr.setSeriesShape(i, diamond(m == dnsPlain ? 5 : 6));
                mr.setSeriesPaint(i, m == dnsPlain ? new Color(0x37474f) : new Color(0x8e24aa));
            }
        }

        String[] labels = new String[lanes.ordered.size()];
        for (Lane l : lanes.ordered) {
            labels[l.index()] = narrow ? l.label(22) : l.label();
        }
        SymbolAxis yAxis = new SymbolAxis(null, labels);
        yAxis.setInverted(true);
        yAxis.setGridBandsVisible(true);
        yAxis.setGridBandPaint(new Color(0xf5f7fa));
        yAxis.setTickLabelFont(FONT);
        yAxis.setRange(-0.6, Math.max(0.6, labels.length - 0.4));
        NumberAxis xAxis = timeAxis(unitName + " since " + Times.iso(t0));
        XYBarRenderer r = new XYBarRenderer();
        r.setUseYInterval(true);
        r.setShadowVisible(false);
        r.setBarPainter(new StandardXYBarPainter());
        r.setDrawBarOutline(false);
        for (int i = 0; i < barPaints.size(); i++) {
            r.setSeriesPaint(i, barPaints.get(i));
        }
        XYPlot plot = new XYPlot(bars, xAxis, yAxis, r);
        plot.setDataset(1, markers);
        plot.setRenderer(1, mr);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(null, FONT, plot, true);
        styled(chart);
        int height = 110 + Math.max(3, labels.length) * (tall ? TALL_LANE_PX : LANE_PX);
        return narrow ? svg(chart, NARROW_WIDTH, height + 40, "timeline-narrow", "tln")
                : svg(chart, WIDTH, height, "timeline", "tl");
    }

    /**
     * One bar per connection; connections to one host that overlap in time go to separate sub-lanes (the first
     * free one, up to {@link #MAX_SUB_LANES}; beyond that they share the one that frees first). Returns true when
     * some lane uses 3 or more sub-lanes (the lanes are then drawn taller).
     */
    private boolean subLaneBars(Lanes lanes, Map<Kind, XYIntervalSeries> series, double minWidth) {
        Map<Integer, List<AuditedFlow>> byLane = new HashMap<>();
        for (AuditedFlow f : result.flows()) {
            if (drawn(f)) {
                byLane.computeIfAbsent(lanes.of(hostKey(f.flow().host())).index(), k -> new ArrayList<>()).add(f);
            }
        }
        boolean tall = false;
        for (Map.Entry<Integer, List<AuditedFlow>> e : byLane.entrySet()) {
            List<AuditedFlow> flows = e.getValue();
            flows.sort(Comparator.comparingLong(f -> f.flow().startNanos()));
            int n = flows.size();
            int[] sub = new int[n];
            double[] x0 = new double[n];
            double[] x1 = new double[n];
            double[] freeAt = new double[MAX_SUB_LANES];
            java.util.Arrays.fill(freeAt, Double.NEGATIVE_INFINITY);
            int used = 1;
            for (int i = 0; i < n; i++) {
                x0[i] = x(flows.get(i).flow().startNanos());
                x1[i] = Math.max(x(flows.get(i).flow().endNanos()), x0[i] + minWidth);
                int pick = 0;
                for (int j = 0; j < MAX_SUB_LANES; j++) {
                    if (freeAt[j] < x0[i]) {
                        pick = j;
                        break;
                    }
                    if (freeAt[j] < freeAt[pick]) {
                        pick = j;
                    }
                }
                sub[i] = pick;
                freeAt[pick] = Math.max(freeAt[pick], x1[i]);
                used = Math.max(used, pick + 1);
            }
            tall |= used >= 3;
            int lane = e.getKey();
            double h = 0.76 / used;
            for (int i = 0; i < n; i++) {
                double y0 = lane - 0.38 + sub[i] * h;
                double y1 = y0 + h * (used > 1 ? 0.85 : 0.84);
                series.get(Kind.of(flows.get(i))).add(x0[i], x0[i], x1[i], lane, y0, y1);
            }
        }
        return tall;
    }

    /** One bar per run of consecutive busy time buckets per lane and kind. */
    private void binnedBars(Lanes lanes, Map<Kind, XYIntervalSeries> series, double span) {
        int nb = opt.timeBuckets();
        int kinds = Kind.values().length;
        boolean[][] busy = new boolean[lanes.ordered.size() * kinds][nb];
        for (AuditedFlow f : result.flows()) {
            if (!drawn(f)) {
                continue;
            }
            Lane lane = lanes.of(hostKey(f.flow().host()));
            int row = lane.index() * kinds + Kind.of(f).ordinal();
            int b0 = bucket(x(f.flow().startNanos()), span, nb);
            int b1 = bucket(x(f.flow().endNanos()), span, nb);
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

    /** A unit for byte counts: the largest SI unit (as {@link Times#bytes}) that the largest value reaches. */
    record ByteUnit(String name, double divisor) {
        static ByteUnit forMax(long max) {
            String[] names = {"B", "kB", "MB", "GB", "TB"};
            int i = 0;
            double d = 1;
            while (i < names.length - 1 && max >= d * 1000) {
                d *= 1000;
                i++;
            }
            return new ByteUnit(names[i], d);
        }
    }

    /** Stacked horizontal bars per host (top {@code hostBars} by the measure), split by verdict. */
    String hostBarsSvg(boolean bytes) {
        int kinds = Kind.values().length;
        Map<String, long[]> m = new HashMap<>(); // host -> value per kind
        long[] kindFlows = new long[kinds];
        for (AuditedFlow f : result.flows()) {
            long v = bytes ? f.flow().bytesC2s() + f.flow().bytesS2c() : 1;
            int k = Kind.of(f).ordinal();
            m.computeIfAbsent(hostKey(f.flow().host()), h -> new long[kinds])[k] += v;
            kindFlows[k]++;
        }
        Map<String, Long> total = new HashMap<>();
        m.forEach((h, v) -> total.put(h, java.util.Arrays.stream(v).sum()));
        List<String> hosts = new ArrayList<>(m.keySet());
        hosts.sort(Comparator.<String>comparingLong(h -> -total.get(h)).thenComparing(h -> h));
        Map<String, long[]> bars = new LinkedHashMap<>();
        int rank = 0;
        for (String h : hosts.subList(0, Math.min(hosts.size(), opt.hostBars()))) {
            // The rank keeps two hosts equal after bounding apart as distinct categories.
            bars.put((++rank) + ". " + SafeText.bound(h, 36), m.get(h));
        }
        if (hosts.size() > opt.hostBars()) {
            long[] rest = new long[kinds];
            for (String h : hosts.subList(opt.hostBars(), hosts.size())) {
                for (int k = 0; k < kinds; k++) {
                    rest[k] += m.get(h)[k];
                }
            }
            bars.put(OTHER_LANE + " (" + (hosts.size() - opt.hostBars()) + ")", rest);
        }
        long max = 0;
        for (long[] v : bars.values()) {
            max = Math.max(max, java.util.Arrays.stream(v).sum());
        }
        ByteUnit unit = bytes ? ByteUnit.forMax(max) : new ByteUnit("", 1);
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        List<Color> paints = new ArrayList<>();
        for (Kind k : Kind.values()) {
            if (kindFlows[k.ordinal()] == 0) {
                continue; // a verdict no connection has stays out of the legend
            }
            paints.add(k.colour);
            for (Map.Entry<String, long[]> b : bars.entrySet()) {
                ds.addValue(b.getValue()[k.ordinal()] / unit.divisor(), k.label, b.getKey());
            }
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(null, null, bytes ? unit.name() + " (both directions)"
                : "connections", ds, PlotOrientation.HORIZONTAL, true, false, false);
        styled(chart);
        CategoryPlot p = chart.getCategoryPlot();
        StackedBarRenderer r = (StackedBarRenderer) p.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        for (int i = 0; i < paints.size(); i++) {
            r.setSeriesPaint(i, paints.get(i));
        }
        r.setMaximumBarWidth(0.08);
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(new Color(0xdddddd));
        p.getDomainAxis().setTickLabelFont(FONT);
        p.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.45f);
        NumberAxis values = (NumberAxis) p.getRangeAxis();
        values.setAutoRangeMinimumSize(1.0);
        if (!bytes || unit.divisor() == 1) {
            values.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        int height = 90 + Math.max(3, ds.getColumnCount()) * 24;
        return svg(chart, 540, height, bytes ? "bytes-per-host" : "connections-per-host", bytes ? "hb" : "hc");
    }

    /** Connections started per time bucket, stacked by display kind. */
    String verdictsOverTimeSvg() {
        return verdictsOverTimeSvg(false);
    }

    String verdictsOverTimeSvg(boolean narrow) {
        int nb = Math.min(60, opt.timeBuckets());
        double span = span();
        long[][] counts = new long[Kind.values().length][nb];
        for (AuditedFlow f : result.flows()) {
            if (drawn(f)) {
                counts[Kind.of(f).ordinal()][bucket(x(f.flow().startNanos()), span, nb)]++;
            }
        }
        DefaultTableXYDataset ds = new DefaultTableXYDataset();
        double w = span / nb;
        ds.setIntervalWidth(w);
        List<Color> paints = new ArrayList<>();
        for (Kind k : Kind.values()) {
            if (java.util.Arrays.stream(counts[k.ordinal()]).sum() == 0) {
                continue;
            }
            XYSeries s = new XYSeries(k.label, true, false);
            for (int b = 0; b < nb; b++) {
                s.add(b * w + w / 2, counts[k.ordinal()][b]);
            }
            ds.addSeries(s);
            paints.add(k.colour);
        }
        NumberAxis x = timeAxis(unitName + " since " + Times.iso(t0));
        NumberAxis y = new NumberAxis("connections started");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        y.setAutoRangeMinimumSize(1.0);
        y.setTickLabelFont(FONT);
        StackedXYBarRenderer r = new StackedXYBarRenderer(0.1);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        for (int i = 0; i < paints.size(); i++) {
            r.setSeriesPaint(i, paints.get(i));
        }
        XYPlot p = new XYPlot(ds, x, y, r);
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(new Color(0xdddddd));
        p.setDomainGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(null, FONT, p, true);
        styled(chart);
        return narrow ? svg(chart, NARROW_WIDTH, 280, "verdicts-over-time-narrow", "vtn")
                : svg(chart, WIDTH, 260, "verdicts-over-time", "vt");
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

    /** A chart of marks on a white plot with light grid lines (the batch index's charts), styled. */
    static JFreeChart xyChart(org.jfree.data.xy.XYDataset ds, org.jfree.chart.axis.ValueAxis x,
                              org.jfree.chart.axis.ValueAxis y, org.jfree.chart.renderer.xy.XYItemRenderer r) {
        XYPlot p = new XYPlot(ds, x, y, r);
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(new Color(0xdddddd));
        p.setDomainGridlinePaint(new Color(0xdddddd));
        JFreeChart c = new JFreeChart(null, FONT, p, true);
        styled(c);
        return c;
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
