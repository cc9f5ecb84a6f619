package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Table tests from the cited sources (client-proxy-rules.md §2, §4, §5): npm (npm/agent lib/proxy.js getProxy,
 * isNoProxy; npm-registry-fetch lib/index.js), Node's fetch (nodejs/undici lib/dispatcher/env-http-proxy-agent.js),
 * cargo (rust-lang/cargo src/util/network/proxy.rs, libcurl's rules), Docker (moby/moby cmd/dockerd/daemon.go
 * configureProxyEnv).
 */
class NodeNpmCargoDockerRulesTest {
    private static String route(Client c, String url, String... env) {
        return JvmAndPipRulesTest.route(c, url, env);
    }

    @Test
    void npm() {
        String registry = "https://registry.npmjs.org/";
        // HTTP_PROXY alone does not cover the https registry (getProxy reads only https_proxy for https:)
        assertEquals("direct NPM_PROXY_UNSET", route(Client.NPM, registry, "HTTP_PROXY", "http://p:3128"));
        assertEquals("proxy http://p:3128 PROXIED", route(Client.NPM, registry, "HTTPS_PROXY", "http://p:3128"));
        // config proxy serves https too (httpsProxy || proxy), and wins over the environment
        assertEquals("proxy http://c:1 PROXIED", route(Client.NPM, registry, "npm.proxy", "http://c:1", "HTTPS_PROXY", "http://p:3128"));
        assertEquals("proxy http://e:2 PROXIED", route(Client.NPM, registry, "npm_config_https_proxy", "http://e:2",
                "npm.https-proxy", "http://f:3"));
        // NO_PROXY=* is not honoured; label-wise suffix match is
        assertEquals("proxy http://p:3128 PROXIED", route(Client.NPM, registry, "HTTPS_PROXY", "http://p:3128", "NO_PROXY", "*"));
        assertEquals("direct NPM_NOPROXY_DOMAIN", route(Client.NPM, registry, "HTTPS_PROXY", "http://p:3128", "NO_PROXY", ".npmjs.org"));
        // config noproxy that does not match: the agent still checks the environment's no_proxy
        assertEquals("direct NPM_NOPROXY_DOMAIN", route(Client.NPM, registry, "npm.proxy", "http://c:1", "npm.noproxy",
                "corp", "no_proxy", "npmjs.org"));
        // a schemeless proxy is an error, not a direct connection
        assertEquals("error NPM_PROXY_INVALID", route(Client.NPM, registry, "HTTPS_PROXY", "proxy.corp:3128"));
        // proxy=false is falsy: the environment applies
        assertEquals("proxy http://p:3128 PROXIED", route(Client.NPM, registry, "npm.proxy", "false", "HTTPS_PROXY", "http://p:3128"));
    }

