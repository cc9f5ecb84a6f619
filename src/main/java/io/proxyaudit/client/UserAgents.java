package io.proxyaudit.client;

/**
 * The program behind an HTTP User-Agent, for the families whose format is fixed in the program's source (a
 * program can be told to send another one; the first match counts). Each prefix and where the program builds it:
 * <ul>
 *   <li>{@code Go-http-client/1.1}, {@code /2.0}: Go net/http request.go {@code defaultUserAgent}, h2_bundle.go. It is
 *       also on the CONNECT every Go program sends to a proxy (transport.go {@code dialConn} writes the CONNECT
 *       request without a User-Agent of its own), so on a container registry it is the Docker daemon's: dockerd's
 *       {@code docker/...} User-Agent goes only on the requests inside the tunnel (v2-docker-daemon-proxy shows it);</li>
 *   <li>{@code git/2.39.5}: git version.c {@code git_user_agent}, set by http.c {@code get_curl_handle};</li>
 *   <li>{@code curl/7.88.1}: curl src/tool_operate.c ({@code CURL_NAME "/" CURL_VERSION});
 *       {@code Wget/1.21.3}: wget src/http.c;</li>
 *   <li>{@code pip/23.0.1 {json}}: pip _internal/network/session.py {@code user_agent};</li>
 *   <li>{@code npm/9.2.0 node/v18.13.0 linux x64 workspaces/false}: npm's {@code user-agent} config default
 *       (@npmcli/config definitions);</li>
 *   <li>{@code Apache-Maven/3.8.7 (Java 17.0.9; Linux 6.1.0)}: maven-core
 *       {@code DefaultRepositorySystemSessionFactory.getUserAgent};</li>
 *   <li>{@code Gradle/8.5 (Linux;6.1.0;amd64) (...)}: Gradle {@code UriTextResource} user agent;
 *       {@code gradlew/8.5 (...)}: the wrapper's {@code Download.calculateUserAgent};</li>
 *   <li>{@code cargo/1.70.0 (...)}, before 1.71 {@code cargo 1.65.0 (...)}: cargo src/cargo/util/network/http.rs
 *       {@code configure_http_handle}; {@code cargo} alone: its GitHub fast path to api.github.com (cargo
 *       src/cargo/sources/git/utils.rs {@code github_fast_path}, {@code handle.useragent("cargo")});
 *       {@code git/1.0 (git2-curl 0.17.0)}: cargo's git index fetch over libgit2 with the git2-curl transport
 *       (git2-rs git2-curl/src/lib.rs {@code CurlSubtransport::execute}), not git;</li>
 *   <li>{@code docker/24.0.7 go/go1.20.10 ... UpstreamClient(Docker-Client/24.0.7 (linux))}: the daemon's registry
 *       requests, moby dockerversion/useragent.go {@code DockerUserAgent}; {@code Docker-Client/}: the docker CLI;
 *       {@code containerd/}: containerd's resolver;</li>
 *   <li>{@code python-requests/2.28.1}: requests utils.py {@code default_user_agent}; {@code Python-urllib/3.11}:
 *       urllib/request.py {@code OpenerDirector}; {@code python-urllib3/}: urllib3 {@code _get_default_user_agent};
 *       {@code python-httpx/}: httpx;</li>
 *   <li>{@code undici} (Node 18, 20) and {@code node} (Node 21 and later): the built-in fetch, undici
 *       lib/web/fetch/index.js {@code httpNetworkOrCacheFetch}; {@code node-fetch/1.0}: node-fetch;</li>
 *   <li>{@code Java/17.0.9}: the JDK's HttpURLConnection (sun.net.www.protocol.http.HttpURLConnection,
 *       {@code "Java/" + version} after {@code http.agent}); {@code Java-http-client/17.0.9}: java.net.http
 *       (jdk.internal.net.http.HttpRequestImpl); {@code Apache-HttpClient/}, {@code okhttp/}: JVM libraries.
 *       Maven 3.8's wagon-http sets {@code Apache-Maven/} on each request only: the CONNECT it sends to a proxy
 *       carries Apache HttpClient 4.5's default {@code Apache-HttpClient/4.5.14 (Java/17.0.15)} (httpclient
 *       {@code HttpClientBuilder.build}: the proxy exec chain's {@code RequestUserAgent(userAgentCopy)}), so on a
 *       Maven repository that User-Agent is Maven's (r2-registries-jvm-properties shows it).</li>
 * </ul>
 */
