package io.proxyaudit.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The proxies the JVM clients are configured with: Maven's settings.xml {@code <proxies>} (keys
 * {@code maven.proxy.<nn>.<field>}, nn the proxy's place in the file) and the JVM proxy properties of every launcher
 * ({@link JvmOptions}).
 */
public final class JvmProxies {
    /**
     * One settings.xml {@code <proxy>} (maven-settings' Proxy: protocol defaults to http, port to 8080, active to
     * true). The password is never kept.
     */
    public record SettingsProxy(String index, boolean active, String protocol, String host, int port, String nonProxyHosts,
                                boolean hasUser) {
        public ProxyUrl url() {
            return new ProxyUrl("http", null, hasUser, host.toLowerCase(Locale.ROOT), port, null);
        }
    }

    private JvmProxies() {}

    /** The settings.xml proxies in file order. */
    public static List<SettingsProxy> mavenProxies(ProxyConfig config) {
        Map<String, Map<String, String>> byIndex = new TreeMap<>();
        for (Map.Entry<String, ProxyConfig.Value> e : config.values().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("maven.proxy.")) {
                int dot = k.indexOf('.', "maven.proxy.".length());
                if (dot > 0) {
                    byIndex.computeIfAbsent(k.substring("maven.proxy.".length(), dot), x -> new TreeMap<>())
                            .put(k.substring(dot + 1), e.getValue().raw());
                }
            }
        }
        List<SettingsProxy> out = new ArrayList<>();
        byIndex.forEach((index, f) -> {
            String host = f.getOrDefault("host", "").strip();
            if (host.isEmpty()) {
                return;
            }
            int port;
            try {
                port = Integer.parseInt(f.getOrDefault("port", "8080").strip());
            } catch (NumberFormatException e) {
                port = 8080;
            }
            out.add(new SettingsProxy(index, !"false".equalsIgnoreCase(f.getOrDefault("active", "true").strip()),
                    f.getOrDefault("protocol", "http").strip().toLowerCase(Locale.ROOT), host, port,
                    f.getOrDefault("nonProxyHosts", ""), f.containsKey("username")));
        });
        return out;
    }

    /**
     * maven-resolver maven-resolver-util/src/main/java/org/eclipse/aether/util/repository/DefaultProxySelector.java
     * {@code getProxy}: of the proxies whose nonProxyHosts do not match the host, the first per protocol; an https
     * repository takes the https one, else the http one. Maven hands it only active proxies (maven-core
     * DefaultRepositorySystemSessionFactory skips {@code <active>false</active>}). Null when none applies.
     */
    public static SettingsProxy mavenSelect(List<SettingsProxy> proxies, String scheme, String host) {
        SettingsProxy https = null;
        SettingsProxy http = null;
        for (SettingsProxy p : proxies) {
            if (!p.active() || nonProxyHost(p.nonProxyHosts(), host)) {
                continue;
            }
            if (p.protocol().equals("https") && https == null) {
                https = p;
            } else if (p.protocol().equals("http") && http == null) {
                http = p;
            }
        }
        return scheme.equals("https") && https != null ? https : http;
    }

    /** DefaultProxySelector {@code NonProxyHosts}: '|'-separated, '*' any characters, whole host, any case. */
    public static boolean nonProxyHost(String patterns, String host) {
        for (String p : patterns.split("\\|")) {
            String t = p.strip();
            if (t.isEmpty()) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (String part : t.split("\\*", -1)) {
                parts.add(part.isEmpty() ? "" : java.util.regex.Pattern.quote(part));
            }
            if (java.util.regex.Pattern.compile(String.join(".*", parts), java.util.regex.Pattern.CASE_INSENSITIVE).matcher(host).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Every proxy the JVM clients could use under {@code config}: settings.xml proxies, then JVM properties. */
    static List<ProxyUrl> configured(ProxyConfig config) {
        List<ProxyUrl> out = new ArrayList<>();
        for (SettingsProxy p : mavenProxies(config)) {
            if (p.active()) {
                out.add(p.url());
            }
        }
        for (JvmOptions.Launcher l : JvmOptions.Launcher.values()) {
            Map<String, JvmOptions.Property> props = JvmOptions.properties(config, l);
            if (props.isEmpty()) {
                continue;
            }
            Map<String, String> raw = new TreeMap<>();
            props.forEach((k, v) -> raw.put(k, v.value()));
            for (String scheme : new String[] {"https", "http"}) {
                JavaProxySelector.Selection s = JavaProxySelector.select(raw, scheme, "example.invalid");
                if (s.type().equals("HTTP") || s.type().equals("SOCKS")) {
                    out.add(new ProxyUrl(s.type().equals("SOCKS") ? "socks5" : "http", null, false,
                            s.host().toLowerCase(Locale.ROOT), s.port(), null));
                }
            }
        }
        return out;
    }
}
