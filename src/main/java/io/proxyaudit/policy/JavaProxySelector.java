package io.proxyaudit.policy;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The JVM's default proxy selection, {@code ProxySelector.getDefault().select(uri)}: openjdk/jdk
 * src/java.base/share/classes/sun/net/spi/DefaultProxySelector.java {@code select} (with {@code props},
 * {@code NonProxyInfo}, {@code toPattern}, {@code disjunctToRegex}), over system properties only: the JVM never
 * reads HTTP_PROXY, HTTPS_PROXY or NO_PROXY. {@code java.net.useSystemProxies} is not modelled (false by default in
 * $JAVA_HOME/conf/net.properties; on Linux it asks GNOME's resolver, not the environment).
 */
public final class JavaProxySelector {
    /** DefaultProxySelector {@code props}: per scheme the property prefixes, SOCKS always last. */
    private static final Map<String, String[]> PREFIXES = Map.of(
            "http", new String[] {"http.proxy", "proxy", "socksProxy"},
            "https", new String[] {"https.proxy", "proxy", "socksProxy"});
    /** NonProxyInfo.defStringVal: appended to a non-empty http.nonProxyHosts. */
    public static final String BUILT_IN_NON_PROXY = "localhost|127.*|[::1]|0.0.0.0|[::0]";
    /** $JAVA_HOME/conf/net.properties (Debian JDK 17) http.nonProxyHosts, read when the property is unset. */
    public static final String NET_PROPERTIES_NON_PROXY = "localhost|127.*|[::1]";

    /**
     * One selection.
     *
     * @param type       {@code DIRECT}, {@code HTTP}, {@code SOCKS} or {@code ERROR}
     * @param host       the proxy host (HTTP, SOCKS), else null
     * @param port       the proxy port
     * @param hostProp   the property that named the proxy host, or null
     * @param nonProxy   the nonProxyHosts pattern that matched (DIRECT by it), or null
     * @param builtIn    true when only the built-in non-proxy hosts matched
     */
    public record Selection(String type, String host, int port, String hostProp, String nonProxy, boolean builtIn) {}

    private JavaProxySelector() {}

    /**
     * {@code select(uri)} for an http or https URI to {@code host} (without brackets); {@code props} are the system
     * properties (unset: absent).
     */
    public static Selection select(Map<String, String> props, String scheme, String host) {
        String[] prefixes = PREFIXES.get(scheme.toLowerCase(Locale.ROOT));
        if (prefixes == null) {
            return new Selection("DIRECT", null, 0, null, null, false);
        }
        String phost = null;
        int j;
        for (j = 0; j < prefixes.length; j++) {
            phost = props.get(prefixes[j] + "Host");
            if (phost != null && !phost.isEmpty()) {
                break;
            }
        }
        if (phost == null || phost.isEmpty()) {
            return new Selection("DIRECT", null, 0, null, null, false);
        }
        // http.nonProxyHosts serves https too ("for backward compatibility"); unset: net.properties' value; a
        // non-empty value gets the built-in list appended; an empty one matches nothing
        String urlhost = (host.indexOf(':') >= 0 ? "[" + host + "]" : host).toLowerCase(Locale.ROOT);
        String np = props.getOrDefault("http.nonProxyHosts", NET_PROPERTIES_NON_PROXY);
        String full = np.isEmpty() ? np : np + "|" + BUILT_IN_NON_PROXY;
        String matched = match(full, urlhost);
        if (matched != null) {
            boolean builtIn = !props.containsKey("http.nonProxyHosts") || match(np, urlhost) == null;
            return new Selection("DIRECT", null, 0, prefixes[j] + "Host", matched, builtIn);
        }
        int pport = port(props.get(prefixes[j] + "Port"));
        if (pport == 0 && j < prefixes.length - 1) {
            for (int k = 0; k < prefixes.length - 1; k++) {
                if (k != j && pport == 0) {
                    pport = port(props.get(prefixes[k] + "Port"));
                }
            }
        }
        boolean socks = j == prefixes.length - 1;
        if (pport == 0) {
            pport = socks ? 1080 : scheme.equalsIgnoreCase("https") ? 443 : 80;
        }
        if (pport < 0 || pport > 65535) {
            // InetSocketAddress.createUnresolved: "port out of range"
            return new Selection("ERROR", phost, pport, prefixes[j] + "Host", null, false);
        }
        return new Selection(socks ? "SOCKS" : "HTTP", phost, pport, prefixes[j] + "Host", null, false);
    }

    /** NetProperties.getInteger: Integer.decode, 0 when unset or not a number. */
    private static int port(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Integer.decode(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The disjunct of {@code mask} matching {@code host} (toPattern, disjunctToRegex), or null. */
    static String match(String mask, String host) {
        if (host.isEmpty()) {
            return null;
        }
        for (String disjunct : mask.split("\\|")) {
            if (disjunct.isEmpty()) {
                continue;
            }
            if (Pattern.compile(regex(disjunct.toLowerCase(Locale.ROOT))).matcher(host).matches()) {
                return disjunct;
            }
        }
        return null;
    }

    private static String regex(String d) {
        if (d.equals("*")) {
            return ".*";
        }
        boolean lead = d.startsWith("*");
        boolean trail = d.endsWith("*") && d.length() > 1;
        String core = d.substring(lead ? 1 : 0, trail ? d.length() - 1 : d.length());
        return (lead ? ".*" : "") + Pattern.quote(core) + (trail ? ".*" : "");
    }
}
