package io.proxyaudit.client;

import io.proxyaudit.policy.GoProxySelector;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's net/http: {@code http.ProxyFromEnvironment} (golang/go src/net/http/transport.go), which is
 * x/net/http/httpproxy {@code FromEnvironment} + {@code config.proxyForURL} + {@code config.useProxy}
 * (http/httpproxy/proxy.go), modelled by {@link GoProxySelector}. cmd/go's own requests use it
 * (src/cmd/go/internal/web/http.go {@code securityPreservingHTTPClient}).
 */
final class GoHttpPolicy implements ClientPolicy {
    private final ProxyConfig config;
    private final GoProxySelector go;

    GoHttpPolicy(ProxyConfig config) {
        this.config = config;
        this.go = new GoProxySelector(config);
    }

    @Override
    public Client client() {
        return Client.GO_HTTP;
    }

    @Override
    public RouteDecision route(Destination d) {
        return go.decide(d.scheme(), d.host(), d.port(), d.resolvedIp());
    }

    /**
     * Upper case wins in Go (proxy.go getEnvAny), so the fix always sets the upper-case variable of the scheme. For
     * http:// under CGI (REQUEST_METHOD set) a proxy that Go could use is refused (proxy.go proxyForURL), so a fix
     * that sets HTTP_PROXY also unsets REQUEST_METHOD.
     */
    @Override
    public Remedy remedy(ReasonCode code, Destination d) {
        Remedy fix = variableFix(code, d);
        if (fix == null || fix.kind() != Remedy.Kind.CHANGES || !d.scheme().equals("http")
                || config.nonEmpty("REQUEST_METHOD") == null || code == ReasonCode.GO_CGI_REFUSED) {
            return fix;
        }
        List<Remedy.Change> changes = new ArrayList<>(fix.changes());
        changes.add(new Remedy.Change("REQUEST_METHOD", null));
        return new Remedy(Remedy.Kind.CHANGES, changes, null, fix.comment() == null
                ? "Go refuses HTTP_PROXY in a CGI environment" : fix.comment() + "; Go refuses HTTP_PROXY in a CGI environment");
    }

    private Remedy variableFix(ReasonCode code, Destination d) {
        SuggestedProxy proxy = SuggestedProxy.forGo(config);
        String variable = d.scheme().equals("http") ? "HTTP_PROXY" : "HTTPS_PROXY";
        return switch (code) {
            // proxy.go FromEnvironment: https reads only HTTPS_PROXY/https_proxy since golang/net 7b1cca23 (Go 1.16)
            case GO_HTTPS_PROXY_UNSET -> Remedy.set("HTTPS_PROXY", proxy.url(),
                    proxy.comment("Go >= 1.16 uses only HTTPS_PROXY for https://"));
            case GO_HTTP_PROXY_UNSET -> Remedy.set("HTTP_PROXY", proxy.url(), proxy.comment(null));
            // proxy.go FromEnvironment reads HTTP_PROXY, HTTPS_PROXY, NO_PROXY, REQUEST_METHOD: never ALL_PROXY
            case GO_ALL_PROXY_IGNORED -> Remedy.set(variable, proxy.url(), proxy.comment("Go never reads ALL_PROXY"));
            // proxy.go parseProxy; transport.go dialConn accepts http, https, socks5(h) proxies only
            case GO_PROXY_UNPARSABLE, GO_PROXY_UNSUPPORTED_SCHEME -> Remedy.set(variable, proxy.url(),
                    proxy.problem() != null ? proxy.problem() : "the current " + variable + " cannot be used by Go");
            // proxy.go config.proxyForURL: CGI (REQUEST_METHOD set) refuses HTTP_PROXY for http://
            case GO_CGI_REFUSED -> cgiFix(variable, proxy, d);
            default -> null;
        };
    }

    /**
     * proxy.go config.proxyForURL refuses a parsed HTTP_PROXY under CGI before it looks at the value's use: unsetting
     * REQUEST_METHOD is the fix unless the transport then cannot use the value either (Go 1.22 reads
     * {@code socks5h://h:1080} as the host {@code socks5h}), when the variable needs a usable proxy too.
     */
    private Remedy cgiFix(String variable, SuggestedProxy proxy, Destination d) {
        String why = "Go refuses HTTP_PROXY in a CGI environment";
        RouteDecision after = new GoProxySelector(config.with("REQUEST_METHOD", null))
                .decide(d.scheme(), d.host(), d.port(), d.resolvedIp());
        if (after.route() != RouteDecision.Kind.ERROR) {
            return Remedy.unset("REQUEST_METHOD", why);
        }
        return new Remedy(Remedy.Kind.CHANGES, List.of(new Remedy.Change("REQUEST_METHOD", null),
                new Remedy.Change(variable, proxy.url())), null, why + "; " + (proxy.problem() != null ? proxy.problem()
                : "the current " + variable + " cannot be used by Go"));
    }
}
