package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.proxyaudit.audit.AuditedDns;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.Finding;
import io.proxyaudit.audit.Route;
import io.proxyaudit.audit.Verdict;
import io.proxyaudit.capture.CaptureSummary;
import io.proxyaudit.capture.CaptureWarning;
import io.proxyaudit.flow.ConnectInfo;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.HttpExchange;
import io.proxyaudit.policy.Role;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.proto.tls.ServerHello;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NdjsonWriterTest {
    private static final long T = 1_567_450_613_473_730_000L;

    static FlowRecord flow(String sni, List<HttpExchange> http, ConnectInfo connect) {
        ClientHello ch = sni == null ? null : new ClientHello(0x0303, sni, List.of("h2"), List.of(0x1a1a, 0x0304, 0x0303),
                List.of(), List.of(), List.of(), "t13d0101h2_000000000000_000000000000", List.of());
        return new FlowRecord(7, "tcp", T, T + 1_000_000, "10.0.0.2", 40000, "192.0.2.1", 443, 3, 2, 517, 1200, "closed",
                1, ch, null, null, null, http, 0, connect, List.of("proxy.golang.org"), "proxy.golang.org", List.of());
    }

    private static String write(IOAction a) throws IOException {
        StringWriter out = new StringWriter();
        try (NdjsonWriter w = new NdjsonWriter(out)) {
            a.run(w);
        }
        return out.toString();
    }

    interface IOAction {
        void run(NdjsonWriter w) throws IOException;
    }

    /** Field names and scalar values of the first object (nested objects flattened as parent.child). */
    static Map<String, String> fields(String line) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            String prefix = "";
            String name = null;
            while (p.nextToken() != null) {
                JsonToken t = p.currentToken();
                if (t == JsonToken.FIELD_NAME) {
                    name = p.currentName();
                } else if (t == JsonToken.START_OBJECT && name != null && p.getParsingContext().getParent().inObject()) {
                    prefix = prefix + name + ".";
                    name = null;
                } else if (t == JsonToken.END_OBJECT && !prefix.isEmpty()) {
                    prefix = prefix.substring(0, prefix.lastIndexOf('.', prefix.length() - 2) + 1);
                } else if (t.isScalarValue() && name != null) {
                    m.merge(prefix + name, p.getText(), (x, y) -> x + "," + y);
                }
            }
        }
        return m;
    }

    @Test
    void epochSecondsAreExactWithNineDecimals() {
        assertEquals("1567450613.473730000", NdjsonWriter.epochSeconds(T));
        assertEquals("0.000000001", NdjsonWriter.epochSeconds(1));
        assertEquals("-1.000000001", NdjsonWriter.epochSeconds(-1_000_000_001L));
    }

    @Test
    void flowRecordHasTypeTimesTlsAndOmitsAbsentValues() throws IOException {
        String out = write(w -> w.writeFlow(flow("proxy.golang.org", List.of(), null)));
        assertTrue(out.endsWith("}\n"));
        assertFalse(out.startsWith(" "));
        assertEquals(1, out.split("\n").length);
        assertTrue(out.contains("\"start_ts\":1567450613.473730000"), out);
        Map<String, String> f = fields(out);
        assertEquals("flow", f.get("type"));
        assertEquals("7", f.get("id"));
        assertEquals("proxy.golang.org", f.get("tls.sni"));
        assertEquals("1.3,1.2", f.get("tls.versions"), "GREASE 0x1a1a left out");
        assertFalse(f.containsKey("connect.target"));
        assertFalse(f.containsKey("http"));
        assertFalse(out.contains("null"));
    }

    @Test
    void attackerControlledStringsAreEscaped() throws IOException {
        String evil = "a\"b\\c\n{\"type\":\"finding\"}\u001b[31m";
        HttpExchange h = new HttpExchange("GET", evil, "/", null, 0, null, T);
        String out = write(w -> w.writeFlow(flow(evil, List.of(h), null)));
        assertEquals(1, out.split("\n").length, "one record stays one line");
        Map<String, String> f = fields(out);
        assertEquals(evil, f.get("tls.sni"));
        assertFalse(out.contains("\u001b"));
    }

    @Test
    void dnsRecordWithoutResponseHasNoAnswersOrResponseTime() throws IOException {
        DnsLookup l = new DnsLookup(T, "udp", "10.0.0.2", 5353, "10.0.0.1", 53, 4660, "sum.golang.org", 28, -1, List.of(),
                Long.MIN_VALUE, List.of());
        Map<String, String> f = fields(write(w -> w.writeDns(l)));
        assertEquals("dns", f.get("type"));
        assertEquals("sum.golang.org", f.get("qname"));
        assertFalse(f.containsKey("rcode"));
        assertFalse(f.containsKey("response_ts"));
        assertFalse(f.containsKey("answers"));
    }

    @Test
    void captureRecordCarriesSchemaVersionWarningsAndCounters() throws IOException {
        CaptureSummary s = new CaptureSummary("x.pcap", "pcap", null, "le", List.of("us"), List.of(1), 0, 1, 10, 1000, T, T + 5,
                0, Map.of("flows_evicted", 2L), List.of(new CaptureWarning("x.pcap", 24, "truncated-record", "record cut")));
        Map<String, String> f = fields(write(w -> w.writeCapture(s)));
        assertEquals("capture", f.get("type"));
        assertEquals("4", f.get("schema_version"));
        assertEquals("1", f.get("warnings"));
        assertEquals("2", f.get("counters.flows_evicted"));
        assertEquals("10", f.get("packets"));
    }

    @Test
    void auditedFlowAndFindingAddTheClassification() throws IOException {
        AuditedFlow a = new AuditedFlow(flow("proxy.golang.org", List.of(), null), Role.MODULE_PROXY, Route.DIRECT, null,
                "proxy.golang.org:443", Verdict.DIRECT_BYPASS, "no-proxy-match", "NO_PROXY matches", false);
        Finding fi = new Finding(Verdict.DIRECT_BYPASS, Role.MODULE_PROXY, "proxy.golang.org", 443, 3, List.of(7L, 8L, 9L), T,
                T + 5, "no-proxy-match", "NO_PROXY matches", "export NO_PROXY=");
        String out = write(w -> {
            w.writeFlow(a);
            w.writeFinding(fi);
        });
        String[] lines = out.split("\n");
        Map<String, String> f = fields(lines[0]);
        assertEquals("module-proxy", f.get("role"));
        assertEquals("direct", f.get("route"));
        assertEquals("direct-bypass", f.get("verdict"));
        assertEquals("proxy.golang.org:443", f.get("target"));
        Map<String, String> g = fields(lines[1]);
        assertEquals("finding", g.get("type"));
        assertEquals("3", g.get("flows"));
        assertEquals("export NO_PROXY=", g.get("remediation"));
    }

    /** Top-level member names of one NDJSON line, in order. */
    static List<String> topLevelNames(String line) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                names.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
        }
        return names;
    }

    static <T> List<String> names(RecordSchema<T> s) {
        return s.fields().stream().map(Field::name).toList();
    }

    /** A record with every value present writes every field of the schema, in the schema's order, and no other. */
    @Test
    void aFullRecordWritesEverySchemaFieldInOrder() throws IOException {
        ClientHello ch = new ClientHello(0x0303, "a.example", List.of("h2"), List.of(0x0304), List.of(), List.of(), List.of(),
                "t13d0101h2_000000000000_000000000000", List.of("truncated"));
        ServerHello sh = new ServerHello(0x0304, 0x1301, "h2");
        HttpExchange h = new HttpExchange("GET", "a.example", "http://***@a.example/", "Go-http-client/1.1", 200, "Basic", T,
                List.of("userinfo-redacted"));
        FlowRecord full = new FlowRecord(7, "tcp", T, T + 1, "10.0.0.2", 40000, "192.0.2.1", 3128, 3, 2, 517, 1200, "closed",
                1, ch, sh, ch, sh, List.of(h), 1, new ConnectInfo("a.example:443", "a.example", 443, 200, "Basic"),
                List.of("a.example"), "a.example", List.of("gap"), true,
                new io.proxyaudit.proto.quic.QuicHandshake("1", 2, 1, true, true, false),
                new io.proxyaudit.flow.SocksInfo(new io.proxyaudit.proto.socks.SocksRequest("5", "connect", "a.example",
                        true, 443, "username-password", true), "succeeded"),
                new io.proxyaudit.flow.ProcessInfo(99722, "/usr/bin/curl", "curl -u ci:TOPSECRET https://a.example", 1000,
                        18840, "/usr/bin/bash", "bash -c curl --password PARENTSECRET", "builder"));
        io.proxyaudit.client.Attribution by = new io.proxyaudit.client.Attribution(io.proxyaudit.client.Client.OTHER,
                io.proxyaudit.client.Attribution.Evidence.PROCESS, io.proxyaudit.client.Attribution.Confidence.HIGH, "curl",
                "process curl (pid 99722)");
        AuditedFlow a = new AuditedFlow(full, Role.MODULE_PROXY, Route.DIRECT, "http://proxy:3128", "a.example:443",
                Verdict.DIRECT_ALLOWED, "code", "reason", true, by, "allow.txt:3");
        DnsLookup d = new DnsLookup(T, "udp", "10.0.0.2", 5353, "10.0.0.1", 53, 1, "a.example", 1, 0, List.of("192.0.2.1"),
                T + 1, List.of("truncated"));
        AuditedDns ad = new AuditedDns(d, Role.MODULE_PROXY, Verdict.DIRECT_BYPASS, "code", "reason");
        Finding fi = new Finding(Verdict.DIRECT_BYPASS, Role.MODULE_PROXY, "a.example", 443, 1, List.of(7L), T, T + 1, "code",
                "reason", io.proxyaudit.client.Remedy.text("export NO_PROXY="), by, full.process());
        CaptureSummary s = new CaptureSummary("x.pcap", "pcap", "gzip", "le", List.of("us"), List.of(1), 0, 1, 10, 1000, T, T + 5,
                3, Map.of("tcp", 2L), List.of(new CaptureWarning("x.pcap", 24, "truncated-record", "record cut")));
        String[] lines = write(w -> {
            w.writeFlow(a);
            w.writeDns(ad);
            w.writeFinding(fi);
            w.writeCapture(s);
        }).split("\n");
        List<String> flow = new java.util.ArrayList<>(names(FlowSchema.FLOW));
        flow.addAll(names(FlowSchema.AUDIT));
        assertEquals(flow, topLevelNames(lines[0]));
        List<String> dns = new java.util.ArrayList<>(names(DnsSchema.DNS));
        dns.addAll(names(DnsSchema.AUDIT));
        assertEquals(dns, topLevelNames(lines[1]));
        assertEquals(names(FindingSchema.FINDING), topLevelNames(lines[2]));
        assertEquals(names(CaptureSchema.CAPTURE), topLevelNames(lines[3]));
        assertTrue(lines[0].contains("\"http\":[{\"method\":\"GET\",\"host\":\"a.example\",\"target\":\"http://***@a.example/\","
                + "\"user_agent\":\"Go-http-client/1.1\",\"status\":200,\"proxy_auth_scheme\":\"Basic\","
                + "\"ts\":1567450613.473730000,\"flags\":[\"userinfo-redacted\"]}]"), lines[0]);
        Map<String, String> f = fields(lines[0]);
        assertEquals("1.3", f.get("server_tls.version"));
        assertEquals("a.example:443", f.get("connect.target"));
        assertEquals(names(FlowSchema.PROCESS), objectNames(lines[0], "process"));
        assertEquals("curl -u ci:*** https://a.example", f.get("process.args"));
        assertEquals("bash -c curl --password ***", f.get("process.parent_args"));
        assertEquals("process", f.get("client_evidence"));
        for (String line : lines) {
            assertFalse(line.contains("SECRET"), line);
        }
        assertEquals(names(FlowSchema.PROCESS), objectNames(lines[2], "process"));
    }

    /** The member names of the object {@code field} of a record line, in order. */
    private static List<String> objectNames(String line, String field) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = p.currentName().equals(field);
                p.nextToken();
                if (!wanted) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    names.add(p.currentName());
                    p.nextToken();
                    p.skipChildren();
                }
                return names;
            }
        }
        return names;
    }
}
