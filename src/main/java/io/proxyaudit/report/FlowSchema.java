package io.proxyaudit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.flow.ConnectInfo;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.HttpExchange;
import io.proxyaudit.flow.ProcessInfo;
import io.proxyaudit.flow.SocksInfo;
import io.proxyaudit.proto.quic.QuicHandshake;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.proto.tls.Grease;
import io.proxyaudit.proto.tls.ServerHello;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The {@code flow} record: one TCP connection or UDP conversation ({@link FlowRecord}), and what {@code analyze} adds. */
public final class FlowSchema {
    private FlowSchema() {}

    /** The ClientHello, as {@code tls} and {@code tunnel_tls}. */
    public static final RecordSchema<ClientHello> CLIENT_HELLO = new RecordSchema<>("tls, tunnel_tls",
            "The ClientHello sent on the connection (`tls`) or inside its CONNECT tunnel (`tunnel_tls`).",
            Field.text("sni", "server_name (RFC 6066 §3): the name the client asked for", ClientHello::sni),
            Field.texts("alpn", "ALPN protocols offered (RFC 7301), in wire order", ClientHello::alpn),
            Field.custom("versions", "[string]", "supported_versions, else the legacy version: `1.3`, `1.2`, `1.1`, "
                    + "`1.0`, `ssl3` or hex (`0x7f17`); GREASE left out; absent for a `truncated` hello whose supported_versions "
                    + "was not captured", FlowSchema::versions, null),
            Field.text("ja4", "FoxIO's JA4 fingerprint (absent when `truncated`: it needs every extension)",
                    ClientHello::ja4),
            Field.flag("ech", "the hello carries encrypted_client_hello (draft-ietf-tls-esni): `sni` may be the outer, "
                    + "public name with the real one encrypted, or the extension is GREASE and `sni` is real; the wire "
                    + "does not tell which", ClientHello::offersEch),
            Field.texts("flags", "parse problems that did not stop parsing (`bad-extension-16`, "
                    + "`duplicate-extension-0`, `sni-not-ascii` ...)", ClientHello::flags),
            Field.flag("truncated", "true when the capture's snap length cut the hello: `sni`, `alpn` and `versions` "
                    + "come from the whole extensions before the cut (absent when the extension lay beyond it), and "
                    + "there is no `ja4` (docs/snaplen.md)", ClientHello::truncated));

    /** The ServerHello, as {@code server_tls} and {@code tunnel_server_tls}. */
    public static final RecordSchema<ServerHello> SERVER_HELLO = new RecordSchema<>("server_tls, tunnel_server_tls",
            "The ServerHello answering it.",
            Field.custom("version", "string", "the version chosen (supported_versions, else legacy_version), "
                    + "written like `versions`", (s, name, g) -> g.writeStringField(name, tlsVersion(s.version())), null),
            Field.text("alpn", "the ALPN protocol selected", ServerHello::alpn));

    /** A QUIC connection's handshake, as {@code quic}. */
    public static final RecordSchema<QuicHandshake> QUIC = new RecordSchema<>("quic",
            "A QUIC connection (RFC 9000; v2 RFC 9369): what its client Initial packets showed. Their keys come from "
                    + "the connection ID (RFC 9001 §5.2), so the ClientHello in their CRYPTO frames is read and written "
                    + "as the flow's `tls`; nothing after it can be decrypted.",
            Field.text("version", "`1`, `2` or `draft-29`", QuicHandshake::version),
            Field.number("initial_packets", "client Initial packets read until the ClientHello was complete",
                    QuicHandshake::initialPackets),
            Field.positive("undecryptable_packets", "client Initial packets no key opened (damaged, forged, or "
                    + "keyed by a connection ID the capture does not hold)", QuicHandshake::undecryptablePackets),
            Field.flag("retry", "the server sent a Retry (RFC 9000 §17.2.5): the client started again with a new "
                    + "connection ID", QuicHandshake::retry),
            Field.flag("version_negotiation", "the server sent a Version Negotiation packet",
                    QuicHandshake::versionNegotiation),
            Field.flag("hello_incomplete", "the ClientHello was not complete in the captured Initial packets",
                    q -> !q.helloComplete()));

