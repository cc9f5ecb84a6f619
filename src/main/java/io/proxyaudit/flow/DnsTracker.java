package io.proxyaudit.flow;

import io.proxyaudit.proto.dns.DnsMessage;
import io.proxyaudit.proto.dns.DnsQuestion;
import io.proxyaudit.proto.dns.DnsResourceRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Matches DNS queries with their responses (same transport, endpoints, id and first question, RFC 1035 §7.3)
 * and feeds answers to the {@link NameMap}. A lookup is emitted when its response arrives; queries still
 * waiting at the end (or evicted by the bound) are emitted unanswered.
 */
final class DnsTracker {
    /** Longest CNAME chain followed from the query name. */
    private static final int MAX_CNAME_STEPS = 16;

    private static final class Pending {
        final long nanos;
        final String transport;
        final String clientIp;
        final int clientPort;
        final String serverIp;
        final int serverPort;
        final int id;
        final String qname;
        final int qtype;
        final List<String> flags;
        int copies = 1;

        Pending(long nanos, String transport, String clientIp, int clientPort, String serverIp, int serverPort, int id,
                String qname, int qtype, List<String> flags) {
            this.nanos = nanos;
            this.transport = transport;
            this.clientIp = clientIp;
            this.clientPort = clientPort;
            this.serverIp = serverIp;
            this.serverPort = serverPort;
            this.id = id;
            this.qname = qname;
            this.qtype = qtype;
            this.flags = flags;
        }
    }

    private final FlowOptions options;
    private final FlowCounters counters;
    private final NameMap names;
    private final FlowSink sink;
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();

    DnsTracker(FlowOptions options, FlowCounters counters, NameMap names, FlowSink sink) {
        this.options = options;
        this.counters = counters;
        this.names = names;
        this.sink = sink;
    }

    void onMessage(long nanos, String transport, String srcIp, int srcPort, String dstIp, int dstPort, DnsMessage m) {
        counters.dnsMessages++;
        DnsQuestion q = m.questions().isEmpty() ? null : m.questions().get(0);
        String qname = q == null ? null : q.name();
        int qtype = q == null ? -1 : q.type();
        if (!m.response()) {
            String key = key(transport, srcIp, srcPort, dstIp, dstPort, m.id(), qname, qtype);
            Pending p = pending.get(key);
            if (p != null) {
                p.copies++;
                return;
            }
            if (pending.size() >= options.maxPendingDns()) {
                Iterator<Pending> it = pending.values().iterator();
                if (it.hasNext()) {
                    Pending old = it.next();
                    it.remove();
                    counters.dnsPendingEvicted++;
                    emitUnanswered(old);
                }
                if (options.maxPendingDns() == 0) {
                    return;
                }
            }
            pending.put(key, new Pending(nanos, transport, srcIp, srcPort, dstIp, dstPort, m.id(), qname, qtype, m.flags()));
            return;
        }
        learnNames(m, qname, nanos);
        List<String> answers = answerValues(m);
        String key = key(transport, dstIp, dstPort, srcIp, srcPort, m.id(), qname, qtype);
        Pending p = pending.remove(key);
        if (p == null) {
            counters.dnsResponsesWithoutQuery++;
            List<String> flags = new ArrayList<>(m.flags());
            flags.add("query-not-captured");
            sink.onDns(new DnsLookup(Long.MIN_VALUE, transport, dstIp, dstPort, srcIp, srcPort, m.id(), qname, qtype,
                    m.rcode(), answers, nanos, List.copyOf(flags)));
            return;
        }
        List<String> flags = new ArrayList<>(p.flags);
        for (String f : m.flags()) {
            if (!flags.contains(f)) {
                flags.add(f);
            }
        }
        if (p.copies > 1) {
            flags.add("query-retransmitted");
        }
        sink.onDns(new DnsLookup(p.nanos, transport, p.clientIp, p.clientPort, p.serverIp, p.serverPort, p.id, p.qname,
                p.qtype, m.rcode(), answers, nanos, List.copyOf(flags)));
    }

    /** End of capture: every query still waiting is emitted without response. */
    void finish() {
        for (Pending p : pending.values()) {
            emitUnanswered(p);
        }
        pending.clear();
    }

    private void emitUnanswered(Pending p) {
        counters.dnsUnanswered++;
        List<String> flags = p.copies > 1 ? concat(p.flags, "query-retransmitted") : p.flags;
        sink.onDns(new DnsLookup(p.nanos, p.transport, p.clientIp, p.clientPort, p.serverIp, p.serverPort, p.id, p.qname,
                p.qtype, -1, List.of(), Long.MIN_VALUE, flags));
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> l = new ArrayList<>(a);
        l.add(b);
        return List.copyOf(l);
    }

    private static String key(String transport, String cip, int cport, String sip, int sport, int id, String qname, int qtype) {
        return transport + '|' + cip + '|' + cport + '|' + sip + '|' + sport + '|' + id + '|'
                + (qname == null ? "" : qname.toLowerCase(Locale.ROOT)) + '|' + qtype;
    }

    private static List<String> answerValues(DnsMessage m) {
        List<String> out = new ArrayList<>();
        for (DnsResourceRecord rr : m.answers()) {
            if ((rr.type() == DnsResourceRecord.TYPE_A || rr.type() == DnsResourceRecord.TYPE_AAAA
                    || rr.type() == DnsResourceRecord.TYPE_CNAME) && rr.value() != null) {
                out.add(rr.value());
            }
        }
        return List.copyOf(out);
    }

    /**
     * A/AAAA answers name their address: the query name when the owner is reachable from it through CNAMEs
     * (RFC 1034 §3.6.2), else the owner name itself.
     */
    private void learnNames(DnsMessage m, String qname, long nanos) {
        if (m.answers().isEmpty()) {
            return;
        }
        Set<String> reach = new HashSet<>();
        String q = qname == null ? null : qname.toLowerCase(Locale.ROOT);
        if (q != null) {
            reach.add(q);
            for (int step = 0; step < MAX_CNAME_STEPS; step++) {
                boolean grew = false;
                for (DnsResourceRecord rr : m.answers()) {
                    if (rr.type() == DnsResourceRecord.TYPE_CNAME && rr.value() != null && rr.name() != null
                            && reach.contains(rr.name().toLowerCase(Locale.ROOT))
                            && reach.add(rr.value().toLowerCase(Locale.ROOT))) {
                        grew = true;
                    }
                }
                if (!grew) {
                    break;
                }
            }
        }
        for (DnsResourceRecord rr : m.answers()) {
            if ((rr.type() == DnsResourceRecord.TYPE_A || rr.type() == DnsResourceRecord.TYPE_AAAA) && rr.value() != null
                    && rr.name() != null) {
                String owner = rr.name().toLowerCase(Locale.ROOT);
                names.add(rr.value(), q != null && reach.contains(owner) ? q : owner, nanos);
            }
        }
    }

}
