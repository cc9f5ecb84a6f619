package io.proxyaudit.cli;

import io.proxyaudit.policy.ConfigException;
import io.proxyaudit.policy.ConfigFiles;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.Version;
import io.proxyaudit.report.BatchSummaryJson;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The configuration options shared by {@code explain}, {@code analyze} and {@code batch} (picocli mixin):
 * where the proxy environment the audited programs saw comes from.
 */
public final class ConfigOptions {
    @Option(names = "--env-file", paramLabel = "FILE",
            description = "Read variables from FILE (repeatable, later files win): dotenv, shell 'export K=V',"
                    + " 'go env' output or 'go env -json'. git settings as git.KEY=VALUE, e.g."
                    + " git.http.proxy=URL or git.url.BASE.insteadOf=PREFIX.")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = "--config-file", paramLabel = "FILE",
            description = "Read the proxy settings of a client's configuration file, known by its name (repeatable):"
                    + " .npmrc, settings.xml, gradle.properties, pip.conf, pip.ini, .cargo/config.toml, daemon.json."
                    + " Passwords and tokens in them are never kept.")
    List<Path> configFiles = new ArrayList<>();

    @Option(names = "--env", paramLabel = "K=V", description = "Set one variable (repeatable; wins over files and the process environment).")
    List<String> env = new ArrayList<>();

    @Option(names = "--no-inherit-env", description = "Do not read proxy and Go variables from proxyaudit's own environment.")
    boolean noInheritEnv;

    @Option(names = "--proxy", paramLabel = "URL", description = "A proxy known by address that no variable names (repeatable).")
    List<String> proxies = new ArrayList<>();

    @Option(names = "--go-version", paramLabel = "VER",
            description = "Go release whose rules to apply (default: GOVERSION from the configuration, else "
                    + "1.19, the lab's Debian 12 Go).")
    String goVersion;

    @Option(names = "--curl-version", paramLabel = "VER",
            description = "curl release git links against (default 7.88.1, Debian 12; from 8.9.0 a blank ends NO_PROXY).")
    String curlVersion;

    private static Version version(String option, String text, String example) throws ConfigException {
        try {
            return Version.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Problems.option(option, text) + ": not a version (expected e.g. " + example + ")");
        }
    }

    /**
     * Prints the configuration's warnings (an {@code --env} variable proxyaudit does not model, a GIT_CONFIG_COUNT git
     * would refuse), one line each on stderr; they never change the exit code. Unknown variables of env files and the
     * process environment are not warned about: a job's environment holds hundreds.
     */
    static void printWarnings(java.io.PrintWriter err, ProxyConfig config) {
        for (String w : config.warnings()) {
            err.println("proxyaudit: warning: " + Problems.oneLine(w));
        }
    }

    /**
     * What summary.json echoes of a run ({@code batch}, the Spark job): the options given here (env files, the keys of
     * {@code --env}, never their values) with the run's own settings.
     */
    public BatchSummaryJson.Settings summarySettings(Instant generatedAt, String failOn, int threads, List<String> inputs,
                                                     int exitCode) {
        return new BatchSummaryJson.Settings(Main.VERSION, generatedAt, failOn, threads, List.copyOf(inputs),
                !noInheritEnv, envFiles.stream().map(Path::toString).toList(),
                env.stream().map(a -> a.indexOf('=') > 0 ? a.substring(0, a.indexOf('=')) : a).toList(), exitCode);
    }

    /** The configuration from the options and the process environment. */
    public ProxyConfig toConfig() throws ConfigException {
        return toConfig(System.getenv());
    }

    /** The configuration from the options; {@code processEnv} is ignored with {@code --no-inherit-env}. */
    public ProxyConfig toConfig(Map<String, String> processEnv) throws ConfigException {
        return toBuilder(processEnv).build();
    }

    /**
     * The builder behind {@link #toConfig(Map)}, for callers that layer more on top (batch: a capture's
     * sidecar env file, which then wins over everything given here).
     */
    public ProxyConfig.Builder toBuilder(Map<String, String> processEnv) throws ConfigException {
        ProxyConfig.Builder b = ProxyConfig.builder();
        if (!noInheritEnv) {
            b.inherit(processEnv);
        }
        for (Path f : envFiles) {
            try {
                b.file(f);
            } catch (ConfigException e) {
                throw new ConfigException("--env-file " + e.getMessage());
            }
        }
        for (Path f : configFiles) {
            try {
                ConfigFiles.read(b, f);
            } catch (ConfigException e) {
                throw new ConfigException("--config-file " + e.getMessage());
            }
        }
        for (String a : env) {
            b.assign(a);
        }
        for (String p : proxies) {
            b.proxy(p);
        }
        if (goVersion != null) {
            b.goVersion(version("--go-version", goVersion, "1.22 or 1.22.3"));
        }
        if (curlVersion != null) {
            b.curlVersion(version("--curl-version", curlVersion, "7.88.1"));
        }
        return b;
    }
}