    /** A SOCKS request and its answer, as {@code socks}. */
    public static final RecordSchema<SocksInfo> SOCKS = new RecordSchema<>("socks",
            "The SOCKS request on the connection (SOCKS 4, 4a; SOCKS 5, RFC 1928) and the proxy's answer. "
                    + "Credentials (RFC 1929 user name and password, a SOCKS4 user id) are never written.",
            Field.text("version", "`5`, `4` or `4a`", s -> s.request().version()),
            Field.text("command", "`connect`, `bind`, `udp-associate`", s -> s.request().command()),
            Field.text("target", "`host:port` the client asked for", s -> {
                String h = s.request().host();
                return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + s.request().port();
            }),
            Field.flag("remote_dns", "the client sent a name for the proxy to resolve (socks5h://, socks4a://) "
                    + "instead of an address it resolved itself", s -> s.request().hostIsName()),
            Field.text("auth", "`none`, `username-password`, `gssapi`, `userid` (SOCKS4), or the method in hex",
                    s -> s.request().auth()),
            Field.flag("credentials_redacted", "credentials were sent (and left out here)",
                    s -> s.request().credentialsSent()),
            Field.text("status", "the proxy's answer: `succeeded`/`granted`, `connection-refused`, `rejected`, "
                    + "`authentication-failed`, `no-acceptable-method` ... (absent: none captured)", SocksInfo::status));

    /** One HTTP request with its response, as an element of {@code http}. */
    public static final RecordSchema<HttpExchange> HTTP = new RecordSchema<>("http",
            "One HTTP/1.x request on the connection, in order (keep-alive, pipelining, requests to proxies).",
            Field.text("method", "the request method", HttpExchange::method),
            Field.text("host", "the Host header", HttpExchange::host),
            Field.text("target", "as on the request line: path, absolute URI to a proxy, or CONNECT authority "
                    + "(userinfo replaced by `***`)", HttpExchange::target),
            Field.text("user_agent", "the User-Agent header", HttpExchange::userAgent),
            Field.positive("status", "status of the matching response (absent: no response seen)", HttpExchange::status),
            Field.text("proxy_auth_scheme", "scheme of the Proxy-Authorization header (`Basic`); the credentials are "
                    + "never written", HttpExchange::proxyAuthScheme),
            Field.timestamp("ts", "the request", HttpExchange::requestNanos),
            Field.texts("flags", "what the request head parser noticed: `te-and-cl` (Transfer-Encoding and "
                    + "Content-Length both sent: a request-smuggling sign, RFC 9112 §6.3), `conflicting-content-length`, "
                    + "`bad-content-length`, `userinfo-redacted` (user:password@ in the target or Host, replaced by "
                    + "`***`), `duplicate-host`, `obs-fold`, `bad-header-line`, `line-too-long`, `headers-cut`, "
                    + "`target-cut`, `value-cut`, `space-in-target`, `no-version`, `no-target`, `bad-version`",
                    HttpExchange::flags),
            Field.flag("truncated", "true when the capture's snap length cut the request head: the request line "
                    + "and the header lines complete before the cut are read, the rest is unknown (docs/snaplen.md)",
                    HttpExchange::truncated));

    /** The first CONNECT on the connection. */
    public static final RecordSchema<ConnectInfo> CONNECT = new RecordSchema<>("connect",
            "The first CONNECT request on the connection (RFC 9110 §9.3.6).",
            Field.text("target", "the authority asked for (`host:port`)", ConnectInfo::target),
            Field.positive("status", "the proxy's answer: 200, 403, 407 ... (absent: none captured)", ConnectInfo::status),
            Field.text("proxy_auth_scheme", "scheme of the Proxy-Authorization header", ConnectInfo::proxyAuthScheme));

