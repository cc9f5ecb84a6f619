package io.proxyaudit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code proxyaudit --version}: the release, the git commit it was built from and the Java runtime running it (a
 * bug report needs all three; the runtime's home tells the release archive's own runtime from a system JDK).
 * The build writes {@code build-info.properties} (pom.xml, execution {@code build-info}).
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    static final String RESOURCE = "build-info.properties";

    @Override
    public String[] getVersion() {
        Properties build = buildInfo();
        return new String[] {
            "proxyaudit " + build.getProperty("version", "(unknown version)"),
            "commit " + build.getProperty("commit", "unknown"),
            "runtime Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                    + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home"),
        };
    }

    /** What the build wrote; empty when the class files were not built by Maven (an IDE). */
    static Properties buildInfo() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // a jar that cannot be read any more: the version lines say unknown
        }
        String commit = p.getProperty("commit", "").strip();
        // `git describe` prints a short hash, with -dirty for uncommitted changes; anything else (no git, not a
        // clone: a source archive) is not a commit
        p.setProperty("commit", commit.matches("[0-9a-f]{7,40}(-dirty)?") ? commit : "unknown");
        return p;
    }
}
