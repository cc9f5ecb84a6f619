package io.proxyaudit.policy;

import io.proxyaudit.capture.IoReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The effective configuration the clients see: proxy variables, cmd/go variables and git settings, each
 * with where it came from. Immutable; build it with {@link #builder()}.
 *
 * <p>Keys: the environment variables {@link #KEYS} (other variables are ignored), and git configuration
 * given as env-like entries {@code git.<config key>}, e.g. {@code git.http.proxy=http://q:8080},
 * {@code git.http.https://git.corp.com.proxy=...} (git's {@code http.<url>.proxy}),
 * {@code git.url.git@github.com:.insteadOf=https://github.com/} (git's {@code url.<base>.insteadOf}).
 * A key that is set to the empty string is "set but empty", which git treats differently from unset.
 *
 * <p>Precedence (later wins): inherited process environment, {@code --env-file} files in order,
 * {@code --env K=V}. {@code --proxy URL} adds proxies known by address (e.g. a transparent or
 * PAC-configured proxy) that no variable names. Raw values stay inside this object; everything it
 * hands out for display ({@link #entries()}) is redacted.
 */
public final class ProxyConfig {
    /** The variables read from the environment and from env files. */
    public static final Set<String> KEYS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "REQUEST_METHOD", "GOPROXY", "GOPRIVATE",
            "GONOPROXY", "GONOSUMDB", "GOSUMDB", "GOINSECURE", "GOVCS", "GOTOOLCHAIN", "GOVERSION",
            "GIT_SSH_COMMAND", "GIT_SSH", "GIT_SSH_VARIANT", "GIT_CONFIG_COUNT", "GIT_CONFIG_PARAMETERS",
            // issue 19, the other clients (client-proxy-rules.md): pip, npm, Node, the JVM launchers, cargo
            "PIP_PROXY", "npm_config_proxy", "npm_config_https_proxy", "npm_config_noproxy", "NPM_CONFIG_PROXY",
            "NPM_CONFIG_HTTPS_PROXY", "NPM_CONFIG_NOPROXY", "NODE_USE_ENV_PROXY", "NODE_OPTIONS", "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS", "MAVEN_OPTS", "GRADLE_OPTS", "JAVA_OPTS", "CARGO_HTTP_PROXY");
    /**
     * Settings read from the clients' configuration files ({@code --config-file}, {@link ConfigFiles}), keyed
     * {@code <client>.<setting>} like git's {@code git.<key>}: {@code pip.proxy}, {@code npm.https-proxy},
     * {@code maven.proxy.01.host}, {@code gradle.systemProp.https.proxyHost}, {@code cargo.http.proxy},
     * {@code docker.https-proxy}.
     */
    public static final List<String> FILE_PREFIXES = List.of("pip.", "npm.", "maven.", "gradle.", "cargo.", "docker.");
    /** Keys whose value is a proxy URL for some client (besides the proxy variables and git's http.proxy). */
    static final List<String> CLIENT_PROXY_KEYS = List.of("PIP_PROXY", "pip.proxy", "npm_config_https_proxy",
            "NPM_CONFIG_HTTPS_PROXY", "npm.https-proxy", "npm_config_proxy", "NPM_CONFIG_PROXY", "npm.proxy",
            "CARGO_HTTP_PROXY", "cargo.http.proxy", "docker.https-proxy", "docker.http-proxy");
    /** git's per-entry configuration variables (git config.c {@code git_config_from_parameters}). */
    private static final Pattern GIT_CONFIG_ENTRY = Pattern.compile("GIT_CONFIG_(KEY|VALUE)_(0|[1-9][0-9]{0,8})");
    /** GIT_CONFIG_COUNT entries read at most (a real job sets a few). */
    static final int MAX_GIT_CONFIG_ENTRIES = 1000;
    /** Warnings kept; the rest are counted. */
    static final int MAX_WARNINGS = 20;
    /** cmd/go defaults from $GOROOT/go.env (proxy-semantics.md §2.2). */
    public static final Map<String, String> GO_DEFAULTS = Map.of(
            "GOPROXY", "https://proxy.golang.org,direct",
            "GOSUMDB", "sum.golang.org",
            "GOTOOLCHAIN", "auto");

    /** A raw value and its source ({@code env}, {@code file:line}, {@code --env}). */
    public record Value(String raw, String source) implements java.io.Serializable {}

    private final Map<String, Value> values;
    /** The git settings as the configuration files give them, before git's command-line scope is merged in. */
    private final Map<String, Value> gitFileValues;
    private final List<ProxyUrl> extraProxies;
    private final Version goVersion;
    private final Version curlVersion;
    private final List<String> warnings;
    private final boolean anyProxyConfigured;

    private ProxyConfig(Map<String, Value> values, Map<String, Value> gitFileValues, List<ProxyUrl> extraProxies,
                        Version goVersion, Version curlVersion, List<String> warnings) {
        this.warnings = List.copyOf(warnings);
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.gitFileValues = Collections.unmodifiableMap(new TreeMap<>(gitFileValues));
        this.extraProxies = List.copyOf(extraProxies);
        this.goVersion = goVersion;
        this.curlVersion = curlVersion;
        this.anyProxyConfigured = findAnyProxy(); // asked for every flow the audit judges
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A configuration from literal assignments only (tests, explain tables). */
    public static ProxyConfig of(Map<String, String> env) {
        Builder b = builder();
        env.forEach((k, v) -> b.put(k, v, "--env"));
        return b.build();
    }

    /** True for a variable proxyaudit reads: {@link #KEYS}, GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n, or a git key. */
    public static boolean isModelled(String key) {
        return KEYS.contains(key) || GIT_CONFIG_ENTRY.matcher(key).matches() || key.startsWith("git.") || isFileKey(key);
    }

    /** True for a key of a client's configuration file ({@link #FILE_PREFIXES}). */
    public static boolean isFileKey(String key) {
        for (String p : FILE_PREFIXES) {
            if (key.startsWith(p) && key.length() > p.length()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Problems found while building the configuration that do not stop the run (one line each, values redacted):
     * a {@code --env} variable proxyaudit does not model, a GIT_CONFIG_COUNT git itself would refuse.
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * A git configuration value by its key ({@code core.sshCommand}), compared as git does, or null when unset.
     * Command-line configuration (GIT_CONFIG_COUNT, GIT_CONFIG_PARAMETERS) is merged in by the builder and wins.
     */
    public Value gitConfig(String key) {
        return gitValue(values, key);
    }

    /**
     * A git configuration value from the configuration files only (the {@code git.<key>} entries of env files and
     * {@code --env}), as libgit2's {@code git_config_open_default} reads them: GIT_CONFIG_COUNT and
     * GIT_CONFIG_PARAMETERS are git's command-line scope, which libgit2 does not read (cargo's git http.proxy,
     * measured by CargoWireTest). Null when unset.
     */
    public Value gitFileConfig(String key) {
        return gitValue(gitFileValues, key);
    }

    private static Value gitValue(Map<String, Value> map, String key) {
        String want = gitKey("git." + key);
        for (Map.Entry<String, Value> e : map.entrySet()) {
            if (e.getKey().startsWith("git.") && gitKey(e.getKey()).equals(want)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * A {@code git.<key>} in git's canonical form (git config.c {@code git_config_parse_key}): section and variable
     * name lower case, a subsection between them as written.
     */
    static String gitKey(String key) {
        int first = key.indexOf('.', 4);
        int last = key.lastIndexOf('.');
        if (first < 0 || last <= 3) {
            return key.toLowerCase(Locale.ROOT);
        }
        return key.substring(0, first).toLowerCase(Locale.ROOT) + key.substring(first, last)
                + key.substring(last).toLowerCase(Locale.ROOT);
    }

    /** The raw value, "" when set but empty, null when unset. */
    public String get(String key) {
        Value v = values.get(key);
        return v == null ? null : v.raw();
    }

    /** The raw value when set and non-empty, else null (how Go's getEnvAny sees a variable). */
    public String nonEmpty(String key) {
        String v = get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    /** A cmd/go variable with go.env defaults applied and GONOPROXY/GONOSUMDB defaulting to GOPRIVATE. */
    public String goEnv(String key) {
        String v = nonEmpty(key);
        if (v != null) {
            return v;
        }
        if (key.equals("GONOPROXY") || key.equals("GONOSUMDB")) {
            String p = nonEmpty("GOPRIVATE");
            return p == null ? "" : p;
        }
        return GO_DEFAULTS.getOrDefault(key, "");
    }

    /** Source of a key ("default" for go.env defaults), or null. */
    public String source(String key) {
        Value v = values.get(key);
        if (v != null) {
            return v.source();
        }
        return GO_DEFAULTS.containsKey(key) ? "default" : null;
    }

    /** All set keys with raw values (git keys included), sorted. */
    public Map<String, Value> values() {
        return values;
    }

    public List<ProxyUrl> extraProxies() {
        return extraProxies;
    }

    public Version goVersion() {
        return goVersion;
    }

    public Version curlVersion() {
        return curlVersion;
    }

    /** Every proxy named by the configuration or {@code --proxy}, parsed leniently, without duplicates. */
    public List<ProxyUrl> knownProxies() {
        Map<String, ProxyUrl> out = new LinkedHashMap<>();
        for (String k : List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")) {
            addProxy(out, nonEmpty(k));
        }
        for (Map.Entry<String, Value> e : values.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("git.") && k.toLowerCase(Locale.ROOT).endsWith(".proxy")) {
                addProxy(out, e.getValue().raw());
            }
        }
        for (String k : CLIENT_PROXY_KEYS) {
            addProxy(out, nonEmpty(k));
        }
        for (ProxyUrl p : JvmProxies.configured(this)) {
            out.putIfAbsent(p.host() + ":" + p.effectivePort(), p);
        }
        for (ProxyUrl p : extraProxies) {
            out.putIfAbsent(p.host() + ":" + p.effectivePort(), p);
        }
        return List.copyOf(out.values());
    }

    private static void addProxy(Map<String, ProxyUrl> out, String raw) {
        ProxyUrl p = ProxyUrl.parseCurl(raw);
        if (p != null) {
            out.putIfAbsent(p.host() + ":" + p.effectivePort(), p);
            if (p.port() < 0 && !p.isSocks()) {
                // Go defaults an http proxy without port to 80, curl to 1080: know both
                out.putIfAbsent(p.host() + ":" + p.effectivePortCurl(), p);
            }
        }
    }

    /** True when some variable or git setting names a proxy the clients could use. */
    public boolean anyProxyConfigured() {
        return anyProxyConfigured;
    }

    private boolean findAnyProxy() {
        for (String k : List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")) {
            if (nonEmpty(k) != null) {
                return true;
            }
        }
        for (Map.Entry<String, Value> e : values.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("git.") && k.toLowerCase(Locale.ROOT).endsWith(".proxy") && !e.getValue().raw().isEmpty()) {
                return true;
            }
        }
        for (String k : CLIENT_PROXY_KEYS) {
            if (nonEmpty(k) != null) {
                return true;
            }
        }
        return !JvmProxies.configured(this).isEmpty();
    }

    /** This configuration with {@code key} set to {@code value}, or unset when {@code value} is null (a fix applied). */
    public ProxyConfig with(String key, String value) {
        Map<String, Value> changed = new TreeMap<>(values);
        Map<String, Value> gitFiles = new TreeMap<>(gitFileValues);
        for (Map<String, Value> m : key.startsWith("git.") ? List.of(changed, gitFiles) : List.of(changed)) {
            if (value == null) {
                m.remove(key);
            } else {
                m.put(key, new Value(value, "fix"));
            }
        }
        return new ProxyConfig(changed, gitFiles, extraProxies, goVersion, curlVersion, warnings);
    }

    /**
     * This configuration with HTTP_PROXY and HTTPS_PROXY set to {@code proxyUrl} (the audit's assumption when no
     * configuration names the proxy a capture shows in use); {@code source} says so wherever the entries are shown.
     */
    public ProxyConfig assumingProxy(String proxyUrl, String source) {
        Map<String, Value> v = new LinkedHashMap<>(values);
        v.put("HTTP_PROXY", new Value(proxyUrl, source));
        v.put("HTTPS_PROXY", new Value(proxyUrl, source));
        return new ProxyConfig(v, gitFileValues, extraProxies, goVersion, curlVersion, warnings);
    }

    /** The configuration as shown to users: values redacted, go.env defaults marked, versions last. */
    public List<ConfigEntry> entries() {
        List<ConfigEntry> out = new ArrayList<>();
        for (Map.Entry<String, Value> e : values.entrySet()) {
            out.add(new ConfigEntry(e.getKey(), Redaction.redact(e.getValue().raw()), e.getValue().source()));
        }
        for (Map.Entry<String, String> d : new TreeMap<>(GO_DEFAULTS).entrySet()) {
            if (nonEmpty(d.getKey()) == null) {
                out.add(new ConfigEntry(d.getKey(), d.getValue(), "default"));
            }
        }
        for (ProxyUrl p : extraProxies) {
            out.add(new ConfigEntry("proxy", p.redacted(), "--proxy"));
        }
        out.add(new ConfigEntry("go-version", goVersion.toString(), "model"));
        out.add(new ConfigEntry("curl-version", curlVersion.toString(), "model"));
        return out;
    }

    /** Collects assignments in precedence order; {@link #build()} makes the immutable config. */
    public static final class Builder implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        /** Largest env file read (a job's env file is a few KB). */
        public static final long MAX_ENV_FILE_BYTES = 4L * 1024 * 1024;

        private final Map<String, Value> values = new LinkedHashMap<>();
        private final List<ProxyUrl> extra = new ArrayList<>();
        private Version goVersion;
        private Version curlVersion;
        private long ignoredKeys;
        private final List<String> warnings = new ArrayList<>();
        private long warningsNotKept;

        /** The relevant variables of a process environment (others are not kept). */
        public Builder inherit(Map<String, String> env) {
            for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
                if (KEYS.contains(e.getKey()) || GIT_CONFIG_ENTRY.matcher(e.getKey()).matches()) {
                    put(e.getKey(), e.getValue(), "env");
                }
            }
            return this;
        }

        /** Reads one env file (see {@link EnvFileParser}); unknown variables are counted, not kept. */
        public Builder file(Path file) throws ConfigException {
            if (Files.isDirectory(file)) {
                throw new ConfigException(file + ": is a directory, not an env file");
            }
            Path name = file.getFileName();
            try (java.io.InputStream in = Files.newInputStream(file)) {
                return file(file.toString(), name == null ? file.toString() : name.toString(), in);
            } catch (IOException e) {
                throw new ConfigException(file + ": " + IoReason.of(e));
            }
        }

        /**
         * Reads one env file from a stream the caller opened (a sidecar on a Hadoop file system), as {@link #file(Path)}.
         *
         * @param file     the file as named in messages
         * @param fileName its last path element, named in each value's source ({@code capture.env:3})
         */
        public Builder file(String file, String fileName, java.io.InputStream in) throws ConfigException {
            byte[] bytes;
            try {
                bytes = in.readNBytes((int) MAX_ENV_FILE_BYTES + 1);
            } catch (IOException e) {
                throw new ConfigException(file + ": " + IoReason.of(e));
            }
            if (bytes.length > MAX_ENV_FILE_BYTES) {
                throw new ConfigException(file + ": env file larger than 4 MiB");
            }
            String text = utf8(file, bytes);
            for (EnvFileParser.Assignment a : EnvFileParser.parse(file, text)) {
                if (isModelled(a.key())) {
                    put(a.key(), a.value(), fileName + ":" + a.line());
                } else {
                    ignoredKeys++;
                }
            }
            return this;
        }

        /** The text of an env file; not UTF-8 is an error that says where (a shell would read other bytes). */
        private static String utf8(String file, byte[] bytes) throws ConfigException {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(in).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new ConfigException(file + ": not UTF-8 text (byte offset " + in.position() + ")");
            }
        }

        /**
         * An independent builder holding the same assignments so far, for layering per capture on a shared base
         * (the Spark job ships the command line's builder to its executors and copies it for each capture).
         */
        public Builder copy() {
            Builder b = new Builder();
            b.values.putAll(values);
            b.extra.addAll(extra);
            b.goVersion = goVersion;
            b.curlVersion = curlVersion;
            b.ignoredKeys = ignoredKeys;
            b.warnings.addAll(warnings);
            b.warningsNotKept = warningsNotKept;
            return b;
        }

        /**
         * {@code --env K=V}: wins over everything. A variable proxyaudit does not model is a warning (a job's
         * environment holds many), not an error; a malformed assignment or name is an error.
         */
        public Builder assign(String assignment) throws ConfigException {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--env " + Redaction.redact(assignment) + ": expected KEY=VALUE");
            }
            String key = assignment.substring(0, eq);
            if (!EnvFileParser.validKey(key)) {
                throw new ConfigException("--env " + abbreviate(Redaction.redact(key)) + ": not a variable name"
                        + " (letters, digits and _, not starting with a digit; or git.<key>)");
            }
            if (!isModelled(key)) {
                warn("--env " + key + ": not a variable proxyaudit models; ignored (known: proxy variables in upper and"
                        + " lower case, Go's GO* variables, GIT_SSH_COMMAND, GIT_SSH, GIT_CONFIG_*, git.<key>)");
                ignoredKeys++;
                return this;
            }
            put(key, assignment.substring(eq + 1), "--env");
            return this;
        }

        private static String abbreviate(String s) {
            return s.length() > 60 ? s.substring(0, 60) + "..." : s;
        }

        private void warn(String w) {
            if (warnings.size() < MAX_WARNINGS) {
                warnings.add(w);
            } else {
                warningsNotKept++;
            }
        }

        /** {@code --proxy URL}: a proxy known by address. */
        public Builder proxy(String url) throws ConfigException {
            ProxyUrl p = ProxyUrl.parseCurl(url.trim());
            if (p == null) {
                throw new ConfigException("--proxy " + Redaction.redact(url) + ": not a proxy URL (expected e.g. http://10.0.0.1:3128)");
            }
            extra.add(p);
            return this;
        }

        public Builder goVersion(Version v) {
            this.goVersion = v;
            return this;
        }

        public Builder curlVersion(Version v) {
            this.curlVersion = v;
            return this;
        }

        public Builder put(String key, String value, String source) {
            values.remove(key);
            values.put(key, new Value(value, source));
            return this;
        }

        /** Variables found in env files or {@code --env} that proxyaudit does not model (counted, not kept). */
        public long ignoredKeys() {
            return ignoredKeys;
        }

        public ProxyConfig build() {
            Version go = goVersion;
            if (go == null) {
                Value gv = values.get("GOVERSION");
                if (gv != null) {
                    try {
                        go = Version.parse(gv.raw().replaceFirst("^go", "").replaceAll("[^0-9.].*$", ""));
                    } catch (IllegalArgumentException e) {
                        go = null;
                    }
                }
            }
            Map<String, Value> gitFiles = new LinkedHashMap<>(values);
            gitFiles.keySet().removeIf(k -> !k.startsWith("git."));
            Map<String, Value> merged = new LinkedHashMap<>(values);
            mergeGitCommandLineConfig(merged);
            List<String> w = new ArrayList<>(warnings);
            if (warningsNotKept > 0) {
                w.add(warningsNotKept + " more configuration warnings");
            }
            return new ProxyConfig(merged, gitFiles, extra, go == null ? Version.DEFAULT_GO : go,
                    curlVersion == null ? Version.DEFAULT_CURL : curlVersion, w);
        }

        /**
         * git's command-line configuration from the environment as {@code git.<key>} entries that win over the
         * configuration files' (git config.c {@code git_config_from_parameters}: GIT_CONFIG_COUNT with
         * GIT_CONFIG_KEY_n/GIT_CONFIG_VALUE_n first, then GIT_CONFIG_PARAMETERS, the sq-quoted {@code 'key'='value'}
         * list that {@code git -c} passes to subprocesses; both in the command-line scope, read after every file).
         * What git refuses (a bogus count, a missing key) makes git stop; here it is a warning and the entries are
         * left out.
         */
        private void mergeGitCommandLineConfig(Map<String, Value> merged) {
            Value count = values.get("GIT_CONFIG_COUNT");
            if (count != null && !count.raw().isEmpty()) {
                int n = -1;
                try {
                    n = Integer.parseInt(count.raw());
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 0) {
                    warn("GIT_CONFIG_COUNT " + abbreviate(Redaction.redact(count.raw())) + " (" + count.source()
                            + "): not a count; git stops with 'bogus count in GIT_CONFIG_COUNT'; entries ignored");
                } else {
                    List<String[]> pairs = new ArrayList<>();
                    for (int i = 0; i < Math.min(n, MAX_GIT_CONFIG_ENTRIES); i++) {
                        Value k = values.get("GIT_CONFIG_KEY_" + i);
                        Value v = values.get("GIT_CONFIG_VALUE_" + i);
                        if (k == null || v == null) {
                            warn("GIT_CONFIG_COUNT " + n + ": GIT_CONFIG_" + (k == null ? "KEY_" : "VALUE_") + i
                                    + " is missing; git stops with 'missing config " + (k == null ? "key" : "value")
                                    + "'; entries ignored");
                            pairs.clear();
                            break;
                        }
                        pairs.add(new String[] {k.raw(), v.raw(), "GIT_CONFIG_KEY_" + i + " (" + k.source() + ")"});
                    }
                    if (n > MAX_GIT_CONFIG_ENTRIES) {
                        warn("GIT_CONFIG_COUNT " + n + ": only the first " + MAX_GIT_CONFIG_ENTRIES + " entries are read");
                    }
                    for (String[] p : pairs) {
                        putGit(merged, p[0], p[1], p[2]);
                    }
                }
            }
            Value params = values.get("GIT_CONFIG_PARAMETERS");
            if (params != null && !params.raw().isEmpty()) {
                List<String> words = ShellWords.split(params.raw());
                if (words == null) {
                    warn("GIT_CONFIG_PARAMETERS (" + params.source() + "): not a quoted 'key'='value' list; git stops"
                            + " with 'bogus format in GIT_CONFIG_PARAMETERS'; ignored");
                } else {
                    for (String w : words) {
                        int eq = w.indexOf('=');
                        putGit(merged, eq < 0 ? w : w.substring(0, eq), eq < 0 ? "" : w.substring(eq + 1),
                                "GIT_CONFIG_PARAMETERS (" + params.source() + ")");
                    }
                }
            }
        }

        private static void putGit(Map<String, Value> merged, String key, String value, String source) {
            String k = "git." + key.trim();
            if (!EnvFileParser.validKey(k)) {
                return;
            }
            // stored in git's canonical form (section and name lower case), which the selectors look up
            String canonical = gitKey(k);
            merged.keySet().removeIf(existing -> existing.startsWith("git.") && gitKey(existing).equals(canonical));
            merged.put(canonical, new Value(value, source));
        }
    }
}
