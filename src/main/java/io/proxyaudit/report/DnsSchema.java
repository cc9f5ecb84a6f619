package io.proxyaudit.report;

import io.proxyaudit.audit.AuditedDns;
import io.proxyaudit.flow.DnsLookup;
import java.util.List;

/** The {@code dns} record: one DNS query matched with its response ({@link DnsLookup}), and what {@code analyze} adds. */
public final class DnsSchema {
    private DnsSchema() {}

    public static final RecordSchema<DnsLookup> DNS = new RecordSchema<>("dns",
            "One DNS query matched with its response (same transport, endpoints, id and question).",
            Field.constant("type", "`dns`", "dns"),
            Field.timestamp("ts", "the query (absent when only the response was captured: flag `query-not-captured`)",
                    DnsLookup::queryNanos),
            Field.text("transport", "`udp` or `tcp`", DnsLookup::transport),
            Field.text("client_ip", "the side that asked", DnsLookup::clientIp),
            Field.number("client_port", "its port", DnsLookup::clientPort),
            Field.text("server_ip", "the resolver", DnsLookup::serverIp),
            Field.number("server_port", "its port", DnsLookup::serverPort),
            Field.number("id", "DNS message id", DnsLookup::id),
            Field.text("qname", "the name of the first question", DnsLookup::qname),
            Field.nonNegative("qtype", "the type of the first question", DnsLookup::qtype),
            Field.nonNegative("rcode", "response code (absent without response)", DnsLookup::rcode),
            Field.textsEvenEmpty("answers", "A, AAAA and CNAME values of the answer section in wire order (present "
                    + "when a response was seen)", d -> d.responseNanos() == Long.MIN_VALUE ? null : Nulls.list(d.answers())),
            Field.timestamp("response_ts", "the response (absent: never answered)", DnsLookup::responseNanos),
            Field.texts("flags", "`truncated`, `name-loop`, `name-too-long`, `bad-pointer`, `short-record`, "
                    + "`query-retransmitted`, `query-not-captured`", DnsLookup::flags));

    /** What {@code analyze} adds to each lookup. */
    public static final RecordSchema<AuditedDns> AUDIT = new RecordSchema<>("dns (analyze)",
            "`analyze` adds to each lookup: a lookup of a Go endpoint while a proxy applies to it is a bypass (a client "
                    + "that uses the proxy does not resolve the target itself).",
            Field.text("role", "as on flows", d -> d.role() == null ? null : d.role().wire()),
            Field.text("verdict", "`direct-bypass`, or absent", d -> d.verdict() == null ? null : d.verdict().wire()),
            Field.text("reason_code", "why, as a stable code", AuditedDns::reasonCode),
            Field.text("reason", "why, in a sentence", AuditedDns::reason));

    /** The columns of {@code dns.csv}. */
    static final List<Column<AuditedDns>> CSV = List.of(
            Column.text("query_time", "`ts` as ISO-8601 UTC", d -> Times.iso(d.lookup().queryNanos())),
            Column.of(DNS.field("transport"), AuditedDns::lookup),
            Column.of(DNS.field("client_ip"), AuditedDns::lookup),
            Column.of(DNS.field("client_port"), AuditedDns::lookup),
            Column.of(DNS.field("server_ip"), AuditedDns::lookup),
            Column.of(DNS.field("server_port"), AuditedDns::lookup),
            Column.of(DNS.field("id"), AuditedDns::lookup),
            Column.of(DNS.field("qname"), AuditedDns::lookup),
            Column.of(DNS.field("qtype"), AuditedDns::lookup),
            Column.of(DNS.field("rcode"), AuditedDns::lookup),
            Column.of(DNS.field("answers"), AuditedDns::lookup),
            Column.number("response_ms", "`response_ts` - `ts` in milliseconds (empty: no response)",
                    d -> d.lookup().responseNanos() == Long.MIN_VALUE ? ""
                            : Long.toString((d.lookup().responseNanos() - d.lookup().queryNanos()) / 1_000_000)),
            Column.of(AUDIT.field("role")),
            Column.of(AUDIT.field("verdict")),
            Column.of(AUDIT.field("reason_code")),
            Column.of(AUDIT.field("reason")),
            Column.of(DNS.field("flags"), AuditedDns::lookup));
}
