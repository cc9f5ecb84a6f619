package io.proxyaudit.report;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.Finding;
import io.proxyaudit.audit.Verdict;
import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.client.Client;
import io.proxyaudit.client.Remedy;
import io.proxyaudit.policy.ConfigEntry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The default terminal output of {@code analyze}: the verdict sentence, the headline numbers, a short table
 * host x role x route x verdict, then each finding with its reason and the remediation to copy. Plain ASCII
 * (anything else becomes '?'), fitted to the terminal width; ANSI colour only when asked for.
 */
public final class TerminalSummary {
    /** Rows of the host table before the rest is summarised in one line. */
    static final int MAX_HOST_ROWS = 20;
    /** Findings printed in full before the rest is summarised in one line. */
    static final int MAX_FINDINGS = 20;

    /**
     * @param width  terminal columns (clamped to 40..200)
     * @param colour whether to use ANSI colour (only on a terminal)
     */
    public record Options(int width, boolean colour) {
        public Options {
            width = Math.max(40, Math.min(200, width));
        }

        /** Width from {@code $COLUMNS} (default 80); colour when stdout is a console, TERM is not dumb and NO_COLOR is unset. */
        public static Options detect() {
            int w = 80;
            String cols = System.getenv("COLUMNS");
            if (cols != null) {
                try {
                    w = Integer.parseInt(cols.trim());
                } catch (NumberFormatException ignored) {
                    // keep the default
                }
            }
            boolean tty = System.console() != null && !"dumb".equals(System.getenv("TERM"))
                    && System.getenv("NO_COLOR") == null;
            return new Options(w, tty);
        }

        public static Options plain(int width) {
            return new Options(width, false);
        }
    }

    private final Options opt;
    private final PrintWriter out;

    private TerminalSummary(Options opt, PrintWriter out) {
        this.opt = opt;
        this.out = out;
    }

    public static void write(AuditResult result, PrintWriter out, Options options) {
        new TerminalSummary(options, out).render(result);
        out.flush();
    }

    /** The summary as a string (for tests and for embedding in other text). */
    public static String render(AuditResult result, Options options) {
        java.io.StringWriter sw = new java.io.StringWriter();
        write(result, new PrintWriter(sw), options);
        return sw.toString();
    }

    private void render(AuditResult r) {
        AuditTotals t = AuditTotals.of(r);
        CaptureSummary c = r.capture();
        String span = Times.none(c.firstTimestampNanos()) ? "no time stamps"
                : Times.duration(c.lastTimestampNanos() - c.firstTimestampNanos());
        if (r.assumption() != null) {
            // first: a run without the job's environment must not read as a pass (issue 17)
            printWrapped(paint("\u001b[1;33m", "NOTE: "), ascii(r.assumption().sentence()), "NOTE: ".length());
        }
        printWrapped("", ascii("Capture " + SafeText.bound(c.file(), 300) + ": " + c.packets() + " packets, " + span
                + ", " + AuditTotals.count(t.flows(), "connection") + ", "
                + AuditTotals.count(r.dns().size(), "DNS lookup")), 2);
        String encryptedDns = r.encryptedDnsNote();
        if (encryptedDns != null) {
            printWrapped("DNS: ", ascii(SafeText.bound(encryptedDns, 600)), 2);
        }
        printWrapped("Judged against: ", ascii(configuration(Nulls.list(r.config()))), 2);
        String colour = t.bypasses() > 0 ? "\u001b[1;31m" : "\u001b[1;32m";
        printWrapped(paint(colour, "VERDICT: ") , ascii(t.sentence()), "VERDICT: ".length());
        printWrapped("  ", String.format(Locale.ROOT, "Go bypasses %d | other bypasses %d | proxied %d | exempt %d"
                        + " | unproxied %d | not proxyable %d | unanswered %d | DNS bypasses %d", t.goBypasses(),
                t.otherBypasses(), t.proxied(), t.exempt(), t.unproxied(), t.notProxyable(), t.unanswered(),
                t.dnsBypasses()) + (t.allowed() > 0 ? " | allowed " + t.allowed() : ""), 2);
        if (!Nulls.list(c.warnings()).isEmpty()) {
            line("  " + AuditTotals.count(Nulls.list(c.warnings()).size(), "capture warning") + " (see the report)");
        }
        long cut = Nulls.map(c.counters()).getOrDefault("packets_cut", 0L);
        if (cut > 0) {
            printWrapped("  ", "Snap length: " + AuditTotals.count(cut, "packet") + " cut at "
                    + Nulls.map(c.counters()).getOrDefault("packets_cut_at", 0L) + " bytes; what lay beyond the cut is "
                    + "unknown (records marked truncated)", 2);
        }
        hostTable(r);
        findings(r);
    }

