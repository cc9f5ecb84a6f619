package io.proxyaudit.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The system properties ({@code -Dkey=value}) a JVM launcher passes, from the variables that carry JVM options
 * (client-proxy-rules.md §3), later layers winning as on a java command line:
 * <ul>
 *   <li>{@code JAVA_TOOL_OPTIONS}: read by every JVM before its command line (blanks separate options, quotes group
 *       them);</li>
 *   <li>{@code JDK_JAVA_OPTIONS}: prepended to the {@code java} launcher's arguments (JDK 9+);</li>
 *   <li>the launcher's own variable on its command line: Maven's bin/mvn runs {@code exec "$JAVACMD" $MAVEN_OPTS ...}
 *       (apache/maven apache-maven/src/bin/mvn: split on blanks, no quote removal); Gradle's gradlew passes
 *       {@code $DEFAULT_JVM_OPTS $JAVA_OPTS $GRADLE_OPTS} through xargs (quotes group);</li>
 *   <li>Gradle's {@code systemProp.<name>} lines in gradle.properties ({@code gradle.systemProp.<name>} keys), which
 *       Gradle sets as system properties when the build starts (docs.gradle.org build_environment: a {@code -D} on the
 *       command line wins over them; GRADLE_OPTS is taken as such a {@code -D}).</li>
 * </ul>
 */
public final class JvmOptions {
    /** A property value and the variable or file it came from. */
    public record Property(String value, String source) {}

    /** Which program starts the JVM. */
    public enum Launcher { JAVA, MAVEN, GRADLE }

    private JvmOptions() {}

    /** The system properties the launcher's JVM gets from {@code config}. */
    public static Map<String, Property> properties(ProxyConfig config, Launcher launcher) {
        Map<String, Property> out = new LinkedHashMap<>();
        add(out, config, "JAVA_TOOL_OPTIONS", true);
        add(out, config, "JDK_JAVA_OPTIONS", true);
        if (launcher == Launcher.GRADLE) {
            for (Map.Entry<String, ProxyConfig.Value> e : config.values().entrySet()) {
                if (e.getKey().startsWith("gradle.systemProp.")) {
                    out.put(e.getKey().substring("gradle.systemProp.".length()), new Property(e.getValue().raw(),
                            "systemProp in gradle.properties (" + e.getValue().source() + ")"));
                }
            }
            add(out, config, "JAVA_OPTS", true);
            add(out, config, "GRADLE_OPTS", true);
        } else if (launcher == Launcher.MAVEN) {
            add(out, config, "MAVEN_OPTS", false);
        }
        return out;
    }

    private static void add(Map<String, Property> out, ProxyConfig config, String variable, boolean quotes) {
        String value = config.nonEmpty(variable);
        if (value == null) {
            return;
        }
        List<String> words = quotes ? ShellWords.split(value) : null;
        if (words == null) {
            words = List.of(value.strip().split("\\s+"));
        }
        for (String w : words) {
            if (w.startsWith("-D") && w.length() > 2) {
                int eq = w.indexOf('=');
                String key = eq < 0 ? w.substring(2) : w.substring(2, eq);
                out.put(key, new Property(eq < 0 ? "" : w.substring(eq + 1), variable));
            }
        }
    }

    /** {@code -Dkey=value} words appended to an option variable's current value (a fix). */
    public static String appended(String current, Map<String, String> properties) {
        StringBuilder sb = new StringBuilder(current == null ? "" : current.strip());
        properties.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append("-D").append(k).append('=').append(v));
        return sb.toString();
    }
}
