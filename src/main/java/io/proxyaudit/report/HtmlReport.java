package io.proxyaudit.report;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedDns;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.Finding;
import io.proxyaudit.audit.Verdict;
import io.proxyaudit.client.Attribution;
import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.capture.CaptureWarning;
import io.proxyaudit.flow.FlowHost;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.policy.ConfigEntry;
import io.proxyaudit.policy.Role;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The self-contained HTML report of one audit: inline CSS, one inline script allowed by its SHA-256 hash in a
 * Content-Security-Policy meta tag, charts as inline SVG (JFreeChart via JFreeSVG), the flow table's data as
 * escaped JSON in a {@code <script type="application/json">} block. No request leaves the page. Every string
 * from the capture or the environment goes through {@link SafeText}.
 */
public final class HtmlReport {
    /** Flow ids listed per finding card (the full list is in the flow table and findings.csv). */
    static final int FINDING_FLOWS_SHOWN = 10;
    /** DNS lookups of the finding's host listed per card. */
    static final int FINDING_DNS_SHOWN = 5;
    /** Display bound of free text (reasons, remediations, warnings). */
    static final int TEXT_MAX = 600;
    private static final String SCRIPT = resource("report.js");
    private static final String STYLE = resource("report.css");

    private final AuditResult r;
    private final ReportOptions opt;
    private final StringBuilder out = new StringBuilder(1 << 16);

    private HtmlReport(AuditResult r, ReportOptions opt) {
        this.r = r;
        this.opt = opt;
    }

    public static void write(AuditResult result, Path file, ReportOptions options) throws IOException {
        AtomicFile.write(file, w -> write(result, w, options));
    }

    public static void write(AuditResult result, Writer out, ReportOptions options) throws IOException {
        HtmlReport h = new HtmlReport(result, options);
        Writer w = out instanceof BufferedWriter ? out : new BufferedWriter(out, 1 << 16);
        h.render(w);
        w.flush();
    }

    /** The CSP of every report: nothing may load; styles inline; the one script by hash. */
    static String contentSecurityPolicy() {
        return "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '" + scriptHash()
                + "'; base-uri 'none'; form-action 'none'";
    }

