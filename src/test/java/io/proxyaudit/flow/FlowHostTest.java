package io.proxyaudit.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyaudit.proto.tls.ClientHello;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one host rule: record, audit and HTML all name a flow by it. */
class FlowHostTest {
    private static ClientHello hello(String sni) {
        return new ClientHello(0x0303, sni, List.of(), List.of(), List.of(), List.of(), List.of(), "", List.of());
    }

    private static HttpExchange get(String host, String target) {
        return new HttpExchange("GET", host, target, null, 200, null, 0);
    }

    private static FlowRecord flow(ClientHello direct, ClientHello tunnelled, ConnectInfo connect, List<HttpExchange> http,
                                   List<String> names, String host) {
        return new FlowRecord(1, "tcp", 0, 0, "10.0.0.2", 40000, "192.0.2.7", 443, 1, 1, 1, 1, "closed", 1, direct, null,
                tunnelled, null, http, 0, connect, names, host, List.of());
    }

    private static FlowHost.Choice choose(FlowRecord f) {
        return FlowHost.choose(f);
    }

    @Test
    void theTunnelledNameComesFirstThenTheConnectTarget() {
        ConnectInfo connect = new ConnectInfo("Proxy.Golang.org:443", "proxy.golang.org", 443, 200, null);
        FlowRecord f = flow(null, hello("sum.golang.org"), connect, List.of(get("proxy:3128", "proxy.golang.org:443")),
                List.of("squid.lan"), null);
        assertEquals(new FlowHost.Choice("sum.golang.org", FlowHost.Source.TUNNEL_SNI, "sum.golang.org"), choose(f));
        assertEquals("SNI sum.golang.org (in tunnel)", FlowHost.label(f));
        FlowRecord refused = flow(null, null, connect, List.of(), List.of(), null);
        assertEquals("proxy.golang.org", FlowHost.of(refused));
        assertEquals("CONNECT Proxy.Golang.org:443", FlowHost.label(refused), "the target as sent");
    }

    @Test
    void theHostHeaderLosesItsPortUserinfoAndCase() {
        FlowRecord f = flow(null, null, null, List.of(get("user@Example.ORG:8080", "/"), get("second.example", "/")),
                List.of("cdn.example"), null);
        assertEquals(new FlowHost.Choice("example.org", FlowHost.Source.HTTP_HOST, "user@Example.ORG:8080"), choose(f));
        assertEquals("::1", FlowHost.of(flow(null, null, null, List.of(get("[::1]:80", "/")), List.of(), null)));
    }

    @Test
    void withoutHostTheAbsoluteTargetNamesTheServer() {
        // RFC 9112 §3.2.2: a request to a proxy carries the absolute URI; HTTP/1.0 clients may send no Host
        FlowRecord f = flow(null, null, null, List.of(get(null, "http://Golang.org:80/x?go-get=1")), List.of(), null);
        assertEquals(new FlowHost.Choice("golang.org", FlowHost.Source.HTTP_TARGET, "http://Golang.org:80/x?go-get=1"),
                choose(f));
        FlowRecord origin = flow(null, null, null, List.of(get(null, "/x")), List.of("dns.example"), null);
        assertEquals(FlowHost.Source.DNS, choose(origin).source(), "an origin-form target names nothing");
    }

    @Test
    void thenTheSniAsSentThenDnsThenTheAddress() {
        assertEquals(new FlowHost.Choice("Pkg.Go.Dev", FlowHost.Source.SNI, "Pkg.Go.Dev"),
                choose(flow(hello("Pkg.Go.Dev"), null, null, List.of(), List.of("other"), null)));
        assertEquals("SNI Pkg.Go.Dev", FlowHost.label(flow(hello("Pkg.Go.Dev"), null, null, List.of(), List.of(), null)));
        assertEquals(FlowHost.Source.DNS, choose(flow(hello(""), null, null, List.of(), List.of("a.example"), null)).source(),
                "an empty SNI names nothing");
        FlowRecord bare = flow(null, null, null, List.of(), List.of(), null);
        assertEquals(new FlowHost.Choice("192.0.2.7", FlowHost.Source.ADDRESS, "192.0.2.7"), choose(bare));
    }

    @Test
    void aBuiltRecordKeepsItsHost() {
        FlowRecord f = flow(hello("a.example"), null, null, List.of(), List.of(), "a.example");
        assertEquals("a.example", FlowHost.of(f));
        assertEquals("SNI a.example", FlowHost.label(f));
        assertEquals("b.example", FlowHost.label(flow(null, null, null, List.of(), List.of("x"), "b.example")),
                "a name without a field to show keeps the record's host");
    }
}