    @Test
    void nodeFetch() {
        String url = "https://api.github.com/";
        assertEquals("direct NODE_ENV_PROXY_IGNORED", route(Client.NODE, url, "HTTPS_PROXY", "http://p:3128"));
        assertEquals("proxy http://p:3128 PROXIED", route(Client.NODE, url, "HTTPS_PROXY", "http://p:3128", "NODE_USE_ENV_PROXY", "1"));
        assertEquals("proxy http://p:3128 PROXIED", route(Client.NODE, url, "HTTPS_PROXY", "http://p:3128", "NODE_OPTIONS",
                "--max-old-space-size=4096 --use-env-proxy"));
        // https falls back to the http proxy in undici
        assertEquals("proxy http://h:1 PROXIED", route(Client.NODE, url, "HTTP_PROXY", "http://h:1", "NODE_USE_ENV_PROXY", "1"));
        // an empty lower-case variable masks the upper-case one (??), then the http fallback applies
        assertEquals("direct NODE_PROXY_UNSET", route(Client.NODE, url, "HTTPS_PROXY", "http://p:3128", "https_proxy", "",
                "NODE_USE_ENV_PROXY", "1"));
        assertEquals("direct NODE_NOPROXY", route(Client.NODE, url, "HTTPS_PROXY", "http://p:3128", "NO_PROXY", "*.github.com",
                "NODE_USE_ENV_PROXY", "1"));
        assertEquals("proxy http://p:3128 PROXIED", route(Client.NODE, url, "HTTPS_PROXY", "http://p:3128", "NO_PROXY",
                "github.com:80", "NODE_USE_ENV_PROXY", "1"));
        Remedy fix = ClientPolicies.of(ProxyConfig.of(Map.of("HTTPS_PROXY", "http://p:3128"))).remedy(Client.NODE,
                "NODE_ENV_PROXY_IGNORED", Destination.ofUrl(url));
        assertTrue(fix.text().startsWith("export NODE_USE_ENV_PROXY=1   #"), fix.text());
        // undici's ProxyAgent takes no SOCKS proxy: the fix names an HTTP one, never the socks5:// value again
        // (RemedyPropertyTest found this on r1-registries-https-proxy's Node fetch)
        Remedy socks = ClientPolicies.of(ProxyConfig.of(Map.of("https_proxy", "socks5://s:1080", "ALL_PROXY", "10.0.0.5:3128")))
                .remedy(Client.NODE, "NODE_ENV_PROXY_IGNORED", Destination.ofUrl(url));
        assertTrue(socks.text().startsWith("export NODE_USE_ENV_PROXY=1; export https_proxy=http://10.0.0.5:3128   #"),
                socks.text());
        // Node builds both ProxyAgents at start-up: a refused HTTP_PROXY ends node even for an https URL
        // (UndiciDifferentialTest, NodeFetchWireTest); the fix replaces it
        assertEquals("error NODE_PROXY_INVALID", route(Client.NODE, url, "HTTPS_PROXY", "http://p:3128", "HTTP_PROXY", "p:3128",
                "NODE_USE_ENV_PROXY", "1"));
        assertEquals("error NODE_PROXY_INVALID", route(Client.NODE, url, "HTTPS_PROXY", "http://p:3128/x", "NODE_USE_ENV_PROXY", "1"));
        Remedy refused = ClientPolicies.of(ProxyConfig.of(Map.of("HTTPS_PROXY", "http://p:3128", "HTTP_PROXY", "p:3128")))
                .remedy(Client.NODE, "NODE_ENV_PROXY_IGNORED", Destination.ofUrl(url));
        assertTrue(refused.text().startsWith("export NODE_USE_ENV_PROXY=1; export HTTP_PROXY=http://p:3128   #"), refused.text());
        // undici >= 7.22 #shouldProxy: a dot-suffix match, no CIDR, brackets kept on IPv6 hosts
        assertEquals("direct NODE_NOPROXY", route(Client.NODE, url, "HTTPS_PROXY", "http://p:3128", "NO_PROXY", "github.com",
                "NODE_USE_ENV_PROXY", "1"));
        assertEquals("proxy http://p:3128 PROXIED", route(Client.NODE, "https://10.1.2.3/", "HTTPS_PROXY", "http://p:3128",
                "NO_PROXY", "10.0.0.0/8", "NODE_USE_ENV_PROXY", "1"));
        assertEquals("direct NODE_NOPROXY", route(Client.NODE, "https://[::1]/", "HTTPS_PROXY", "http://p:3128",
                "NO_PROXY", "[::1]", "NODE_USE_ENV_PROXY", "1"));
        assertEquals("proxy http://p:3128 PROXIED", route(Client.NODE, "https://[::1]/", "HTTPS_PROXY", "http://p:3128",
                "NO_PROXY", "::1", "NODE_USE_ENV_PROXY", "1"));
        // NODE_OPTIONS's last --(no-)use-env-proxy wins over NODE_USE_ENV_PROXY; only "1" turns the variable on
        assertEquals("direct NODE_ENV_PROXY_IGNORED", route(Client.NODE, url, "HTTPS_PROXY", "http://p:3128",
                "NODE_USE_ENV_PROXY", "1", "NODE_OPTIONS", "--use-env-proxy --no-use-env-proxy"));
        assertEquals("direct NODE_ENV_PROXY_IGNORED", route(Client.NODE, url, "HTTPS_PROXY", "http://p:3128",
                "NODE_USE_ENV_PROXY", "true"));
    }