    /**
     * The configuration in one line, as Go's net/http reads it (upper case first, empty values skipped;
     * golang.org/x/net/http/httpproxy): the proxy for http and for https, NO_PROXY, GOPROXY and GOPRIVATE, then
     * ALL_PROXY and --proxy when given. Values come redacted from the audit.
     */
    static String configuration(List<ConfigEntry> config) {
        Map<String, String> v = new LinkedHashMap<>();
        List<String> known = new ArrayList<>();
        for (ConfigEntry e : config) {
            if (e.key().equals("proxy")) {
                known.add(e.value());
            } else if (e.value() != null && !e.value().isEmpty()) {
                v.putIfAbsent(e.key(), e.value());
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("http ").append(either(v, "HTTP_PROXY", "http_proxy", "no proxy"));
        b.append(", https ").append(either(v, "HTTPS_PROXY", "https_proxy", "no proxy"));
        b.append(", NO_PROXY ").append(either(v, "NO_PROXY", "no_proxy", "unset"));
        b.append(", GOPROXY ").append(bounded(v.getOrDefault("GOPROXY", "unset")));
        b.append(", GOPRIVATE ").append(bounded(v.getOrDefault("GOPRIVATE", "unset")));
        String all = either(v, "ALL_PROXY", "all_proxy", null);
        if (all != null) {
            b.append(", ALL_PROXY ").append(all);
        }
        if (!known.isEmpty()) {
            b.append(", --proxy ").append(bounded(String.join(" ", known)));
        }
        return b.toString();
    }

    /** The upper-case variable's value, else the lower-case one's (named when it is the one used), else {@code none}. */
    private static String either(Map<String, String> v, String upper, String lower, String none) {
        if (v.containsKey(upper)) {
            return bounded(v.get(upper));
        }
        if (v.containsKey(lower)) {
            return bounded(v.get(lower)) + " (" + lower + ")";
        }
        return none;
    }

    private static String bounded(String s) {
        return SafeText.bound(s, 80);
    }

    /** Who made a finding's connections, from the audit's client guess: "go", "git (curl)", ... */
    private static String clients(Finding f, Map<Long, Client> clientById) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (Long id : Nulls.list(f.flowIds())) {
            Client c = clientById.get(id);
            if (c != null) {
                names.add(c.label());
            }
        }
        return names.isEmpty() ? "an unknown client" : String.join(", ", names);
    }

    private record Key(String host, String role, String route, Verdict verdict) {
        // written out: a record's generated equals/hashCode go through an invokedynamic bootstrap and method
        // handles, slow in the once-per-run code this is (25 ms for a capture of 7,650 flows)
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(host, k.host) && role.equals(k.role)
                    && route.equals(k.route) && verdict == k.verdict;
        }

        @Override
        public int hashCode() {
            return ((java.util.Objects.hashCode(host) * 31 + role.hashCode()) * 31 + route.hashCode()) * 31
                    + java.util.Objects.hashCode(verdict);
        }
    }

    private static final class Agg {
        long flows;
        long bytes;
    }

