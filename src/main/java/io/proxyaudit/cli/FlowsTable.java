package io.proxyaudit.cli;

import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.HttpExchange;
import io.proxyaudit.flow.ProcessInfo;
import io.proxyaudit.report.DnsCodes;
import io.proxyaudit.report.ProcessText;
import io.proxyaudit.report.SafeText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The rows of {@code flows --format table} for one capture: flows and DNS lookups interleaved in the order of
 * their first packet (a lookup usually comes just before the connection it named), two lines each: the
 * endpoints with state and bytes, then the host and what was seen in the connection, fitted to the terminal
 * width. The pipeline hands flows over when they end, so rows are held and sorted; at most {@link #MAX_HELD}
 * at once (memory bound): beyond that the held rows are printed and a new time-ordered block starts, said in
 * a line. A UDP flow that only carried DNS lookups listed next to it is not repeated: the closing line counts
 * it. Everything from the capture is made safe for a terminal ({@link SafeText}) and bounded.
 */
final class FlowsTable {
    /** Rows held for sorting before a block is printed. */
    static final int MAX_HELD = 100_000;
    /** Natural width of "255.255.255.255:65535"; longer endpoints (IPv6) share what the line has left. */
    private static final int ENDPOINT = 21;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** {@code process}: the third line of a flow whose packets named their process (ptcpdump), else null. */
    private record Row(long time, long seq, String tag, String proto, String client, String server, String state,
                       String bytes, String detail, String process) {}

    private final int width;
    private final Consumer<String> out;
    private final List<Row> held = new ArrayList<>();
    private long seq;
    private long flows;
    private long lookups;
    private long dnsFlowsShownAsLookups;
    private boolean headerDone;
    private String file;

    /** @param width terminal columns; {@code out} takes one line at a time (no line break). */
    FlowsTable(int width, Consumer<String> out) {
        this.width = Math.max(TerminalWidth.MIN, width);
        this.out = out;
    }

    void begin(String file) {
        this.file = file;
        held.clear();
        flows = 0;
        lookups = 0;
        dnsFlowsShownAsLookups = 0;
        headerDone = false;
    }

    void flow(FlowRecord f) {
        flows++;
        StringBuilder d = new StringBuilder();
        // the host first; an SNI equal to it is not repeated
        d.append(f.host() == null || f.host().isEmpty() ? "(no name)" : SafeText.clean(f.host()));
        if (f.clientHello() != null) {
            d.append("  tls");
            String sni = f.clientHello().sni();
            if (sni != null && !sni.equals(f.host())) {
                d.append(" sni=").append(SafeText.bound(sni, 80));
            }
            if (f.clientHello().alpn() != null && !f.clientHello().alpn().isEmpty()) {
                d.append(" alpn=").append(SafeText.bound(String.join(",", f.clientHello().alpn()), 40));
            }
        }
        if (f.connect() != null) {
            d.append("  CONNECT ").append(SafeText.bound(f.connect().target(), 80));
            d.append(f.connect().status() > 0 ? " -> " + f.connect().status() : " -> (no answer)");
        }
        if (f.tunnelHello() != null && f.tunnelHello().sni() != null && !f.tunnelHello().sni().equals(f.host())) {
            d.append("  tunnel sni=").append(SafeText.bound(f.tunnelHello().sni(), 80));
        }
        List<HttpExchange> shown = f.connect() != null && !f.http().isEmpty()
                && "CONNECT".equalsIgnoreCase(f.http().get(0).method()) ? f.http().subList(1, f.http().size()) : f.http();
        if (!shown.isEmpty()) {
            HttpExchange h = shown.get(0);
            d.append("  ").append(SafeText.bound(h.method(), 16)).append(' ').append(SafeText.bound(h.target(), 80));
            if (h.status() > 0) {
                d.append(" -> ").append(h.status());
            }
            int more = shown.size() - 1 + f.httpDropped();
            if (more > 0) {
                d.append(" (+").append(more).append(more == 1 ? " request)" : " requests)");
            }
        }
        if (!f.flags().isEmpty()) {
            d.append("  [").append(SafeText.bound(String.join(",", f.flags()), 80)).append(']');
        }
        add(new Row(f.startNanos(), seq++, "#" + f.id(), f.transport(), endpoint(f.clientIp(), f.clientPort()),
                endpoint(f.serverIp(), f.serverPort()), f.state(),
                amount(f.bytesC2s()) + "/" + amount(f.bytesS2c()), d.toString(),
                f.process() == null ? null : "process: " + ProcessText.oneLine(f.process(), ProcessInfo.MAX_VALUE)));
    }

    void dns(DnsLookup l) {
        lookups++;
        StringBuilder d = new StringBuilder();
        d.append(DnsCodes.type(l.qtype())).append(' ').append(SafeText.clean(l.qname()));
        boolean answered = l.responseNanos() != Long.MIN_VALUE;
        d.append(" -> ").append(DnsCodes.rcode(answered ? l.rcode() : -1));
        if (answered && l.answers() != null && !l.answers().isEmpty()) {
            d.append(' ').append(SafeText.clean(String.join(" ", l.answers())));
        }
        long time = l.queryNanos() != Long.MIN_VALUE ? l.queryNanos() : l.responseNanos();
        add(new Row(time, seq++, "dns", l.transport(), endpoint(l.clientIp(), l.clientPort()),
                endpoint(l.serverIp(), l.serverPort()), "", "", d.toString(), null));
    }

    /** Prints what is held and the capture's closing line. */
    void end(long packets, int warnings) {
        flush();
        title();
        String counts = packets + " packets, " + flows + " flows, " + lookups + " DNS lookups, " + warnings + " warnings";
        out.accept(SafeText.bound("-- " + cut(SafeText.clean(file), Math.max(12, width - 3 - counts.length() - 2)) + ": "
                + counts, width));
        if (dnsFlowsShownAsLookups > 0) {
            out.accept("   (" + dnsFlowsShownAsLookups + (dnsFlowsShownAsLookups == 1
                    ? " of the flows is UDP DNS, shown as its lookups)" : " of the flows are UDP DNS, shown as their lookups)"));
        }
    }

    private void add(Row r) {
        if (held.size() == MAX_HELD) {
            flush();
            out.accept("-- more than " + MAX_HELD + " rows: time order starts again (--format json has every record)");
        }
        held.add(r);
    }

    /** The held rows, sorted by time (rows without a time stamp last), two lines each (three with a process). */
    private void flush() {
        if (held.isEmpty()) {
            return;
        }
        java.util.Set<String> lookupEndpoints = new java.util.HashSet<>();
        for (Row r : held) {
            if (r.tag.equals("dns") && r.proto.equals("udp")) {
                lookupEndpoints.add(r.client + " " + r.server);
            }
        }
        // a DNS flow shown as its lookups gives them its process
        java.util.Map<String, String> lookupProcess = new java.util.HashMap<>();
        for (Row r : held) {
            if (!r.tag.equals("dns") && r.proto.equals("udp") && r.process != null
                    && lookupEndpoints.contains(r.client + " " + r.server)) {
                lookupProcess.putIfAbsent(r.client + " " + r.server, r.process);
            }
        }
        if (!lookupProcess.isEmpty()) {
            held.replaceAll(r -> r.tag.equals("dns") && r.process == null && lookupProcess.containsKey(r.client + " " + r.server)
                    ? new Row(r.time, r.seq, r.tag, r.proto, r.client, r.server, r.state, r.bytes, r.detail,
                            lookupProcess.get(r.client + " " + r.server)) : r);
        }
        int before = held.size();
        held.removeIf(r -> !r.tag.equals("dns") && r.proto.equals("udp") && lookupEndpoints.contains(r.client + " " + r.server));
        dnsFlowsShownAsLookups += before - held.size();
        held.sort(Comparator.comparingLong((Row r) -> r.time == Long.MIN_VALUE ? Long.MAX_VALUE : r.time)
                .thenComparingLong(Row::seq));
        boolean oneDay = held.stream().filter(r -> r.time != Long.MIN_VALUE)
                .map(r -> DAY.format(instant(r.time))).distinct().count() <= 1;
        int timeW = oneDay ? 12 : 23;
        int tagW = Math.max(3, held.stream().mapToInt(r -> r.tag.length()).max().orElse(0));
        int stateW = Math.max(5, held.stream().mapToInt(r -> r.state.length()).max().orElse(0));
        int bytesW = Math.max(9, held.stream().mapToInt(r -> r.bytes.length()).max().orElse(0));
        int fixed = timeW + 1 + tagW + 1 + 3 + 1 + 3 + 1 + stateW + 1 + bytesW;
        int endpoints = Math.max(16, width - fixed);
        int clientW = Math.min(endpoints / 2, Math.max(ENDPOINT, held.stream().mapToInt(r -> r.client.length()).max().orElse(0)));
        int serverW = Math.min(endpoints - clientW, held.stream().mapToInt(r -> r.server.length()).max().orElse(0));
        clientW = Math.max(6, Math.min(clientW, held.stream().mapToInt(r -> r.client.length()).max().orElse(0)));
        String fmt = "%-" + timeW + "s %-" + tagW + "s %-3s %-" + clientW + "s > %-" + serverW + "s %-" + stateW + "s %"
                + bytesW + "s";
        if (!headerDone) {
            title();
            out.accept(SafeText.bound(String.format(Locale.ROOT, fmt, "TIME", "ID", "", "CLIENT", "SERVER", "STATE",
                    "C/S BYTES").stripTrailing(), width));
            out.accept("    HOST, TLS, CONNECT, HTTP / DNS: TYPE NAME -> ANSWER");
        }
        for (Row r : held) {
            String time = r.time == Long.MIN_VALUE ? "-" : (oneDay ? CLOCK : DAY_CLOCK).format(instant(r.time));
            String first = String.format(Locale.ROOT, fmt, time, r.tag, r.proto, cut(r.client, clientW),
                    cut(r.server, serverW), r.state, r.bytes).stripTrailing();
            out.accept(SafeText.bound(first, width));
            out.accept("    " + SafeText.bound(r.detail, width - 4));
            if (r.process != null) {
                out.accept("    " + SafeText.bound(r.process, width - 4));
            }
        }
        held.clear();
    }

    /** The capture's name, the time zone and first date: printed once, before its first row. */
    private void title() {
        if (headerDone) {
            return;
        }
        headerDone = true;
        String day = held.stream().mapToLong(Row::time).filter(t -> t != Long.MIN_VALUE).min()
                .stream().mapToObj(t -> ", " + DAY.format(instant(t))).findFirst().orElse("");
        String times = " (times UTC" + day + ")";
        out.accept(SafeText.bound("== " + cut(SafeText.clean(file), Math.max(12, width - 3 - times.length())) + times,
                width));
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static String endpoint(String ip, int port) {
        String host = ip == null ? "?" : ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
        return host + ":" + port;
    }

    /** Too long: cut in the middle with an ellipsis, so the end (a port, a file's name) stays visible. */
    private static String cut(String s, int w) {
        if (s.length() <= w) {
            return s;
        }
        int tail = Math.min(Math.max(6, w / 2), w - 1);
        return s.substring(0, Math.max(0, w - tail - 1)) + "\u2026" + s.substring(s.length() - tail);
    }

    /** Bytes: exact below 10,000, else k/M/G with one decimal (decimal units). */
    static String amount(long b) {
        if (b < 10_000) {
            return Long.toString(b);
        }
        String[] units = {"k", "M", "G", "T"};
        double v = b / 1000.0;
        int i = 0;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f%s" : "%.1f%s", v, units[i]);
    }
}