    /** {@code sha256-<base64>} of the inline script exactly as written (CSP Level 2 §4.2.4). */
    static String scriptHash() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(SCRIPT.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private void render(Writer w) throws IOException {
        AuditTotals t = AuditTotals.of(r);
        CaptureSummary c = r.capture();
        a("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        a("<meta http-equiv=\"Content-Security-Policy\" content=\"").a(contentSecurityPolicy()).a("\">\n");
        a("<meta name=\"referrer\" content=\"no-referrer\">\n");
        a("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        a("<title>").t(opt.title() + ": " + SafeText.bound(c.file(), 80)).a("</title>\n<style>").a(STYLE)
                .a("</style>\n</head>\n<body data-ready=\"0\">\n");
        a("<header><h1>").t(opt.title()).a("</h1><p class=\"meta\">Capture <b class=\"name\">")
                .t(SafeText.bound(c.file(), 200)).a("</b> &middot; ").t(span(c)).a(" &middot; generated ")
                .t(Times.iso(opt.generatedAt().getEpochSecond() * 1_000_000_000L)).a("</p>\n");
        a("<nav><a href=\"#timeline\">Timeline</a> <a href=\"#charts\">Charts</a> <a href=\"#findings\">Findings</a>"
                + " <a href=\"#flows\">Flows</a> <a href=\"#dns\">DNS</a> <a href=\"#capture\">Capture</a></nav></header>\n");
        verdict(t);
        ReportCharts charts = new ReportCharts(r, opt);
        alerts(charts);
        config();
        flush(w);
        timeline(charts);
        flush(w);
        charts(charts);
        flush(w);
        findings();
        flush(w);
        flowTable(charts, w);
        dnsTable();
        flush(w);
        captureInfo();
        a("<footer>Written by proxyaudit. This file is self-contained: it loads nothing from the network."
                + "</footer>\n");
        a("<script>").a(SCRIPT).a("</script>\n</body>\n</html>\n");
        flush(w);
    }

    private void verdict(AuditTotals t) {
        a("<section id=\"verdict\" class=\"verdict ").a(t.bypasses() > 0 ? "bad" : "good").a("\">\n");
        if (r.assumption() != null) {
            a("<p class=\"assumption\" id=\"assumption\">")
                    .t(SafeText.bound(r.assumption().sentence(), TEXT_MAX)).a("</p>\n");
        }
        a("<p class=\"sentence\">")
                .t(t.sentence()).a("</p>\n<div class=\"tiles\">");
        tile("Go fetches direct (bypass)", t.goBypasses(), "bypass");
        tile("Other bypasses", t.otherBypasses(), "bypass");
        tile("Proxied", t.proxied(), "proxied");
        tile("Direct, exempt", t.exempt(), "exempt");
        tile("Direct, no proxy set", t.unproxied(), "unproxied");
        tile("Not proxyable (broadcast, DHCP, no fetch)", t.notProxyable(), "notproxyable");
        if (t.allowed() > 0) {
            tile("Direct, allowed (--allow)", t.allowed(), "exempt");
        }
        tile("Unanswered attempts", t.unanswered(), "unanswered");
        tile("DNS lookups of Go endpoints (bypass)", t.dnsBypasses(), "bypass");
        a("</div>\n</section>\n");
    }

    private void tile(String label, long n, String cls) {
        a("<div class=\"tile ").a(cls).a(n > 0 ? "" : " zero").a("\"><span class=\"n\">").a(Long.toString(n))
                .a("</span><span class=\"l\">").t(label).a("</span></div>");
    }

    private void config() {
        a("<section id=\"config\"><h2>Configuration applied</h2>\n");
        if (Nulls.list(r.config()).isEmpty()) {
            a("<p class=\"note\">No proxy configuration was given or found: every connection counts as direct without a proxy.</p>");
        } else {
            a("<div class=\"scroll\"><table class=\"kv\"><thead><tr><th>Variable</th><th>Value (credentials redacted)</th>"
                    + "<th>From</th></tr></thead><tbody>\n");
            for (ConfigEntry e : Nulls.list(r.config())) {
                a("<tr><td><code>").t(SafeText.bound(e.key(), 80)).a("</code></td><td><code>")
                        .t(SafeText.bound(e.value(), TEXT_MAX)).a("</code></td><td>").t(SafeText.bound(e.source(), 120))
                        .a("</td></tr>\n");
            }
            a("</tbody></table></div>");
        }
        a("</section>\n");
    }

    private void timeline(ReportCharts charts) {
        ReportCharts.Lanes lanes = charts.lanes();
        a("<section id=\"timeline\"><h2>Timeline</h2>\n<p class=\"note\">One lane per destination host, grouped by role; "
                + "each bar is a connection from its first to its last packet, coloured by verdict; diamonds are DNS "
                + "lookups of the lane's host.");
        if (lanes.mergedHosts > 0) {
            a(" The ").a(Integer.toString(lanes.ordered.size() - 1)).a(" hosts with the most bypasses and connections "
                    + "have their own lane; ").a(Integer.toString(lanes.mergedHosts))
                    .a(" more share the &ldquo;other hosts&rdquo; lane.");
        }
        if (charts.timelineBinned()) {
            a(" With ").a(Long.toString(charts.flowsDrawn())).a(" connections, bars show time buckets of ")
                    .t(Times.duration(charts.spanNanos() / opt.timeBuckets()))
                    .a(" in which at least one connection of that kind was open.");
        } else if (lanes.overlaps()) {
            a(" &times;N after a host: up to N of its connections were open at the same time; they are drawn in "
                    + "sub-lanes (at most ").a(Integer.toString(ReportCharts.MAX_SUB_LANES)).a(" per host).");
        }
        outsideNote(charts);
        a("</p>\n");
        if (charts.flowsDrawn() == 0) {
            a("<p class=\"empty\">No connections to draw.</p>");
        } else {
            a("<figure class=\"chart wide\"><div class=\"for-wide\">").a(charts.timelineSvg(lanes, false))
                    .a("</div><div class=\"for-narrow\">").a(charts.timelineSvg(lanes, true)).a("</div></figure>\n");
        }
        a("</section>\n");
    }

    /** Says which records the time charts leave out ({@link TimeAxis}); they are all in the tables. */
    private void outsideNote(ReportCharts charts) {
        if (charts.flowsOutside() + charts.dnsOutside() + charts.flowsCut() == 0) {
            return;
        }
        a(" The time axis covers the bulk of the capture's time stamps (those within a day, or 10 median "
                + "absolute deviations, of the median). ").a(outsideCounts(charts))
                .a(" The tables list every record with its own time.");
    }

    private static String outsideCounts(ReportCharts charts) {
        List<String> far = new ArrayList<>();
        if (charts.flowsOutside() > 0) {
            far.add(AuditTotals.count(charts.flowsOutside(), "connection"));
        }
        if (charts.dnsOutside() > 0) {
            far.add(AuditTotals.count(charts.dnsOutside(), "DNS lookup"));
        }
        List<String> parts = new ArrayList<>();
        if (!far.isEmpty()) {
            parts.add("The time charts leave out " + String.join(" and ", far)
                    + " whose time stamps lie far from the rest");
        }
        if (charts.flowsCut() > 0) {
            parts.add((far.isEmpty() ? "" : "and ") + AuditTotals.count(charts.flowsCut(), "connection") + " that "
                    + (charts.flowsCut() == 1 ? "ends" : "end") + " far from the rest "
                    + (charts.flowsCut() == 1 ? "is" : "are") + " drawn up to the edge of the axis");
        }
        return String.join("; ", parts) + ".";
    }

    /** Limit counters worth a warning at the top: counter name, what happened, the option that sets the limit. */
    private static final String[][] LIMITS = {
        {"flows_evicted", "connections were evicted from the full flow table (they may appear split)", "--max-flows"},
        {"tcp_out_of_order_dropped", "out-of-order TCP segments were dropped", "--max-ooo-segments"},
        {"http_requests_dropped", "HTTP requests of long connections were not recorded", "--max-http-per-flow"},
        {"dns_pending_evicted", "DNS queries were forgotten before their answer", "--max-pending-dns"},
        {"names_evicted", "DNS names were forgotten (some connections may show an address, not a name)", "--max-names"},
        {"audit_flows_not_listed", "connections are judged and counted in the findings but not listed", "--max-listed-flows"},
        {"audit_dns_not_listed", "DNS lookups are judged but not listed", "--max-listed-flows"},
        {"ip_fragments_dropped", "IP fragments could not be reassembled and were dropped", null},
    };

    /** Damage, limits hit and far-off time stamps, near the top so nobody reads the charts without knowing. */
    private void alerts(ReportCharts charts) {
        List<String> lines = new ArrayList<>();
        String damage = BatchRow.damage(r);
        int warnings = Nulls.list(r.capture().warnings()).size();
        if (damage != null) {
            lines.add("The capture is damaged; what could be read is reported (" + damage + ").");
        }
        if (warnings > 0) {
            lines.add(AuditTotals.count(warnings, "warning") + " while reading the capture (listed under Capture).");
        }
        Map<String, Long> counters = new HashMap<>(Nulls.map(r.capture().counters()));
        counters.putAll(Nulls.map(r.flowCounters()));
        String cut = snapLengthNote(counters);
        if (cut != null) {
            lines.add(cut);
        }
        for (String[] l : LIMITS) {
            long n = counters.getOrDefault(l[0], 0L);
            if (n > 0) {
                lines.add(n + " " + l[1] + (l[2] == null ? "." : " (limit: " + l[2] + ")."));
            }
        }
        if (charts.flowsOutside() + charts.dnsOutside() + charts.flowsCut() > 0) {
            lines.add(outsideCounts(charts) + " See the note under Timeline.");
        }
        if (lines.isEmpty()) {
            return;
        }
        a("<section id=\"alerts\" class=\"alerts\"><h2>Before you read on</h2>\n<ul>");
        for (String l : lines) {
            a("<li>").t(SafeText.bound(l, TEXT_MAX)).a("</li>");
        }
        a("</ul>\n<p class=\"note\">Details: <a href=\"#capture\">Capture</a> (counters and warnings).</p></section>\n");
    }

    /** What a snap length (tcpdump -s) means for the rest of the report, or null when no packet was cut. */
    static String snapLengthNote(Map<String, Long> counters) {
        long packets = counters.getOrDefault("packets_cut", 0L);
        if (packets == 0) {
            return null;
        }
        long heads = counters.getOrDefault("http_heads_cut", 0L);
        long hellos = counters.getOrDefault("tls_hellos_cut", 0L);
        return "The capture was cut at " + counters.getOrDefault("packets_cut_at", 0L) + " bytes per packet (snap length, "
                + "tcpdump -s): " + AuditTotals.count(packets, "packet") + " lost " + (packets == 1 ? "its" : "their")
                + " end. Only what lies within the cut is read: request lines and complete header lines ("
                + AuditTotals.count(heads, "HTTP request") + "), ClientHello extensions before the cut ("
                + AuditTotals.count(hellos, "ClientHello") + "; no JA4 for them); records marked truncated are "
                + "incomplete, and a connection whose SNI or request line lies beyond the cut is judged by its "
                + "addresses only. Capture without -s (or with -s 0) to see everything.";
    }

    private void charts(ReportCharts charts) {
        a("<section id=\"charts\"><h2>Traffic per host and over time</h2>\n");
        if (r.flows().isEmpty()) {
            a("<p class=\"empty\">No connections.</p></section>\n");
            return;
        }
        a("<div class=\"pair\"><figure class=\"chart\"><figcaption>Bytes per host, by verdict</figcaption>")
                .a(charts.hostBarsSvg(true)).a("</figure>\n<figure class=\"chart\"><figcaption>Connections per host, by verdict"
                        + "</figcaption>").a(charts.hostBarsSvg(false)).a("</figure></div>\n");
        a("<figure class=\"chart wide\"><figcaption>Verdicts over time (connections started per interval)</figcaption>")
                .a("<div class=\"for-wide\">").a(charts.verdictsOverTimeSvg(false)).a("</div><div class=\"for-narrow\">")
                .a(charts.verdictsOverTimeSvg(true)).a("</div></figure>\n</section>\n");
    }

    private void findings() {
        a("<section id=\"findings\"><h2>Findings (").a(Integer.toString(r.findings().size())).a(")</h2>\n");
        if (r.findings().isEmpty()) {
            a("<p class=\"empty\">No findings: nothing went around the proxy.</p>");
        }
        Map<Long, AuditedFlow> byId = new HashMap<>();
        for (Finding f : r.findings()) {
            for (Long id : Nulls.list(f.flowIds())) {
                byId.put(id, null);
            }
        }
        for (AuditedFlow af : r.flows()) {
            if (byId.containsKey(af.flow().id())) {
                byId.put(af.flow().id(), af);
            }
        }
        // First few lookups per name, indexed once: findings x lookups would be quadratic on big captures.
        Map<String, List<AuditedDns>> dnsByName = new HashMap<>();
        for (AuditedDns d : r.dns()) {
            if (d.lookup().qname() != null) {
                List<AuditedDns> l = dnsByName.computeIfAbsent(d.lookup().qname().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>());
                if (l.size() < FINDING_DNS_SHOWN) {
                    l.add(d);
                }
            }
        }
        int n = 0;
        for (Finding f : r.findings()) {
            n++;
            a("<article class=\"finding\" id=\"finding-").a(Integer.toString(n)).a("\"><h3><span class=\"badge k-bypass\">")
                    .t(f.verdict() == null ? "-" : f.verdict().wire()).a("</span> <span class=\"name\">")
                    .t(SafeText.bound(f.host(), 200)).a(":").a(Integer.toString(f.port())).a("</span> <small>")
                    .t(f.role() == null ? "" : f.role().wire()).a("</small></h3>\n<p class=\"reason\">")
                    .t(SafeText.bound(f.reason(), TEXT_MAX)).a(" <small class=\"code\">(").t(SafeText.bound(f.reasonCode(), 80))
                    .a(")</small></p>\n<p>").a(AuditTotals.count(f.flowCount(), "connection")).a(" from ")
                    .t(Times.iso(f.firstNanos())).a(" to ").t(Times.iso(f.lastNanos())).a(".</p>\n");
            if (f.attribution() != null && f.attribution().evidence() != null) {
                a("<p class=\"client\">Made by <b>").t(clientLabel(f.attribution())).a("</b>: ")
                        .t(SafeText.bound(f.attribution().detail(), 200)).a(" (").t(f.attribution().confidence().wire())
                        .a(" confidence).</p>\n");
            }
            if (f.process() != null) {
                a("<p class=\"process\">Process: <code class=\"name\">").t(ProcessText.oneLine(f.process(), 300))
                        .a("</code></p>\n");
            }
            a("<div class=\"scroll\"><table class=\"evidence\"><thead><tr><th>Flow</th><th>Start</th><th>Server</th><th>SNI / Host</th>"
                    + "<th>State</th></tr></thead><tbody>");
            int shown = 0;
            for (Long id : Nulls.list(f.flowIds())) {
                if (shown++ == FINDING_FLOWS_SHOWN) {
                    break;
                }
                AuditedFlow af = byId.get(id);
                if (af == null) {
                    a("<tr><td>#").a(Long.toString(id)).a("</td><td colspan=\"4\">not in this result</td></tr>");
                    continue;
                }
                FlowRecord fr = af.flow();
                a("<tr><td>#").a(Long.toString(id)).a("</td><td>").t(Times.clock(fr.startNanos())).a("</td><td>")
                        .t(SafeText.bound(fr.serverIp(), 60)).a(":").a(Integer.toString(fr.serverPort())).a("</td><td class=\"name\">")
                        .t(SafeText.bound(FlowHost.label(fr), 120)).a("</td><td>").t(SafeText.bound(fr.state(), 20)).a("</td></tr>");
            }
            a("</tbody></table></div>");
            if (f.flowCount() > shown) {
                a("<p class=\"note\">").a(Long.toString(f.flowCount() - Math.min(shown, Nulls.list(f.flowIds()).size())))
                        .a(" more connections: filter the flow table by host or see findings.csv.</p>");
            }
            List<AuditedDns> lookups = f.host() == null ? List.of()
                    : dnsByName.getOrDefault(f.host().toLowerCase(Locale.ROOT), List.of());
            if (!lookups.isEmpty()) {
                a("<p>DNS lookups of this host: ");
                for (AuditedDns d : lookups) {
                    a("<span class=\"chip\">").t(Times.clock(d.lookup().queryNanos())).a(" &rarr; ")
                            .t(SafeText.bound(String.join(", ", Nulls.list(d.lookup().answers())), 120)).a("</span> ");
                }
                a("</p>");
            }
            a("<div class=\"fix\"><span>Fix:</span> <pre><code>").t(SafeText.bound(f.remediation(), TEXT_MAX))
                    .a("</code></pre><button type=\"button\" class=\"copy\" data-copy=\"")
                    .t(SafeText.bound(f.remediation(), TEXT_MAX)).a("\">Copy</button></div>\n</article>\n");
        }
        a("</section>\n");
    }

    /** A number of the embedded flow rows; {@code origin} is the time axis' start. */
    private interface FlowNumber {
        long of(AuditedFlow f, long origin);
    }

    /**
     * A column of the connection table's embedded rows: its key (report.js reads the rows by key), its heading
     * (null: data report.js uses inside another column or for filtering), what it shows, and its value: a number
     * or a string (interned in the rows' string table).
     */
    private static final class FlowColumn {
        final String key;
        final TableColumn<AuditedFlow> shown;
        final FlowNumber number;

        private FlowColumn(String key, TableColumn<AuditedFlow> shown, FlowNumber number) {
            this.key = key;
            this.shown = shown;
            this.number = number;
        }

        static FlowColumn number(String key, String heading, String doc, FlowNumber n) {
            return new FlowColumn(key, TableColumn.derived(heading, doc, null), n);
        }

        static FlowColumn text(String key, String heading, Field<?> shows, Function<AuditedFlow, String> v) {
            return new FlowColumn(key, TableColumn.of(heading, shows, v), null);
        }

        static FlowColumn text(String key, String heading, String doc, Function<AuditedFlow, String> v) {
            return new FlowColumn(key, TableColumn.derived(heading, doc, v), null);
        }
    }

    /** The client and the program its evidence names: {@code other (curl)}, {@code pip}. */
    static String clientLabel(Attribution a) {
        String program = a.program();
        return a.client().wire() + (program == null || program.equals(a.client().wire()) ? ""
                : " (" + SafeText.bound(program, 60) + ")");
    }

    /** The connection table, in the order of the embedded rows. */
    private static final List<FlowColumn> FLOW_TABLE = List.of(
            FlowColumn.number("id", "#", FlowSchema.FLOW.field("id").doc(), (f, o) -> f.flow().id()),
            FlowColumn.number("startMs", "Start (s)", "the first packet, in seconds from the start of the timeline",
                    (f, o) -> (f.flow().startNanos() - o) / 1_000_000),
            FlowColumn.number("durMs", "Duration (ms)", "from the first to the last packet",
                    (f, o) -> (f.flow().endNanos() - f.flow().startNanos()) / 1_000_000),
            FlowColumn.number("kind", "Verdict", FlowSchema.AUDIT.field("verdict").doc() + "; or an unanswered attempt",
                    (f, o) -> ReportCharts.Kind.of(f).ordinal()),
            FlowColumn.text("route", "Route", FlowSchema.AUDIT.field("route"), f -> f.route() == null ? "" : f.route().wire()),
            FlowColumn.text("role", "Role", FlowSchema.AUDIT.field("role"), f -> f.role() == null ? "" : f.role().wire()),
            FlowColumn.text("host", "Host", FlowSchema.FLOW.field("host"), f -> SafeText.bound(f.flow().host(), 200)),
            FlowColumn.text("target", null, FlowSchema.AUDIT.field("target"), f -> SafeText.bound(f.target(), 200)),
            FlowColumn.text("server", "Server", "server_ip:server_port, and the proxy the connection went to",
                    f -> SafeText.bound(f.flow().serverIp(), 60) + ":" + f.flow().serverPort()),
            FlowColumn.text("proxy", null, FlowSchema.AUDIT.field("proxy"), f -> SafeText.bound(f.proxy(), 200)),
            FlowColumn.text("sni", "SNI / Host", "what named the destination on the wire: the SNI inside a tunnel, the "
                    + "SNI, the CONNECT target or the HTTP Host", f -> SafeText.bound(FlowHost.label(f.flow()), 200)),
            FlowColumn.text("client", "Client", FlowSchema.AUDIT.field("client_evidence").doc(),
                    f -> f.attribution() == null ? "" : clientLabel(f.attribution()) + (f.attribution().evidence() == null
                            ? "" : ", " + f.attribution().evidence().wire() + ", " + f.attribution().confidence().wire())),
            FlowColumn.text("process", "Process", FlowSchema.FLOW.field("process"),
                    f -> ProcessText.oneLine(f.flow().process(), 200)),
            FlowColumn.text("state", null, FlowSchema.FLOW.field("state"), f -> SafeText.bound(f.flow().state(), 20)),
            FlowColumn.number("up", "Bytes out", FlowSchema.FLOW.field("bytes_c2s").doc(), (f, o) -> f.flow().bytesC2s()),
            FlowColumn.number("down", "Bytes in", FlowSchema.FLOW.field("bytes_s2c").doc(), (f, o) -> f.flow().bytesS2c()),
            FlowColumn.text("reason", "Reason", FlowSchema.AUDIT.field("reason"), f -> SafeText.bound(f.reason(), 300)),
            FlowColumn.text("verdict", null, FlowSchema.AUDIT.field("verdict"),
                    f -> f.verdict() == null ? "" : f.verdict().wire()));

    /** Column keys of the embedded flow rows, in order; report.js reads them from the data's {@code cols}. */
    static final List<String> FLOW_JSON_COLUMNS = FLOW_TABLE.stream().map(c -> c.key).toList();

    private void flowTable(ReportCharts charts, Writer w) throws IOException {
        a("<section id=\"flows\"><h2>Connections (").a(Integer.toString(r.flows().size())).a(")</h2>\n");
        a("<form class=\"controls\" id=\"flow-controls\"><label>Verdict <select id=\"f-verdict\"><option value=\"\">all</option>");
        for (Verdict v : Verdict.values()) {
            a("<option>").a(v.wire()).a("</option>");
        }
        a("<option value=\"unanswered\">unanswered attempt</option>");
        a("</select></label> <label>Role <select id=\"f-role\"><option value=\"\">all</option>");
        for (Role role : Role.values()) {
            a("<option>").a(role.wire()).a("</option>");
        }
        a("</select></label> <label>Host <input id=\"f-host\" type=\"search\" placeholder=\"contains\" autocomplete=\"off\"></label>"
                + " <span id=\"f-count\" class=\"note\"></span></form>\n");
        a("<div class=\"scroll\"><table id=\"flow-table\" class=\"data\" data-visible-rows=\"\"><thead><tr>");
        List<TableColumn<AuditedFlow>> shown = new ArrayList<>();
        int[] dataCols = new int[FLOW_TABLE.size()];
        for (int i = 0; i < FLOW_TABLE.size(); i++) {
            if (FLOW_TABLE.get(i).shown.heading != null) {
                dataCols[shown.size()] = i;
                shown.add(FLOW_TABLE.get(i).shown);
            }
        }
        headings(shown, dataCols);
        a("</tr></thead><tbody></tbody></table></div>\n");
        a("<div class=\"pager\"><button type=\"button\" id=\"p-prev\">&larr; Previous</button> <span id=\"p-info\"></span> "
                + "<button type=\"button\" id=\"p-next\">Next &rarr;</button></div>\n");
        a("<noscript><p class=\"note\">The connection table needs JavaScript; flows.csv (--csv) has the same data.</p></noscript>\n");
        a("<script type=\"application/json\" id=\"flow-data\">");
        flush(w);
        flowJson(charts.origin(), w);
        a("</script>\n</section>\n");
    }

    /**
     * {"cols":[...],"kinds":[...],"strings":[...],"rows":[[...],...]}: strings are interned in a table so 100k
     * rows stay small; numbers are relative milliseconds and byte counts.
     */
    private void flowJson(long origin, Writer w) throws IOException {
        Map<String, Integer> ids = new LinkedHashMap<>();
        // Rows are staged because the string table they refer to is written before them.
        StringBuilder rows = new StringBuilder(r.flows().size() * 64);
        rows.append('[');
        boolean first = true;
        for (AuditedFlow af : r.flows()) {
            if (!first) {
                rows.append(",\n");
            }
            first = false;
            rows.append('[');
            for (int i = 0; i < FLOW_TABLE.size(); i++) {
                FlowColumn c = FLOW_TABLE.get(i);
                if (i > 0) {
                    rows.append(',');
                }
                if (c.number != null) {
                    rows.append(c.number.of(af, origin));
                } else {
                    rows.append(intern(ids, c.shown.text.apply(af)));
                }
            }
            rows.append(']');
        }
        rows.append(']');
        StringBuilder head = new StringBuilder(ids.size() * 24 + 256);
        head.append("{\"cols\":[");
        for (int i = 0; i < FLOW_JSON_COLUMNS.size(); i++) {
            if (i > 0) {
                head.append(',');
            }
            SafeText.appendJsonString(head, FLOW_JSON_COLUMNS.get(i));
        }
        head.append("],\"kinds\":[");
        for (ReportCharts.Kind k : ReportCharts.Kind.values()) {
            if (k.ordinal() > 0) {
                head.append(',');
            }
            SafeText.appendJsonString(head, k.label);
        }
        head.append("],\"strings\":[");
        boolean f1 = true;
        for (String s : ids.keySet()) {
            if (!f1) {
                head.append(',');
            }
            f1 = false;
            SafeText.appendJsonString(head, s);
        }
        head.append("],\"rows\":");
        w.write(head.toString());
        w.write(rows.toString());
        w.write("}");
    }

    private static int intern(Map<String, Integer> ids, String s) {
        Integer i = ids.get(s);
        if (i == null) {
            i = ids.size();
            ids.put(s, i);
        }
        return i;
    }

    /** The DNS table: a row per lookup. */
    static final List<TableColumn<AuditedDns>> DNS_TABLE = List.of(
            TableColumn.of("Time", DnsSchema.DNS.field("ts"), d -> Times.clock(d.lookup().queryNanos())),
            TableColumn.<AuditedDns>of("Name", DnsSchema.DNS.field("qname"), d -> SafeText.bound(d.lookup().qname(), 200))
                    .cells("name"),
            TableColumn.of("Type", DnsSchema.DNS.field("qtype"), d -> Integer.toString(d.lookup().qtype())),
            TableColumn.<AuditedDns>of("Answers", DnsSchema.DNS.field("answers"), d -> d.lookup().rcode() < 0 ? "(no response)"
                    : SafeText.bound(String.join(", ", Nulls.list(d.lookup().answers())), 200)).cells("name"),
            TableColumn.of("Server", DnsSchema.DNS.field("server_ip"), d -> SafeText.bound(d.lookup().serverIp(), 60)),
            TableColumn.of("Role", DnsSchema.AUDIT.field("role"), d -> d.role() == null ? "" : d.role().wire()),
            TableColumn.of("Verdict", DnsSchema.AUDIT.field("verdict"), d -> d.verdict() == null ? "" : d.verdict().wire()),
            TableColumn.of("Reason", DnsSchema.AUDIT.field("reason"), d -> SafeText.bound(d.reason(), 300)));

    /** {@code <th>} per column, with the column's doc as its tooltip; {@code dataCols}: report.js's column numbers. */
    private <T> void headings(List<TableColumn<T>> columns, int[] dataCols) {
        for (int i = 0; i < columns.size(); i++) {
            TableColumn<T> c = columns.get(i);
            a("<th");
            if (dataCols != null) {
                a(" data-col=\"").a(Integer.toString(dataCols[i])).a("\"");
            }
            a(" title=\"").t(c.tooltip()).a("\">").t(c.heading).a("</th>");
        }
    }

    private void dnsTable() {
        a("<section id=\"dns\"><h2>DNS lookups (").a(Integer.toString(r.dns().size())).a(")</h2>\n");
        String encryptedDns = r.encryptedDnsNote();
        if (encryptedDns != null) {
            a("<p class=\"note\">").t(SafeText.bound(encryptedDns, 600)).a(".</p>\n");
        }
        if (r.dns().isEmpty()) {
            a("<p class=\"empty\">No DNS lookups in the capture.</p></section>\n");
            return;
        }
        a("<div class=\"scroll\"><table class=\"data\"><thead><tr>");
        headings(DNS_TABLE, null);
        a("</tr></thead><tbody>\n");
        int n = 0;
        for (AuditedDns d : r.dns()) {
            if (n++ == opt.maxTableRows()) {
                break;
            }
            a(d.verdict() == Verdict.DIRECT_BYPASS ? "<tr class=\"bypass\">" : "<tr>");
            for (TableColumn<AuditedDns> c : DNS_TABLE) {
                a(c.cellClass == null ? "<td>" : "<td class=\"" + c.cellClass + "\">").t(c.text.apply(d)).a("</td>");
            }
            a("</tr>\n");
        }
        a("</tbody></table></div>\n");
        if (r.dns().size() > opt.maxTableRows()) {
            a("<p class=\"note\">").a(Integer.toString(r.dns().size() - opt.maxTableRows()))
                    .a(" more lookups are not shown here; dns.csv (--csv) has all of them.</p>\n");
        }
        a("</section>\n");
    }

    private void captureInfo() {
        CaptureSummary c = r.capture();
        a("<section id=\"capture\"><h2>Capture</h2>\n<div class=\"scroll\"><table class=\"kv\"><tbody>\n");
        kv("File", SafeText.bound(c.file(), 300));
        kv("Format", c.format() + (c.compression() == null ? "" : " (" + c.compression() + ")"));
        kv("Byte order", c.byteOrder());
        kv("Time stamp resolution", String.join(", ", Nulls.list(c.tsResolution())));
        kv("Link types", Nulls.list(c.linkTypes()).toString());
        kv("Sections / interfaces", c.sections() + " / " + c.interfaces());
        kv("Packets", Long.toString(c.packets()));
        kv("Captured bytes", Long.toString(c.capturedBytes()));
        kv("First packet", Times.iso(c.firstTimestampNanos()));
        kv("Last packet", Times.iso(c.lastTimestampNanos()));
        kv("Skipped bytes", Long.toString(c.skippedBytes()));
        a("</tbody></table></div>\n<h3>Counters</h3>\n<div class=\"scroll\"><table class=\"kv counters\"><tbody>\n");
        for (Map.Entry<String, Long> e : Nulls.map(c.counters()).entrySet()) {
            kv("capture: " + SafeText.bound(e.getKey(), 80), Long.toString(e.getValue()));
        }
        for (Map.Entry<String, Long> e : Nulls.map(r.flowCounters()).entrySet()) {
            kv("flows: " + SafeText.bound(e.getKey(), 80), Long.toString(e.getValue()));
        }
        a("</tbody></table></div>\n<h3>Warnings (").a(Integer.toString(Nulls.list(c.warnings()).size())).a(")</h3>\n");
        if (Nulls.list(c.warnings()).isEmpty()) {
            a("<p class=\"empty\">None.</p>\n");
        } else {
            a("<ul class=\"warnings\">");
            int n = 0;
            for (CaptureWarning wng : Nulls.list(c.warnings())) {
                if (n++ == opt.maxTableRows()) {
                    break;
                }
                a("<li><code>").t(SafeText.bound(wng.kind(), 60)).a("</code> ").t(SafeText.bound(wng.toLine(), TEXT_MAX))
                        .a("</li>");
            }
            a("</ul>\n");
            if (Nulls.list(c.warnings()).size() > opt.maxTableRows()) {
                a("<p class=\"note\">").a(Integer.toString(Nulls.list(c.warnings()).size() - opt.maxTableRows()))
                        .a(" more warnings not shown.</p>\n");
            }
        }
        a("</section>\n");
    }

    private void kv(String k, String v) {
        a("<tr><th>").t(k).a("</th><td>").t(v).a("</td></tr>\n");
    }

    private static String span(CaptureSummary c) {
        if (Times.none(c.firstTimestampNanos())) {
            return c.packets() + " packets";
        }
        return c.packets() + " packets, " + Times.iso(c.firstTimestampNanos()) + " to " + Times.iso(c.lastTimestampNanos())
                + " (" + Times.duration(c.lastTimestampNanos() - c.firstTimestampNanos()) + ")";
    }

    /** Appends trusted markup. */
    private HtmlReport a(String s) {
        out.append(s);
        return this;
    }

    /** Appends untrusted text, cleaned and escaped. */
    private HtmlReport t(String s) {
        out.append(SafeText.html(s));
        return this;
    }

    private void flush(Writer w) throws IOException {
        w.write(out.toString());
        out.setLength(0);
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