    private void hostTable(AuditResult r) {
        if (r.flows().isEmpty()) {
            return;
        }
        Map<Key, Agg> groups = new LinkedHashMap<>();
        for (AuditedFlow f : r.flows()) {
            Key k = new Key(f.flow().host(), f.role() == null ? "-" : f.role().wire(),
                    f.route() == null ? "-" : f.route().wire(), f.verdict());
            Agg a = groups.computeIfAbsent(k, x -> new Agg());
            a.flows++;
            a.bytes += f.flow().bytesC2s() + f.flow().bytesS2c();
        }
        List<Map.Entry<Key, Agg>> rows = new ArrayList<>(groups.entrySet());
        rows.sort(Comparator.<Map.Entry<Key, Agg>>comparingInt(e -> verdictRank(e.getKey().verdict()))
                .thenComparing(e -> -e.getValue().flows).thenComparing(e -> String.valueOf(e.getKey().host())));
        // Narrow terminals get host, verdict and count only.
        boolean compact = opt.width() < 72;
        int roleW = 12; // wider only for the long roles (dns-over-https), so other tables keep their layout
        for (Key k : groups.keySet()) {
            roleW = Math.max(roleW, k.role().length());
        }
        int fixed = compact ? 1 + 16 + 1 + 7 : 1 + roleW + 1 + 7 + 1 + 16 + 1 + 7 + 1 + 9;
        int hostW = Math.max(12, opt.width() - fixed);
        line("");
        String fmt = compact ? "%-" + hostW + "s %-16s %7s" : "%-" + hostW + "s %-" + roleW + "s %-7s %-16s %7s %9s";
        line(compact ? String.format(Locale.ROOT, fmt, "HOST", "VERDICT", "FLOWS")
                : String.format(Locale.ROOT, fmt, "HOST", "ROLE", "ROUTE", "VERDICT", "FLOWS", "BYTES"));
        int shown = 0;
        for (Map.Entry<Key, Agg> e : rows) {
            if (shown == MAX_HOST_ROWS) {
                printWrapped("", String.format(Locale.ROOT, "... %d more rows (use --report or --csv for all)",
                        rows.size() - shown), 4);
                break;
            }
            Key k = e.getKey();
            String v = k.verdict() == null ? "-" : k.verdict().wire();
            String host = cut(ascii(k.host()), hostW);
            String row = compact ? String.format(Locale.ROOT, fmt, host, v, e.getValue().flows)
                    : String.format(Locale.ROOT, fmt, host, k.role(), k.route(), v, e.getValue().flows,
                    Times.bytes(e.getValue().bytes));
            line(k.verdict() == Verdict.DIRECT_BYPASS ? paint("\u001b[31m", row) : row);
            shown++;
        }
    }

    private static int verdictRank(Verdict v) {
        return v == null ? 9 : switch (v) {
            case DIRECT_BYPASS -> 0;
            case DIRECT_UNPROXIED -> 1;
            case DIRECT_EXEMPT -> 2;
            case PROXIED -> 3;
            case NOT_PROXYABLE -> 4;
            case DIRECT_ALLOWED -> 5;
        };
    }

