package io.proxyaudit.client;

import io.proxyaudit.policy.GitProxySelector;
import java.util.Locale;

/**
 * The programs whose proxy rules proxyaudit knows. Each one has a {@link ClientPolicy} (its route decision and
 * its remediation, see {@link ClientPolicies}) and is recognised in a capture by {@link ClientDetector}. The
 * wire name is what every output prints ({@code client} in NDJSON, {@code explain}); it is an API. The label is
 * the name in sentences (the terminal summary).
 */
public enum Client {
    /** Go's net/http as cmd/go uses it for its own requests: module proxy, checksum database, {@code ?go-get=1}, api.bitbucket.org. */
    GO_HTTP("go-http", "go"),
    /** git over http(s): libcurl with git's own configuration on top (git http.c). */
    GIT_HTTP("git-curl", "git (curl)"),
    /** git over ssh (ssh://, scp-like {@code host:path}): runs ssh, which reads no proxy variable. */
    GIT_SSH("git-ssh", "git (ssh)"),
    /** git's own protocol (git://, port 9418): only core.gitProxy / GIT_PROXY_COMMAND apply. */
    GIT_DAEMON("git-daemon", "git-daemon"),
    /** pip (its vendored requests/urllib3, plus {@code --proxy}, {@code PIP_PROXY} and pip.conf). */
    PIP("pip", "pip"),
    /** Python's urllib.request or requests outside pip. */
    PYTHON("python", "Python"),
    /** the npm command (its own proxy, https-proxy and noproxy configuration). */
    NPM("npm", "npm"),
    /** Node.js itself: its built-in fetch (undici) and https module. */
    NODE("node", "Node.js"),
    /** Apache Maven (the JVM's proxy properties and settings.xml proxies). */
    MAVEN("maven", "Maven"),
    /** Gradle (the JVM's proxy properties, systemProp.* in gradle.properties). */
    GRADLE("gradle", "Gradle"),
    /** Another program on the JVM: the JVM's proxy system properties only. */
    JAVA("java", "Java"),
    /** cargo (http.proxy, CARGO_HTTP_PROXY, then libcurl's environment rules). */
    CARGO("cargo", "cargo"),
    /** Docker image pulls, made by the daemon with the daemon's environment, not the client's. */
    DOCKER("docker", "Docker"),
    CURL("curl", "curl"),
    /** A program none of the others: judged by the common environment rules (Go's), its findings say so. */
    OTHER("other", "another client"),
    /** No program, no request: a fetch-plan step that stops or skips ({@code explain}). */
    NONE("none", "none");

    private final String wire;
    private final String label;

    Client(String wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    /** The name used in every output format. */
    public String wire() {
        return wire;
    }

    /** The name in sentences for people (the terminal summary's findings: "by go, ..."). */
    public String label() {
        return label;
    }

    /**
     * The git transport for the URL git actually connects to (after {@code insteadOf}): ssh for {@code ssh://},
     * {@code git+ssh://}, {@code ssh+git://} and scp-like {@code [user@]host:path}, the git protocol for
     * {@code git://}, else curl (git transport.c {@code transport_get}, connect.c {@code parse_connect_url}).
     */
    public static Client gitTransport(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ssh://") || lower.startsWith("git+ssh://") || lower.startsWith("ssh+git://")
                || GitProxySelector.isScpLike(url)) {
            return GIT_SSH;
        }
        return lower.startsWith("git://") ? GIT_DAEMON : GIT_HTTP;
    }
}
