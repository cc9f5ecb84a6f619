package io.proxyaudit.client;

import io.proxyaudit.policy.GoProxySelector;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;

/**
 * Docker image pulls: made by the daemon, never by the docker client, so the job's proxy variables do not apply.
 * dockerd uses its own environment (a systemd drop-in), which the audit cannot see, and daemon.json's
 * {@code "proxies"}, which moby/moby cmd/dockerd/daemon.go {@code configureProxyEnv} writes over that environment in
 * both cases; dockerd is Go, so Go's rules then apply ({@link GoProxySelector}). The lab's samples v1 and v2 show it
 * with the real dockerd 20.10: the job's HTTPS_PROXY reaches only the docker CLI, the daemon's own variable is used.
 * daemon.json's "proxies" came with Docker Engine 23.0 (docs.docker.com engine/daemon/proxy); dockerd 20.10 refuses
 * the key ("the following directives don't match any configuration option") and does not start.
 */
final class DockerPolicy implements ClientPolicy {
    private final ProxyConfig config;

    DockerPolicy(ProxyConfig config) {
        this.config = config;
    }

    @Override
    public Client client() {
        return Client.DOCKER;
    }

    @Override
    public RouteDecision route(Destination d) {
        ProxyConfig.Builder daemon = ProxyConfig.builder().goVersion(config.goVersion());
        boolean any = false;
        for (String[] k : new String[][] {{"docker.http-proxy", "HTTP_PROXY"}, {"docker.https-proxy", "HTTPS_PROXY"},
                {"docker.no-proxy", "NO_PROXY"}}) {
            String v = config.nonEmpty(k[0]);
            if (v != null) {
                daemon.put(k[1], v, "daemon.json");
                any |= !k[1].equals("NO_PROXY");
            }
        }
        String who = "docker pulls are made by dockerd with the daemon's proxy settings (daemon.json \"proxies\", its"
                + " service environment), not the job's";
        if (!any) {
            return RouteDecision.direct(ReasonCode.DOCKER_DAEMON_PROXY_UNSET, who + ": no daemon.json proxy is given, so"
                    + " HTTPS_PROXY in the job does not reach the daemon, which connects directly unless its service"
                    + " environment names a proxy");
        }
        RouteDecision g = new GoProxySelector(daemon.build()).decide(d.scheme(), d.host(), d.port(), d.resolvedIp());
        String reason = who + "; under daemon.json (Go's rules): " + g.reason().replace("HTTPS_PROXY", "https-proxy")
                .replace("HTTP_PROXY", "http-proxy").replace("NO_PROXY", "no-proxy");
        if (g.route() == RouteDecision.Kind.PROXY) {
            return new RouteDecision(g.route(), g.proxyUrl(), ReasonCode.PROXIED, reason);
        }
        if (g.reasonCode() != null && g.reasonCode().isExempt()) {
            return new RouteDecision(g.route(), null, ReasonCode.DOCKER_DAEMON_NOPROXY, reason);
        }
        return new RouteDecision(g.route(), null, ReasonCode.DOCKER_DAEMON_PROXY_UNSET, reason);
    }

    @Override
    public Remedy remedy(ReasonCode code, Destination d) {
        if (code != ReasonCode.DOCKER_DAEMON_PROXY_UNSET) {
            return null;
        }
        SuggestedProxy proxy = SuggestedProxy.forGo(config);
        return Remedy.set(d.scheme().equals("http") ? "docker.http-proxy" : "docker.https-proxy", proxy.url(),
                proxy.comment("the daemon pulls, not the job; daemon.json \"proxies\" needs Docker Engine 23.0 or later"
                        + " (dockerd 20.10, Debian 12's docker.io, refuses the key and does not start): there"
                        + " Environment=HTTPS_PROXY=... in a systemd drop-in for docker.service"));
    }
}