    private void findings(AuditResult r) {
        line("");
        if (r.findings().isEmpty()) {
            line("No findings.");
            return;
        }
        line(paint("\u001b[1m", "FINDINGS (" + r.findings().size() + ")"));
        Map<Long, Client> clientById = new java.util.HashMap<>();
        for (AuditedFlow f : r.flows()) {
            if (f.client() != null) {
                clientById.put(f.flow().id(), f.client());
            }
        }
        int i = 0;
        for (Finding f : r.findings()) {
            if (i == MAX_FINDINGS) {
                line(String.format(Locale.ROOT, "... %d more findings (use --report or --csv for all)",
                        r.findings().size() - i));
                break;
            }
            i++;
            String head = String.format(Locale.ROOT, "[%d] %s %s:%d (%s)", i,
                    f.verdict() == null ? "-" : f.verdict().wire(), ascii(SafeText.bound(f.host(), 200)), f.port(),
                    f.role() == null ? "-" : f.role().wire());
            printWrapped("", head, 4);
            printWrapped("    ", String.format(Locale.ROOT, "%s by %s, %s - %s", AuditTotals.count(f.flowCount(), "flow"),
                    ascii(clients(f, clientById)), Times.clock(f.firstNanos()), Times.clock(f.lastNanos())), 4);
            if (f.attribution() != null && f.attribution().evidence() != null) {
                printWrapped("    seen: ", ascii(SafeText.bound(f.attribution().detail(), 200)) + " ("
                        + f.attribution().confidence().wire() + " confidence)", 10);
            }
            if (f.process() != null) {
                printWrapped("    process: ", ascii(ProcessText.oneLine(f.process(), 300)), 13);
            }
            printWrapped("    why: ", ascii(SafeText.bound(f.reason(), 1000)), 9);
            // A command is printed unwrapped so it can be copied as one line, its comment below it; advice in words
            // (a program that ignores the variables, ssh) is wrapped like the reason.
            String fix = ascii(SafeText.bound(f.remediation(), 2000));
            if (f.remedy() != null && f.remedy().kind() != Remedy.Kind.CHANGES && !fix.contains("   # ")) {
                printWrapped("    fix: ", fix, 9);
                continue;
            }
            int comment = fix.indexOf("   # ");
            line("    fix: " + paint("\u001b[1m", comment > 0 ? fix.substring(0, comment) : fix));
            if (comment > 0) {
                printWrapped("         ", fix.substring(comment).strip(), 11);
            }
        }
    }

    /** Words of {@code text} after {@code prefix}, wrapped at the width; later lines indented by {@code indent}. */
    private void printWrapped(String prefix, String text, int indent) {
        int firstAvail = Math.max(20, opt.width() - Math.max(indent, prefix.replaceAll("\u001b\\[[0-9;]*m", "").length()));
        int restAvail = Math.max(20, opt.width() - indent);
        StringBuilder cur = new StringBuilder();
        boolean first = true;
        for (String word : text.split(" ")) {
            int avail = first ? firstAvail : restAvail;
            while (word.length() > avail) { // hard-break very long words
                if (cur.length() > 0) {
                    emit(first ? prefix : " ".repeat(indent), cur);
                    first = false;
                    avail = restAvail;
                }
                cur.append(word, 0, avail);
                emit(first ? prefix : " ".repeat(indent), cur);
                first = false;
                word = word.substring(avail);
                avail = restAvail;
            }
            if (cur.length() > 0 && cur.length() + 1 + word.length() > avail) {
                emit(first ? prefix : " ".repeat(indent), cur);
                first = false;
            }
            if (cur.length() > 0) {
                cur.append(' ');
            }
            cur.append(word);
        }
        if (cur.length() > 0 || first) {
            emit(first ? prefix : " ".repeat(indent), cur);
        }
    }

    private void emit(String prefix, StringBuilder cur) {
        line(prefix + cur);
        cur.setLength(0);
    }

    private void line(String s) {
        out.print(s);
        out.print('\n');
    }

    private String paint(String ansi, String s) {
        return opt.colour() ? ansi + s + "\u001b[0m" : s;
    }

    /** Cleaned, then every character outside printable ASCII replaced by '?'. */
    static String ascii(String s) {
        String c = SafeText.clean(s);
        StringBuilder b = new StringBuilder(c.length());
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < c.length() && Character.isLowSurrogate(c.charAt(i + 1))) {
                i++;
            }
            b.append(ch >= 0x20 && ch < 0x7f ? ch : '?');
        }
        return b.toString();
    }

    static String cut(String s, int w) {
        return s.length() <= w ? s : s.substring(0, Math.max(0, w - 3)) + "...";
    }
}