    /** The process a packet comment named, as {@code process} (on flows and findings). */
    public static final RecordSchema<ProcessInfo> PROCESS = new RecordSchema<>("process",
            "The process that owned the connection's socket, from the pcapng packet comments ptcpdump writes (the "
                    + "first one on a packet from the client, else from the server). Values as the capture has them, cut "
                    + "at " + ProcessInfo.MAX_VALUE + " characters; anything in the arguments that looks like a credential "
                    + "(`--password x`, `-u user:pass`, `user:pass@`, `Authorization: ...`, `TOKEN=...`, token shapes) "
                    + "is replaced by `***`.",
            Field.nonNegative("pid", "process id", ProcessInfo::pid),
            Field.text("command", "the executable's path (`Cmd`)", ProcessInfo::command),
            Field.text("args", "its arguments, `argv[0]` first, joined by spaces (`Args`), credentials redacted",
                    ProcessText::args),
            Field.nonNegative("user_id", "user id (`UserId`)", ProcessInfo::userId),
            Field.nonNegative("parent_pid", "the parent's process id (`ParentPID`)", ProcessInfo::parentPid),
            Field.text("parent_command", "the parent's executable (`ParentCmd`)", ProcessInfo::parentCommand),
            Field.text("parent_args", "the parent's arguments (`ParentArgs`), credentials redacted",
                    ProcessText::parentArgs),
            Field.text("container", "the container's name (`ContainerName`)", ProcessInfo::container));

    public static final RecordSchema<FlowRecord> FLOW = new RecordSchema<>("flow",
            "One TCP connection (a reused port after FIN/RST, or a SYN with a new initial sequence number, is a new "
                    + "flow) or one UDP conversation (same addresses and ports, until idle).",
            Field.constant("type", "`flow`", "flow"),
            Field.number("id", "flow number within the capture, in order of the first packet", FlowRecord::id),
            Field.text("transport", "`tcp` or `udp`", FlowRecord::transport),
            Field.timestamp("start_ts", "the first packet", FlowRecord::startNanos),
            Field.timestamp("end_ts", "the last packet", FlowRecord::endNanos),
            Field.text("client_ip", "client = sender of the SYN; without handshake the sender of the ClientHello or "
                    + "HTTP request; else the side with the higher port (flag `client-from-ports`)", FlowRecord::clientIp),
            Field.number("client_port", "the client's port", FlowRecord::clientPort),
            Field.text("server_ip", "the other side", FlowRecord::serverIp),
            Field.number("server_port", "the server's port", FlowRecord::serverPort),
            Field.number("packets_c2s", "packets from client to server", FlowRecord::packetsC2s),
            Field.number("packets_s2c", "packets from server to client", FlowRecord::packetsS2c),
            Field.number("bytes_c2s", "payload bytes from client to server", FlowRecord::bytesC2s),
            Field.number("bytes_s2c", "payload bytes from server to client", FlowRecord::bytesS2c),
            Field.text("state", "`syn-only` (SYNs without any answer: what a firewall that drops looks like), "
                    + "`rejected` (SYN answered by RST), `closed` (FIN from both sides or RST), `timeout` (idle longer "
                    + "than `--idle-timeout`, or evicted: flag `evicted`), `open` (still live at the end of the "
                    + "capture), `udp`", FlowRecord::state),
            Field.<FlowRecord>number("syn_count", "TCP only: SYNs sent by the client (more than 1 = retransmitted)",
                    FlowRecord::synCount).when(f -> "tcp".equals(f.transport())),
            Field.object("tls", "the ClientHello sent on the connection", FlowRecord::clientHello, CLIENT_HELLO),
            Field.object("server_tls", "the ServerHello", FlowRecord::serverHello, SERVER_HELLO),
            Field.object("quic", "a QUIC connection's handshake", FlowRecord::quic, QUIC),
            Field.object("tunnel_tls", "the ClientHello sent inside a CONNECT tunnel", FlowRecord::tunnelHello,
                    CLIENT_HELLO),
            Field.object("tunnel_server_tls", "the ServerHello inside the tunnel", FlowRecord::tunnelServerHello,
                    SERVER_HELLO),
            Field.objects("http", "requests on the connection in order", FlowRecord::http, HTTP),
            Field.positive("http_dropped", "requests not listed because of `--max-http-per-flow`",
                    FlowRecord::httpDropped),
            Field.object("connect", "the first CONNECT", FlowRecord::connect, CONNECT),
            Field.object("socks", "the SOCKS request", FlowRecord::socks, SOCKS),
            Field.object("process", "the process that made the connection, named by a pcapng packet comment "
                    + "(ptcpdump; since schema_version 3)", FlowRecord::process, PROCESS),
            Field.texts("server_names", "names the server address had in DNS answers seen before the flow started "
                    + "(following CNAMEs back to the query name), and pcapng name resolution entries",
                    FlowRecord::serverNames),
            Field.text("host", "best name for the destination: tunnelled SNI, else CONNECT target host, else HTTP Host "
                    + "of the first request, else SNI, else the first DNS name, else the server IP", FlowRecord::host),
            Field.texts("flags", "notes: `midstream` (handshake not captured), `client-from-ports`, `gap` (bytes "
                    + "missing from the capture), `head-truncated`, `tls-malformed`, `http-malformed`, `dns-malformed`, "
                    + "`hello-retry` (HelloRetryRequest: a second ClientHello), `evicted`, `parser-error`",
                    FlowRecord::flags),
            Field.flag("truncated", "true when the capture's snap length (`tcpdump -s`) cut some of the flow's "
                    + "packets: the bytes counts still count them whole; what could be read is in `tls` and `http`, "
                    + "themselves marked `truncated` when cut (docs/snaplen.md)", FlowRecord::truncated));