final class UserAgents {
    /**
     * A family: the User-Agent starts with {@code prefix} (or equals it when {@code exact}); {@code library}: the
     * client it is on its own ecosystem's host, whose requests go out through this library (null: none).
     */
    private record Family(String prefix, boolean exact, Client client, String program, Client library) {
        Family(String prefix, boolean exact, Client client, String program) {
            this(prefix, exact, client, program, null);
        }
    }

    private static final Family[] FAMILIES = {
        new Family("Go-http-client/", false, Client.GO_HTTP, "go", Client.DOCKER),
        new Family("git/1.0 (git2-curl ", false, Client.CARGO, "cargo"),
        new Family("git/", false, Client.GIT_HTTP, "git"),
        new Family("curl/", false, Client.CURL, "curl"),
        new Family("Wget/", false, Client.OTHER, "wget"),
        new Family("pip/", false, Client.PIP, "pip"),
        new Family("npm/", false, Client.NPM, "npm"),
        new Family("Apache-Maven/", false, Client.MAVEN, "maven"),
        new Family("Gradle/", false, Client.GRADLE, "gradle"),
        new Family("gradlew/", false, Client.GRADLE, "gradle"),
        new Family("cargo/", false, Client.CARGO, "cargo"),
        new Family("cargo ", false, Client.CARGO, "cargo"),
        new Family("cargo", true, Client.CARGO, "cargo"),
        new Family("docker/", false, Client.DOCKER, "docker"),
        new Family("Docker-Client/", false, Client.DOCKER, "docker"),
        new Family("containerd/", false, Client.DOCKER, "containerd"),
        new Family("python-requests/", false, Client.PYTHON, "python"),
        new Family("Python-urllib/", false, Client.PYTHON, "python"),
        new Family("python-urllib3/", false, Client.PYTHON, "python"),
        new Family("python-httpx/", false, Client.PYTHON, "python"),
        new Family("undici", true, Client.NODE, "node"),
        new Family("node", true, Client.NODE, "node"),
        new Family("node-fetch/", false, Client.NODE, "node"),
        new Family("Java/", false, Client.JAVA, "java"),
        new Family("Java-http-client/", false, Client.JAVA, "java"),
        new Family("Apache-HttpClient/", false, Client.JAVA, "java", Client.MAVEN),
        new Family("okhttp/", false, Client.JAVA, "java"),
    };

    private UserAgents() {}

    /** The program a User-Agent names, or null when it is none of the families. */
    static Attribution of(String userAgent) {
        return of(userAgent, null);
    }

    /**
     * The program a User-Agent names on a host whose role suggests {@code onHost} (null: none), or null when it is
     * none of the families: a library's User-Agent on the host of the ecosystem whose client uses that library is
     * that client's, with medium confidence (the library names itself, not the program).
     */
    static Attribution of(String userAgent, Client onHost) {
        if (userAgent == null) {
            return null;
        }
        for (Family f : FAMILIES) {
            if (f.exact() ? userAgent.equals(f.prefix()) : userAgent.startsWith(f.prefix())) {
                if (onHost != null && f.library() == onHost) {
                    return new Attribution(onHost, Attribution.Evidence.USER_AGENT, Attribution.Confidence.MEDIUM,
                            onHost.wire(), "User-Agent " + userAgent + " (the HTTP library " + onHost.label()
                            + " sends its proxy CONNECT with)");
                }
                return new Attribution(f.client(), Attribution.Evidence.USER_AGENT, Attribution.Confidence.HIGH,
                        f.program(), "User-Agent " + userAgent);
            }
        }
        return null;
    }
}
