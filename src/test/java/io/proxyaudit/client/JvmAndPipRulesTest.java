package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.RouteDecision;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules the differential tests do not reach, from the cited source: pip's own proxy (pypa/pip
 * src/pip/_internal/cli/index_command.py {@code _build_session}), Maven's settings.xml proxies (apache/maven-resolver
 * DefaultProxySelector {@code getProxy}, as client-proxy-rules.md §3.2 saw them with Maven 3.8.7), and which launcher
 * variables reach which JVM (client-proxy-rules.md §3.1).
 */
class JvmAndPipRulesTest {
    /** The route and reason code of client {@code c} for {@code url} under {@code env} (key, value, key, value...). */
    static String route(Client c, String url, String... env) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < env.length; i += 2) {
            m.put(env[i], env[i + 1]);
        }
        RouteDecision d = ClientPolicies.of(ProxyConfig.of(m)).policy(c).route(Destination.ofUrl(url));
        return d.route().wire() + (d.proxyUrl() == null ? "" : " " + d.proxyUrl()) + " " + d.reasonCode();
    }

    @Test
    void pipsOwnProxyWinsOverTheEnvironmentAndNoProxy() {
        assertEquals("proxy http://pip:3128 PROXIED", route(Client.PIP, "https://pypi.org/simple/",
                "PIP_PROXY", "http://pip:3128", "HTTPS_PROXY", "http://env:3128", "NO_PROXY", "pypi.org"));
        assertEquals("proxy http://conf:3128 PROXIED", route(Client.PIP, "https://pypi.org/simple/",
                "pip.proxy", "http://conf:3128", "HTTPS_PROXY", "http://env:3128"));
        // PIP_PROXY beats pip.conf (configuration.py: environment over files)
        assertEquals("proxy http://pip:3128 PROXIED", route(Client.PIP, "https://pypi.org/", "pip.proxy", "http://conf:3128",
                "PIP_PROXY", "http://pip:3128"));
        // Python outside pip does not read PIP_PROXY
        assertEquals("direct PY_HTTPS_PROXY_UNSET", route(Client.PYTHON, "https://pypi.org/", "PIP_PROXY", "http://pip:3128",
                "HTTP_PROXY", "http://env:3128"));
        // without its own proxy pip follows requests: lower case wins, empty hides upper case
        assertEquals("direct PY_PROXY_EMPTY", route(Client.PIP, "https://pypi.org/", "HTTPS_PROXY", "http://env:3128",
                "https_proxy", ""));
        assertEquals("proxy http://all:3128 PROXIED", route(Client.PIP, "https://pypi.org/", "ALL_PROXY", "http://all:3128"));
        assertEquals("error PY_PROXY_INVALID", route(Client.PIP, "https://pypi.org/", "PIP_PROXY", "localhost:3128"));
    }

    @Test
    void mavenSettingsProxiesComeBeforeTheJvmProperties() {
        String[] settings = {"maven.proxy.01.host", "settings.corp", "maven.proxy.01.port", "3128",
            "maven.proxy.01.nonProxyHosts", "*.internal|localhost", "HTTPS_PROXY", "http://env:3128"};
        // an http proxy serves https repositories when no https one is given
        assertEquals("proxy http://settings.corp:3128 PROXIED", route(Client.MAVEN, "https://repo.maven.apache.org/maven2/", settings));
        assertEquals("direct MAVEN_NONPROXYHOSTS", route(Client.MAVEN, "https://nexus.internal/repo/", settings));
        // the default port of a settings.xml proxy is 8080 (maven-settings Proxy)
        assertEquals("proxy http://s:8080 PROXIED", route(Client.MAVEN, "https://repo1.maven.org/", "maven.proxy.01.host", "s"));
        // an https-protocol proxy never serves http repositories
        assertEquals("direct MAVEN_PROXY_UNSET", route(Client.MAVEN, "http://repo.corp/", "maven.proxy.01.host", "s",
                "maven.proxy.01.protocol", "https"));
        assertEquals("direct MAVEN_PROXY_INACTIVE", route(Client.MAVEN, "https://repo1.maven.org/", "maven.proxy.01.host", "s",
                "maven.proxy.01.active", "false", "HTTPS_PROXY", "http://env:3128"));
        // the first proxy per protocol wins; the https one is preferred for https
        assertEquals("proxy http://b:2 PROXIED", route(Client.MAVEN, "https://repo1.maven.org/", "maven.proxy.01.host", "a",
                "maven.proxy.01.port", "1", "maven.proxy.02.host", "b", "maven.proxy.02.port", "2", "maven.proxy.02.protocol", "https"));
        // no settings proxy: MAVEN_OPTS, which wins over JAVA_TOOL_OPTIONS (the command line comes after it)
        assertEquals("proxy http://m:1 PROXIED", route(Client.MAVEN, "https://repo1.maven.org/", "JAVA_TOOL_OPTIONS",
                "-Dhttps.proxyHost=t -Dhttps.proxyPort=2", "MAVEN_OPTS", "-Dhttps.proxyHost=m -Dhttps.proxyPort=1"));
    }

    @Test
    void eachLauncherReadsItsOwnVariables() {
        String[] env = {"MAVEN_OPTS", "-Dhttps.proxyHost=m", "GRADLE_OPTS", "-Dhttps.proxyHost=g",
            "gradle.systemProp.https.proxyHost", "gp", "HTTPS_PROXY", "http://env:3128"};
        assertEquals("proxy http://m:443 PROXIED", route(Client.MAVEN, "https://repo1.maven.org/", env));
        // GRADLE_OPTS (a -D of the launcher) wins over systemProp in gradle.properties
        assertEquals("proxy http://g:443 PROXIED", route(Client.GRADLE, "https://plugins.gradle.org/", env));
        assertEquals("proxy http://gp:443 PROXIED", route(Client.GRADLE, "https://plugins.gradle.org/",
                "gradle.systemProp.https.proxyHost", "gp"));
        // any other JVM sees neither, and never HTTPS_PROXY
        assertEquals("direct JAVA_PROXY_UNSET", route(Client.JAVA, "https://example.com/", env));
        assertEquals("proxy http://t:3128 PROXIED", route(Client.JAVA, "https://example.com/", "JAVA_TOOL_OPTIONS",
                "-Dhttps.proxyHost=t '-Dhttps.proxyPort=3128'"));
    }

    @Test
    void jvmFixesRouteThroughTheProxy() {
        ProxyConfig config = ProxyConfig.of(Map.of("HTTPS_PROXY", "http://p:3128", "MAVEN_OPTS", "-Xmx1g"));
        Remedy fix = ClientPolicies.of(config).remedy(Client.MAVEN, "MAVEN_PROXY_UNSET", Destination.ofUrl("https://repo1.maven.org/"));
        assertEquals("export MAVEN_OPTS='-Xmx1g -Dhttps.proxyHost=p -Dhttps.proxyPort=3128'   # the JVM ignores HTTPS_PROXY;"
                + " or a <proxy> in settings.xml", fix.text());
        ProxyConfig after = config.with(fix.changes().get(0).key(), fix.changes().get(0).value());
        assertTrue(route(Client.MAVEN, "https://repo1.maven.org/", "MAVEN_OPTS", after.get("MAVEN_OPTS")).startsWith("proxy http://p:3128"));
        Remedy gradle = ClientPolicies.of(config).remedy(Client.GRADLE, "GRADLE_PROXY_UNSET", Destination.ofUrl("https://x.org/"));
        assertEquals("add to gradle.properties: systemProp.https.proxyHost=p; add to gradle.properties:"
                + " systemProp.https.proxyPort=3128   # the JVM ignores HTTPS_PROXY; or GRADLE_OPTS=-Dhttps.proxyHost=...", gradle.text());
    }
}