    /** What {@code analyze} adds to each flow. */
    public static final RecordSchema<AuditedFlow> AUDIT = new RecordSchema<>("flow (analyze)",
            "`analyze` adds to each flow the audit's judgement.",
            Field.text("role", "`module-proxy`, `checksum-db`, `go-get`, `vcs`, `toolchain`, `proxy`, `dns`, `other`;"
                    + " since schema_version 3 `dns-over-tls`, `dns-over-https`, and one per package ecosystem: "
                    + "`python-index`, `npm-registry`, `maven-repository`, `gradle`, `crates-registry`, "
                    + "`container-registry`, `vcs-download`",
                    a -> a.role() == null ? null : a.role().wire()),
            Field.text("route", "`proxy` or `direct`", a -> a.route() == null ? null : a.route().wire()),
            Field.text("verdict", "`proxied`, `direct-exempt`, `direct-bypass`, `direct-unproxied`, `not-proxyable` (since schema_version 2),"
                    + " `direct-allowed` (since schema_version 4: a bypass the `--allow` file lets go direct; see `allowed_by`)",
                    a -> a.verdict() == null ? null : a.verdict().wire()),
            Field.text("allowed_by", "for `direct-allowed`, the `--allow` entry that matched, as `FILE:LINE` (the first"
                    + " matching line; since schema_version 4)", AuditedFlow::allowedBy),
            Field.text("reason_code", "why, as a stable code (for `direct-allowed`, the code of the bypass it would have"
                    + " been)", AuditedFlow::reasonCode),
            Field.text("reason", "why, in a sentence", AuditedFlow::reason),
            Field.text("proxy", "the proxy URL used, without credentials", AuditedFlow::proxy),
            Field.text("target", "`host:port` the client wanted", AuditedFlow::target),
            Field.text("client", "the program whose proxy rules were applied: `go-http` for cmd/go's own requests, "
                    + "`git-curl`, `git-ssh`, `git-daemon`, `pip`, `python`, `npm`, `node`, `maven`, `gradle`, `java`, "
                    + "`cargo`, `docker` (since schema_version 3), `curl` (since schema_version 4), `other`; decided as "
                    + "`client_evidence` says",
                    a -> a.client() == null ? null : a.client().wire()),
            Field.text("client_evidence", "what decided `client` (since schema_version 3), strongest first: `process` "
                    + "(a packet comment names the process), `user-agent`, `http-target` (git's smart-HTTP paths), "
                    + "`port` (ssh to a VCS host, git:// 9418), `ja4` (the ClientHello of a program measured in the lab), "
                    + "`endpoint` (the destination's role), `none`",
                    a -> a.attribution() == null || a.attribution().evidence() == null ? null
                            : a.attribution().evidence().wire()),
            Field.text("client_confidence", "how sure `client` is: `high` (process, User-Agent, git's smart-HTTP "
                    + "path), `medium` (JA4, port, an HTTP library's User-Agent on its ecosystem's host: Apache "
                    + "HttpClient's on a Maven repository), `low` (endpoint only, or nothing)",
                    a -> a.attribution() == null || a.attribution().confidence() == null ? null
                            : a.attribution().confidence().wire()),
            Field.text("program", "the program the evidence names (`curl`, `pip`, `java`, a process's command name), "
                    + "when it names one", a -> a.attribution() == null ? null : a.attribution().program()),
            Field.text("client_detail", "what was seen, for people: `process curl (pid 99722)`, `User-Agent pip/23.0.1 "
                    + "...`, `JA4 ...`, `endpoint pypi.org (python-index)`",
                    a -> a.attribution() == null ? null : a.attribution().detail()),
            Field.flag("unanswered", "true for a direct attempt that never got an answer", AuditedFlow::unanswered));

