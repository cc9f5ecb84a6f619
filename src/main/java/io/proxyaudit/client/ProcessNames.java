package io.proxyaudit.client;

import io.proxyaudit.flow.ProcessInfo;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The client behind a process a packet comment names: the executable's name, and for interpreters and the JVM the
 * script or main class in the arguments ({@code python3 -m pip}, {@code node /usr/bin/npm}, Maven's plexus-classworlds
 * launcher, Gradle's launcher and daemon). Any other program is {@link Client#OTHER} under its own name.
 */
final class ProcessNames {
    private static final Pattern PYTHON = Pattern.compile("python[0-9.]*|pypy[0-9.]*");
    private static final Pattern PIP = Pattern.compile("pip[0-9.]*");

    private ProcessNames() {}

    /** The attribution for a flow of process {@code p} to {@code port}. */
    static Attribution of(ProcessInfo p, int port) {
        String[] words = p.args() == null ? new String[0] : p.args().split(" ");
        String name = p.commandName() != null ? p.commandName() : words.length > 0 ? ProcessInfo.baseName(words[0]) : null;
        if (name == null || name.isEmpty()) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        String script = words.length > 1 ? lower(ProcessInfo.baseName(words[1])) : "";
        String argv0 = words.length > 0 ? lower(ProcessInfo.baseName(words[0])) : "";
        String args = p.args() == null ? "" : p.args();
        Client c;
        if (n.equals("go")) {
            c = Client.GO_HTTP;
        } else if (n.equals("git") || n.startsWith("git-remote-http")) {
            c = port == 9418 ? Client.GIT_DAEMON : Client.GIT_HTTP;
        } else if (n.equals("ssh")) {
            // git runs "ssh [options] host git-upload-pack 'path'" (connect.c); otherwise an ssh of its own
            boolean git = args.contains("git-upload-pack") || args.contains("git-receive-pack")
                    || args.contains("git-upload-archive") || "git".equals(lower(ProcessInfo.baseName(p.parentCommand())));
            c = git ? Client.GIT_SSH : Client.OTHER;
        } else if (PIP.matcher(n).matches()) {
            c = Client.PIP;
        } else if (PYTHON.matcher(n).matches()) {
            c = PIP.matcher(script).matches() || PIP.matcher(argv0).matches() || args.contains(" -m pip") ? Client.PIP
                    : Client.PYTHON;
        } else if (n.equals("npm") || n.equals("npx")) {
            c = Client.NPM;
        } else if (n.equals("node") || n.equals("nodejs")) {
            // npm runs as "node /usr/bin/npm ..." and renames itself (process.title) to "npm ..."
            c = script.equals("npm") || script.equals("npx") || argv0.equals("npm") || argv0.equals("npx")
                    || args.contains("npm-cli.js") ? Client.NPM : Client.NODE;
        } else if (n.equals("mvn") || n.equals("mvnw")) {
            c = Client.MAVEN;
        } else if (n.equals("gradle") || n.equals("gradlew")) {
            c = Client.GRADLE;
        } else if (n.equals("java")) {
            // mvn runs org.codehaus.plexus.classworlds.launcher.Launcher with -Dmaven.home; gradle org.gradle.* mains
            if (args.contains("org.codehaus.plexus.classworlds") || args.contains("-Dmaven.home=")) {
                c = Client.MAVEN;
            } else if (args.contains("org.gradle.") || args.contains("gradle-launcher") || args.contains("gradle-wrapper")) {
                c = Client.GRADLE;
            } else {
                c = Client.JAVA;
            }
        } else if (n.equals("curl")) {
            c = Client.CURL;
        } else if (n.equals("cargo")) {
            c = Client.CARGO;
        } else if (n.equals("dockerd") || n.equals("docker") || n.equals("containerd")) {
            c = Client.DOCKER;
        } else {
            c = Client.OTHER;
        }
        String detail = "process " + name + (p.pid() >= 0 ? " (pid " + p.pid() + ")" : "");
        return new Attribution(c, Attribution.Evidence.PROCESS, Attribution.Confidence.HIGH, name, detail);
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
