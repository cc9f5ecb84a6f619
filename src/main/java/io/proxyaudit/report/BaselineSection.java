package io.proxyaudit.report;

/** The batch index's "New endpoints" section: this run's endpoints that the --baseline file does not hold. */
final class BaselineSection {
    private BaselineSection() {}

    static String render(BatchHistory.Baseline b) {
        StringBuilder s = new StringBuilder(4096);
        boolean fail = b.failOnNew() && BatchHistory.anyFailing(b.fresh());
        s.append("<section id=\"new-endpoints\" class=\"verdict ").append(fail ? "bad" : "good")
                .append("\"><h2>New endpoints (").append(b.fresh().size()).append(")</h2>\n<p class=\"note\">Against ")
                .append("the baseline <code>").append(SafeText.html(SafeText.bound(b.file(), 300))).append("</code>, ")
                .append(AuditTotals.count(b.known(), "endpoint")).append(" known (host, port, route, client). ")
                .append(b.failOnNew() ? "With --new-endpoints fail a capture that reached a new endpoint fails."
                        : "New endpoints are a warning (--new-endpoints fail makes them fail the capture).");
        if (b.update() != null) {
            s.append(" Baseline ").append(SafeText.html(b.update())).append('.');
        }
        s.append("</p>\n");
        if (b.fresh().isEmpty()) {
            return s.append("<p class=\"empty\">").append(b.known() == 0 && b.update() != null
                    ? "No baseline to compare with yet." : "Every endpoint of this run is in the baseline.")
                    .append("</p></section>\n").toString();
        }
        s.append("<div class=\"scroll\"><table class=\"data\" id=\"new-endpoint-table\"><thead><tr><th>Host</th>"
                + "<th class=\"num\">Port</th><th>Route</th><th>Client</th><th class=\"num\">Connections</th>"
                + "<th>Captures</th></tr></thead><tbody>\n");
        int n = 0;
        for (BatchHistory.NewEndpoint e : b.fresh()) {
            if (n++ == BatchIndexHtml.MAX_TABLE_ROWS) {
                break;
            }
            s.append(e.endpoint().route().equals("direct") && e.allowedBy() == null ? "<tr class=\"bypass\">" : "<tr>")
                    .append("<td class=\"name\">").append(SafeText.html(SafeText.bound(e.endpoint().host(), 200)))
                    .append("</td><td class=\"num\">").append(e.endpoint().port()).append("</td><td>")
                    .append(SafeText.html(e.endpoint().route()))
                    .append(e.allowedBy() == null ? "" : " (allowed by " + SafeText.html(SafeText.bound(e.allowedBy(), 200)) + ")")
                    .append("</td><td>")
                    .append(SafeText.html(SafeText.bound(e.endpoint().client(), 40))).append("</td><td class=\"num\">")
                    .append(e.flows()).append("</td><td class=\"name caps\">");
            for (int i = 0; i < Math.min(5, e.captures().size()); i++) {
                s.append(i > 0 ? ", " : "").append(SafeText.html(SafeText.bound(e.captures().get(i), 200)));
            }
            if (e.captures().size() > 5) {
                s.append(" and ").append(e.captures().size() - 5).append(" more");
            }
            s.append("</td></tr>\n");
        }
        s.append("</tbody></table></div>\n");
        if (b.fresh().size() > BatchIndexHtml.MAX_TABLE_ROWS) {
            s.append("<p class=\"note\">").append(b.fresh().size() - BatchIndexHtml.MAX_TABLE_ROWS)
                    .append(" more in summary.json.</p>\n");
        }
        return s.append("</section>\n").toString();
    }
}