    /** The columns of {@code flows.csv} ({@code analyze --csv}); {@code flows --format csv} leaves out {@link #AUDIT}'s. */
    static final List<Column<AuditedFlow>> CSV = List.of(
            Column.of(FLOW.field("id"), AuditedFlow::flow),
            Column.of(FLOW.field("transport"), AuditedFlow::flow),
            Column.text("start", "`start_ts` as ISO-8601 UTC", a -> Times.iso(a.flow().startNanos())),
            Column.text("end", "`end_ts` as ISO-8601 UTC", a -> Times.iso(a.flow().endNanos())),
            Column.number("duration_ms", "`end_ts` - `start_ts` in milliseconds",
                    a -> Long.toString((a.flow().endNanos() - a.flow().startNanos()) / 1_000_000)),
            Column.of(FLOW.field("client_ip"), AuditedFlow::flow),
            Column.of(FLOW.field("client_port"), AuditedFlow::flow),
            Column.of(FLOW.field("server_ip"), AuditedFlow::flow),
            Column.of(FLOW.field("server_port"), AuditedFlow::flow),
            Column.of(FLOW.field("host"), AuditedFlow::flow),
            Column.of(AUDIT.field("target")),
            Column.of(AUDIT.field("role")),
            Column.of(AUDIT.field("route")),
            Column.of(AUDIT.field("proxy")),
            Column.of(AUDIT.field("verdict")),
            Column.of(AUDIT.field("reason_code")),
            Column.of(AUDIT.field("reason")),
            Column.of(AUDIT.field("unanswered")),
            Column.of(FLOW.field("state"), AuditedFlow::flow),
            Column.of(FLOW.field("syn_count"), AuditedFlow::flow),
            Column.of(FLOW.field("packets_c2s"), AuditedFlow::flow),
            Column.of(FLOW.field("packets_s2c"), AuditedFlow::flow),
            Column.of(FLOW.field("bytes_c2s"), AuditedFlow::flow),
            Column.of(FLOW.field("bytes_s2c"), AuditedFlow::flow),
            Column.text("sni", "`tls.sni`", a -> a.flow().clientHello() == null ? null : a.flow().clientHello().sni()),
            Column.text("tunnel_sni", "`tunnel_tls.sni`",
                    a -> a.flow().tunnelHello() == null ? null : a.flow().tunnelHello().sni()),
            Column.text("alpn", "`tls.alpn`, else `tunnel_tls.alpn`, separated by spaces",
                    a -> join(outerOrTunnel(a.flow()) == null ? null : outerOrTunnel(a.flow()).alpn())),
            Column.text("ja4", "`tls.ja4`, else `tunnel_tls.ja4`",
                    a -> outerOrTunnel(a.flow()) == null ? null : outerOrTunnel(a.flow()).ja4()),
            Column.text("connect_target", "`connect.target`",
                    a -> a.flow().connect() == null ? null : a.flow().connect().target()),
            Column.number("connect_status", "`connect.status` (0: no answer captured; empty: no CONNECT)",
                    a -> a.flow().connect() == null ? "" : Integer.toString(a.flow().connect().status())),
            Column.text("http_hosts", "the distinct `http[].host` values, separated by spaces",
                    a -> httpHosts(a.flow().http())),
            Column.of(FLOW.field("flags"), AuditedFlow::flow),
            Column.of(FLOW.field("server_names"), AuditedFlow::flow),
            Column.number("http_requests", "HTTP requests on the connection: listed in `http` plus `http_dropped`",
                    a -> Integer.toString(Nulls.list(a.flow().http()).size() + a.flow().httpDropped())),
            Column.text("process", "`process` in one line: arguments (credentials redacted), pid, parent, container",
                    a -> a.flow().process() == null ? null : ProcessText.oneLine(a.flow().process(), ProcessInfo.MAX_VALUE)),
            Column.of(AUDIT.field("client")),
            Column.of(AUDIT.field("client_evidence")),
            Column.of(AUDIT.field("client_confidence")),
            Column.of(AUDIT.field("program")),
            Column.of(AUDIT.field("allowed_by")));

