package io.proxyaudit.client;

import io.proxyaudit.policy.JavaProxySelector;
import io.proxyaudit.policy.JvmOptions;
import io.proxyaudit.policy.JvmProxies;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ProxyUrl;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Programs on the JVM: {@link Client#JAVA} (any), {@link Client#MAVEN}, {@link Client#GRADLE}. The JVM never reads
 * HTTP_PROXY/HTTPS_PROXY/NO_PROXY: openjdk/jdk src/java.base/share/classes/sun/net/spi/DefaultProxySelector.java
 * {@code select} reads system properties only ({@link JavaProxySelector}), which come from the launcher's variables
 * ({@link JvmOptions}). Maven first asks its settings.xml proxies (apache/maven-resolver
 * maven-resolver-util/src/main/java/org/eclipse/aether/util/repository/DefaultProxySelector.java {@code getProxy},
 * {@link JvmProxies#mavenSelect}); with none for the repository its HTTP transport uses the JVM properties
 * (client-proxy-rules.md §3.2, seen with Maven 3.8.7's wagon transport).
 */
final class JvmPolicy implements ClientPolicy {
    private final Client client;
    private final ProxyConfig config;
    private final JvmOptions.Launcher launcher;

    JvmPolicy(Client client, ProxyConfig config) {
        this.client = client;
        this.config = config;
        this.launcher = client == Client.MAVEN ? JvmOptions.Launcher.MAVEN
                : client == Client.GRADLE ? JvmOptions.Launcher.GRADLE : JvmOptions.Launcher.JAVA;
    }

    @Override
    public Client client() {
        return client;
    }

    @Override
    public RouteDecision route(Destination d) {
        String scheme = d.scheme().equals("http") ? "http" : "https";
        String inactive = null;
        if (client == Client.MAVEN) {
            List<JvmProxies.SettingsProxy> proxies = JvmProxies.mavenProxies(config);
            JvmProxies.SettingsProxy p = JvmProxies.mavenSelect(proxies, scheme, d.host());
            if (p != null) {
                return RouteDecision.proxy(p.url(), ReasonCode.PROXIED, "settings.xml <proxy> " + p.index() + " (protocol "
                        + p.protocol() + ") applies: Maven fetches " + scheme + ":// through " + p.url().redacted()
                        + (scheme.equals("https") && p.protocol().equals("http") ? " (an http proxy serves https"
                        + " repositories when no https one is given)" : ""));
            }
            for (JvmProxies.SettingsProxy q : proxies) {
                boolean serves = q.protocol().equals(scheme) || (scheme.equals("https") && q.protocol().equals("http"));
                if (q.active() && serves && JvmProxies.nonProxyHost(q.nonProxyHosts(), d.host())) {
                    return RouteDecision.direct(ReasonCode.MAVEN_NONPROXYHOSTS, "the nonProxyHosts of settings.xml <proxy> "
                            + q.index() + " (" + q.nonProxyHosts() + ") match " + d.host() + ", so Maven connects directly");
                }
                if (!q.active() && serves && inactive == null) {
                    inactive = q.index();
                }
            }
        }
        Map<String, JvmOptions.Property> props = JvmOptions.properties(config, launcher);
        Map<String, String> raw = new TreeMap<>();
        props.forEach((k, v) -> raw.put(k, v.value()));
        JavaProxySelector.Selection s = JavaProxySelector.select(raw, scheme, d.host());
        String who = client.label();
        switch (s.type()) {
            case "HTTP", "SOCKS" -> {
                boolean socks = s.type().equals("SOCKS");
                String version = raw.getOrDefault("socksProxyVersion", "5").strip();
                ProxyUrl p = new ProxyUrl(socks ? (version.equals("4") ? "socks4" : "socks5") : "http", null, false,
                        s.host().toLowerCase(java.util.Locale.ROOT), s.port(), null);
                String portNote = raw.containsKey(s.hostProp().replace("Host", "Port")) ? ""
                        : " (no -D" + s.hostProp().replace("Host", "Port") + ": the port " + s.port() + " is the default)";
                return RouteDecision.proxy(p, ReasonCode.PROXIED, "-D" + s.hostProp() + " (" + props.get(s.hostProp()).source()
                        + ") applies: the JVM sends " + scheme + ":// " + (socks ? "through SOCKS proxy " : scheme.equals("https")
                        ? "with CONNECT through " : "through ") + p.redacted() + portNote);
            }
            case "ERROR" -> {
                return RouteDecision.error(ReasonCode.JVM_PROXY_PORT_INVALID, "the port for -D" + s.hostProp() + " is "
                        + s.port() + ", outside 1-65535: InetSocketAddress refuses it and " + who + "'s request fails");
            }
            default -> {
                if (s.nonProxy() != null) {
                    return RouteDecision.direct(s.builtIn() ? ReasonCode.JVM_NONPROXYHOSTS_DEFAULT : ReasonCode.JVM_NONPROXYHOSTS,
                            (s.builtIn() ? "the JVM's built-in non-proxy hosts (" + JavaProxySelector.BUILT_IN_NON_PROXY
                            + ", kept unless -Dhttp.nonProxyHosts is set to \"\")" : "-Dhttp.nonProxyHosts ("
                            + props.get("http.nonProxyHosts").source() + ", used for https too)") + " match "
                            + d.host() + " with \"" + s.nonProxy() + "\", so " + who + " connects directly");
                }
                return unset(scheme, raw, inactive);
            }
        }
    }

    private RouteDecision unset(String scheme, Map<String, String> raw, String inactive) {
        StringBuilder why = new StringBuilder("the JVM ignores HTTPS_PROXY, HTTP_PROXY and NO_PROXY (DefaultProxySelector"
                + " reads system properties only) and no -D" + scheme + ".proxyHost, -DproxyHost or -DsocksProxyHost is set");
        String other = scheme.equals("https") ? "http.proxyHost" : "https.proxyHost";
        if (raw.get(other) != null && !raw.get(other).isEmpty()) {
            why.append(" (-D").append(other).append(" is, but ").append(scheme).append(":// reads only ").append(scheme)
                    .append(".proxyHost)");
        }
        ReasonCode code = switch (client) {
            case MAVEN -> inactive != null ? ReasonCode.MAVEN_PROXY_INACTIVE : ReasonCode.MAVEN_PROXY_UNSET;
            case GRADLE -> ReasonCode.GRADLE_PROXY_UNSET;
            default -> ReasonCode.JAVA_PROXY_UNSET;
        };
        if (client == Client.MAVEN) {
            why.append(inactive != null ? "; settings.xml <proxy> " + inactive + " would apply but has <active>false</active>"
                    : "; settings.xml has no <proxy> for " + scheme);
        } else if (client == Client.GRADLE) {
            why.append(" (GRADLE_OPTS, systemProp.* in gradle.properties, JAVA_TOOL_OPTIONS)");
        } else {
            why.append(" (JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, the command line)");
        }
        return RouteDecision.direct(code, why + ": " + client.label() + " connects directly");
    }

    @Override
    public Remedy remedy(ReasonCode code, Destination d) {
        String scheme = d.scheme().equals("http") ? "http" : "https";
        Map<String, String> set = new LinkedHashMap<>();
        String[] hostPort = hostPort();
        String prefix = hostPort[2].equals("socks") ? "socksProxy" : scheme + ".proxy";
        set.put(prefix + "Host", hostPort[0]);
        set.put(prefix + "Port", hostPort[1]);
        String why = "the JVM ignores " + scheme.toUpperCase(java.util.Locale.ROOT) + "_PROXY";
        return switch (code) {
            case MAVEN_PROXY_UNSET -> Remedy.set("MAVEN_OPTS", JvmOptions.appended(config.get("MAVEN_OPTS"), set),
                    why + "; or a <proxy> in settings.xml");
            case MAVEN_PROXY_INACTIVE -> {
                String index = inactiveIndex(scheme, d.host());
                yield index == null ? null : Remedy.set("maven.proxy." + index + ".active", "true",
                        "the settings.xml proxy is switched off");
            }
            case GRADLE_PROXY_UNSET -> new Remedy(Remedy.Kind.CHANGES, List.of(
                    new Remedy.Change("gradle.systemProp." + prefix + "Host", hostPort[0]),
                    new Remedy.Change("gradle.systemProp." + prefix + "Port", hostPort[1])), null,
                    why + "; or GRADLE_OPTS=-D" + scheme + ".proxyHost=...");
            case JAVA_PROXY_UNSET -> Remedy.set("JAVA_TOOL_OPTIONS", JvmOptions.appended(config.get("JAVA_TOOL_OPTIONS"), set), why);
            // the same for every JVM client (a finding's fix must not depend on which one reported the code)
            case JVM_PROXY_PORT_INVALID -> Remedy.noVariable("give -D" + scheme + ".proxyPort a port 1-65535 where it"
                    + " is set (JAVA_TOOL_OPTIONS, MAVEN_OPTS, GRADLE_OPTS or systemProp in gradle.properties)", null);
            default -> null;
        };
    }

    private String inactiveIndex(String scheme, String host) {
        for (JvmProxies.SettingsProxy q : JvmProxies.mavenProxies(config)) {
            if (!q.active() && (q.protocol().equals(scheme) || (scheme.equals("https") && q.protocol().equals("http")))
                    && !JvmProxies.nonProxyHost(q.nonProxyHosts(), host)) {
                return q.index();
            }
        }
        return null;
    }

    /** The proxy's host, port and kind for -D properties: the configured proxy, else PROXYHOST and PORT. */
    private String[] hostPort() {
        SuggestedProxy proxy = SuggestedProxy.forCurl(config);
        ProxyUrl p = proxy.url().equals(Remedy.PLACEHOLDER) ? null : ProxyUrl.parseCurl(proxy.url());
        if (p == null || p.host().isEmpty()) {
            return new String[] {"PROXYHOST", "PORT", "http"};
        }
        return new String[] {p.host(), String.valueOf(p.effectivePort()), p.isSocks() ? "socks" : "http"};
    }
}