    @Test
    void cargo() {
        String index = "https://index.crates.io/";
        // cargo's own proxy wins over the variables; NO_PROXY still applies (libcurl)
        assertEquals("proxy http://c:1 PROXIED", route(Client.CARGO, index, "CARGO_HTTP_PROXY", "c:1", "HTTPS_PROXY", "http://p:3128"));
        assertEquals("direct CURL_NOPROXY_DOMAIN", route(Client.CARGO, index, "CARGO_HTTP_PROXY", "http://c:1", "NO_PROXY", "crates.io"));
        // set but empty turns the proxy off although HTTPS_PROXY is set
        assertEquals("direct CARGO_PROXY_EMPTY", route(Client.CARGO, index, "CARGO_HTTP_PROXY", "", "HTTPS_PROXY", "http://p:3128"));
        // the environment wins over .cargo/config.toml
        assertEquals("proxy http://e:1 PROXIED", route(Client.CARGO, index, "CARGO_HTTP_PROXY", "http://e:1", "cargo.http.proxy", "http://f:2"));
        // git's http.proxy, then libcurl's environment rules: http_proxy is not used for https, ALL_PROXY is
        assertEquals("proxy http://g:1 PROXIED", route(Client.CARGO, index, "git.http.proxy", "http://g:1"));
        // git's, as libgit2 reads it (CargoWireTest, real cargo 1.65 and 1.95): set but empty is off too, and git's
        // command-line scope is not read
        assertEquals("direct CARGO_PROXY_EMPTY", route(Client.CARGO, index, "git.http.proxy", "", "HTTPS_PROXY", "http://p:3128"));
        assertEquals("proxy http://p:3128 CURL_PROXY_ENV", route(Client.CARGO, index, "GIT_CONFIG_COUNT", "1",
                "GIT_CONFIG_KEY_0", "http.proxy", "GIT_CONFIG_VALUE_0", "http://g:1", "HTTPS_PROXY", "http://p:3128"));
        assertEquals("proxy http://g:1 PROXIED", route(Client.CARGO, index, "git.http.proxy", "http://g:1",
                "GIT_CONFIG_PARAMETERS", "'http.proxy'=''"));
        assertEquals("direct CARGO_PROXY_UNSET", route(Client.CARGO, index, "http_proxy", "http://p:3128"));
        assertEquals("proxy http://a:1 CURL_ALL_PROXY", route(Client.CARGO, index, "ALL_PROXY", "http://a:1"));
        assertEquals("proxy http://p:3128 CURL_PROXY_ENV", route(Client.CARGO, index, "https_proxy", "", "HTTPS_PROXY", "http://p:3128"));
    }

    @Test
    void dockerPullsUseTheDaemonsProxy() {
        String registry = "https://registry-1.docker.io/v2/";
        RouteDecision d = ClientPolicies.of(ProxyConfig.of(Map.of("HTTPS_PROXY", "http://p:3128"))).policy(Client.DOCKER)
                .route(Destination.ofUrl(registry));
        assertEquals(ReasonCode.DOCKER_DAEMON_PROXY_UNSET, d.reasonCode());
        assertTrue(d.reason().contains("made by dockerd") && d.reason().contains("not the job's"), d.reason());
        assertEquals("proxy http://d:1 PROXIED", route(Client.DOCKER, registry, "docker.https-proxy", "http://d:1"));
        assertEquals("direct DOCKER_DAEMON_NOPROXY", route(Client.DOCKER, registry, "docker.https-proxy", "http://d:1",
                "docker.no-proxy", ".docker.io"));
        // dockerd is Go: https-proxy is needed for https (http-proxy alone does not do)
        assertEquals("direct DOCKER_DAEMON_PROXY_UNSET", route(Client.DOCKER, registry, "docker.http-proxy", "http://d:1"));
        Remedy fix = ClientPolicies.of(ProxyConfig.of(Map.of("HTTPS_PROXY", "http://p:3128"))).remedy(Client.DOCKER,
                "DOCKER_DAEMON_PROXY_UNSET", Destination.ofUrl(registry));
        assertTrue(fix.text().startsWith("set \"proxies\": {\"https-proxy\": \"http://p:3128\"} in /etc/docker/daemon.json,"
                + " restart dockerd   # the daemon pulls, not the job"), fix.text());
    }
}