    /** {@link #CSV} without the columns of {@link #AUDIT}: for flows that were not audited. */
    static final List<Column<AuditedFlow>> CSV_UNAUDITED = withoutAuditColumns();

    private static List<Column<AuditedFlow>> withoutAuditColumns() {
        List<String> audit = new ArrayList<>();
        for (Field<AuditedFlow> f : AUDIT.fields()) {
            audit.add(f.name());
        }
        List<Column<AuditedFlow>> l = new ArrayList<>();
        for (Column<AuditedFlow> c : CSV) {
            if (!audit.contains(c.name())) {
                l.add(c);
            }
        }
        return List.copyOf(l);
    }

    private static ClientHello outerOrTunnel(FlowRecord f) {
        return f.clientHello() != null ? f.clientHello() : f.tunnelHello();
    }

    private static String join(List<String> l) {
        return l == null || l.isEmpty() ? null : String.join(" ", l);
    }

    private static String httpHosts(List<HttpExchange> http) {
        List<String> hosts = new ArrayList<>();
        for (HttpExchange e : Nulls.list(http)) {
            if (e.host() != null && !hosts.contains(e.host())) {
                hosts.add(e.host());
            }
        }
        return join(hosts);
    }

    /** supported_versions when sent, else legacy_version; GREASE values (RFC 8701) are not versions. */
    private static void versions(ClientHello ch, String name, JsonGenerator g) throws IOException {
        boolean none = ch.supportedVersions() == null || ch.supportedVersions().isEmpty();
        if (none && ch.truncated()) {
            return; // supported_versions may lie beyond the cut: the legacy version would say 1.2 for a TLS 1.3 client
        }
        List<Integer> versions = none
                ? List.of(ch.legacyVersion()) : ch.supportedVersions();
        g.writeArrayFieldStart(name);
        for (int i = 0; i < versions.size(); i++) {
            int v = versions.get(i);
            if (!Grease.isGrease(v)) {
                g.writeString(tlsVersion(v));
            }
        }
        g.writeEndArray();
    }

    /** {@code 1.3}, {@code 1.2} ... for TLS, else the value in hex ({@code 0x7f17}). */
    static String tlsVersion(int v) {
        return switch (v) {
            case 0x0304 -> "1.3";
            case 0x0303 -> "1.2";
            case 0x0302 -> "1.1";
            case 0x0301 -> "1.0";
            case 0x0300 -> "ssl3";
            default -> String.format("0x%04x", v);
        };
    }
}
