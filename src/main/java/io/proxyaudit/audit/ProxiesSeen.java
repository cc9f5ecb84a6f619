package io.proxyaudit.audit;

import io.proxyaudit.flow.ConnectInfo;
import io.proxyaudit.flow.FlowRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Collects the proxies a capture shows in use: every flow {@link RouteDetector} calls proxied (a CONNECT, with its
 * answer; an absolute-URI request, RFC 9112 §3.2.2; a connection to a configured proxy), by the address connected
 * to. Bounded: at most {@link #MAX_PROXIES} addresses are told apart; flows to further ones are counted.
 */
final class ProxiesSeen {
    /** Distinct proxy addresses kept; a capture with more (a scan, a hostile file) counts the rest. */
    static final int MAX_PROXIES = 1000;

    private final Map<String, Entry> byAddress = new HashMap<>();
    private long flowsNotTold;

    void add(FlowRecord f, AuditedFlow af) {
        if (af.route() != Route.PROXY) {
            return;
        }
        String address = address(f);
        Entry e = byAddress.get(address);
        if (e == null) {
            if (byAddress.size() >= MAX_PROXIES) {
                flowsNotTold++;
                return;
            }
            e = new Entry();
            byAddress.put(address, e);
        }
        e.flows++;
        e.clients.merge(af.client() == null ? "unknown" : af.client().wire(), 1L, Long::sum);
        ConnectInfo c = f.connect();
        if (c != null) {
            e.how.add(c.status() == 0 ? "CONNECT" : "CONNECT " + c.status());
        } else if (RouteDetector.firstAbsolute(f) != null) {
            e.how.add("absolute-URI");
        } else {
            e.how.add("configured");
        }
    }

    /** {@code ip:port} ({@code [v6]:port}) the flow connected to: the key of a proxy seen. */
    static String address(FlowRecord f) {
        String ip = f.serverIp();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + f.serverPort();
    }

    /** Flows to proxy addresses beyond {@link #MAX_PROXIES}. */
    long flowsNotTold() {
        return flowsNotTold;
    }

    /** Most used first (flows, then CONNECT answered 200 first, then address). */
    List<ProxySeen> list() {
        List<ProxySeen> out = new ArrayList<>();
        for (Map.Entry<String, Entry> e : byAddress.entrySet()) {
            Entry v = e.getValue();
            out.add(new ProxySeen(e.getKey(), List.copyOf(v.how), v.flows, Map.copyOf(new TreeMap<>(v.clients))));
        }
        out.sort(Comparator.comparingLong(ProxySeen::flows).reversed()
                .thenComparing(p -> !p.how().contains("CONNECT 200"))
                .thenComparing(ProxySeen::address));
        return out;
    }

    /** "CONNECT 200" before other answers, then "CONNECT", "absolute-URI", "configured". */
    private static int rank(String how) {
        if (how.equals("CONNECT 200")) {
            return 0;
        }
        if (how.startsWith("CONNECT ")) {
            return 1;
        }
        return switch (how) {
            case "CONNECT" -> 2;
            case "absolute-URI" -> 3;
            default -> 4;
        };
    }

    private static final class Entry {
        final TreeSet<String> how = new TreeSet<>(Comparator.comparingInt(ProxiesSeen::rank).thenComparing(s -> s));
        final Map<String, Long> clients = new HashMap<>();
        long flows;
    }
}
