package io.proxyaudit.client;

import java.util.ArrayList;
import java.util.List;

/**
 * The fix for a bypass as data: the variables and git settings to change ({@link Change}), or the plain statement
 * that the configuration is already right or that no variable can fix it. {@link #text()} renders it as the one
 * line every output shows; it is the only place that line is made.
 *
 * @param kind    whether the changes fix it, the configuration already proxies the request, or no variable can
 * @param changes the assignments (empty unless {@link Kind#CHANGES})
 * @param instead for the other kinds, what to do, in words
 * @param comment why, shown after {@code #}, or null
 */
public record Remedy(Kind kind, List<Change> changes, String instead, String comment) {
    /** The proxy to fill in when the configuration names none a client can use. */
    public static final String PLACEHOLDER = "http://PROXYHOST:PORT";

    /** What stands for {@link #PLACEHOLDER} when a fix is checked against the rules before it is offered. */
    static String checkable(String value) {
        if ("PROXYHOST".equals(value) || "PORT".equals(value)) {
            return value.equals("PORT") ? "3128" : "proxyhost";
        }
        return value == null ? null : value.replace(PLACEHOLDER, "http://proxyhost:3128")
                .replace("=PROXYHOST", "=proxyhost").replace("=PORT", "=3128");
    }

    public enum Kind {
        /** Applying {@link #changes()} makes the client's rules send the request through the proxy. */
        CHANGES,
        /** The configuration already sends it through the proxy: the process that went direct did not have it. */
        CONFIGURED,
        /** No proxy variable or git setting can route this client (ssh, a program that ignores the environment). */
        NO_VARIABLE
    }

    /**
     * One assignment, keyed like {@link io.proxyaudit.policy.ProxyConfig}: an environment variable, or a git setting
     * as {@code git.<key>}.
     *
     * @param value the new value, or null to unset
     */
    public record Change(String key, String value) {
        String command() {
            boolean git = key.startsWith("git.");
            String name = git ? key.substring(4) : key;
            String file = fileCommand();
            if (file != null) {
                return file;
            }
            if (value == null) {
                return git ? "git config --global --unset " + name : "unset " + name;
            }
            return git ? "git config --global " + name + " " + value : "export " + name + "=" + shellWord(value);
        }

        /** A client configuration file's setting ({@code ProxyConfig.FILE_PREFIXES}) as the command or line that sets it. */
        private String fileCommand() {
            int dot = key.indexOf('.');
            String name = dot < 0 ? "" : key.substring(dot + 1);
            return switch (dot < 0 ? "" : key.substring(0, dot)) {
                case "pip" -> value == null ? "pip config unset global." + name : "pip config set global." + name + " " + value;
                case "npm" -> value == null ? "npm config delete " + name : "npm config set " + name + " " + value;
                case "gradle" -> value == null ? "remove " + name + " from gradle.properties"
                        : "add to gradle.properties: " + name + "=" + value;
                case "maven" -> {
                    // maven.proxy.<nn>.<field>
                    String field = name.substring(name.lastIndexOf('.') + 1);
                    String proxy = name.substring(name.indexOf('.') + 1, name.lastIndexOf('.'));
                    yield value == null ? "remove <" + field + "> of <proxy> " + proxy + " in settings.xml"
                            : "set <" + field + ">" + value + "</" + field + "> in <proxy> " + proxy + " of settings.xml";
                }
                case "cargo" -> value == null ? "remove " + name + " from .cargo/config.toml"
                        : "set " + name + " = \"" + value + "\" in .cargo/config.toml";
                case "docker" -> value == null ? "remove \"" + name + "\" from \"proxies\" in /etc/docker/daemon.json, restart dockerd"
                        : "set \"proxies\": {\"" + name + "\": \"" + value + "\"} in /etc/docker/daemon.json, restart dockerd";
                default -> null;
            };
        }

        /**
         * {@code value} as one shell word: quoted when it holds a blank, a quote or a shell operator (a -D list for
         * MAVEN_OPTS). A redacted {@code ***} stays unquoted: the user puts the password back in its place.
         */
        private static String shellWord(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c <= ' ' || "'\"\\$`;&|<>()".indexOf(c) >= 0) {
                    return "'" + value.replace("'", "'\\''") + "'";
                }
            }
            return value;
        }
    }

    public Remedy {
        changes = List.copyOf(changes);
    }

    static Remedy set(String key, String value, String comment) {
        return new Remedy(Kind.CHANGES, List.of(new Change(key, value)), null, comment);
    }

    static Remedy unset(String key, String comment) {
        return new Remedy(Kind.CHANGES, List.of(new Change(key, null)), null, comment);
    }

    static Remedy configured(String instead) {
        return new Remedy(Kind.CONFIGURED, List.of(), instead, null);
    }

    static Remedy noVariable(String instead, String comment) {
        return new Remedy(Kind.NO_VARIABLE, List.of(), instead, comment);
    }

    /** A fix known only as text (tests, findings read back). */
    public static Remedy text(String line) {
        return new Remedy(Kind.CONFIGURED, List.of(), line, null);
    }

    /**
     * This fix with a note when, once applied, the configuration's own exemption ({@code after}: a NO_PROXY match)
     * still sends the request direct; unchanged otherwise.
     */
    Remedy notingExemption(io.proxyaudit.policy.RouteDecision after) {
        if (after.route() != io.proxyaudit.policy.RouteDecision.Kind.DIRECT || after.reasonCode() == null
                || !after.reasonCode().isExempt()) {
            return this;
        }
        String note = "then " + after.reason() + " (remove that entry to use the proxy)";
        return new Remedy(kind, changes, instead, comment == null ? note : comment + "; " + note);
    }

    /** True when a change still holds {@link #PLACEHOLDER}: the user has to put in the proxy's address. */
    public boolean needsProxyAddress() {
        for (Change c : changes) {
            if (c.value() != null && c.value().contains("PROXYHOST")) {
                return true;
            }
        }
        return false;
    }

    /** The line to copy: the commands joined by {@code ; }, then {@code   # comment}. */
    public String text() {
        String body;
        if (kind == Kind.CHANGES) {
            List<String> commands = new ArrayList<>();
            for (Change c : changes) {
                commands.add(c.command());
            }
            body = String.join("; ", commands);
        } else {
            body = instead;
        }
        return comment == null ? body : body + "   # " + comment;
    }
}
