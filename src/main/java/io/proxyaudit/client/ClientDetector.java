package io.proxyaudit.client;

import io.proxyaudit.client.Attribution.Confidence;
import io.proxyaudit.client.Attribution.Evidence;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.HttpExchange;
import io.proxyaudit.policy.Role;
import io.proxyaudit.proto.tls.ClientHello;

/**
 * Which program most likely made a connection, from what the capture shows, strongest signal first:
 * <ol>
 *   <li>process (high): a pcapng packet comment naming the socket's process (ptcpdump; {@link ProcessNames});</li>
 *   <li>QUIC: never Go's net/http (it has no HTTP/3 transport), so {@link Client#OTHER};</li>
 *   <li>port (medium): 22 to a VCS host is git over ssh, 9418 is git's own protocol;</li>
 *   <li>user-agent (high): a User-Agent of a known family ({@link UserAgents});</li>
 *   <li>http-target (high): {@code /info/refs} or {@code git-upload-pack} is git's smart HTTP;</li>
 *   <li>ja4 (medium): the ClientHello's fingerprint ({@link ClientFingerprints}), measured with the real programs; on a
 *       VCS host it tells cmd/go from git; on a package ecosystem's host the ecosystem's client when the fingerprint
 *       is its runtime's (Java for Maven, Python for pip, Node for npm, Go for the Docker daemon), unless the whole JA4
 *       was measured only with another program of that runtime (Node's fetch, Java's HttpClient); elsewhere only a
 *       runtime's fingerprint (a Go or libcurl one is any Go or libcurl program, not cmd/go or git);</li>
 *   <li>endpoint (low): the destination's role ({@link #forRole});</li>
 *   <li>else {@link Client#OTHER}, evidence none.</li>
 * </ol>
 */
public final class ClientDetector {
    private ClientDetector() {}

    /**
     * @param hello the ClientHello the client sent to the origin (the tunnelled one for CONNECT), or null
     * @param role  the destination's endpoint role
     * @param host  the destination host (lower case)
     * @param port  the destination port
     */
    public static Attribution forFlow(FlowRecord f, ClientHello hello, Role role, String host, int port) {
        if (f.process() != null) {
            Attribution byProcess = ProcessNames.of(f.process(), port);
            if (byProcess != null) {
                return byProcess;
            }
        }
        if (f.quic() != null) {
            return new Attribution(Client.OTHER, Evidence.NONE, Confidence.LOW, null,
                    "QUIC: Go's net/http, and so cmd/go, never speaks it");
        }
        if (port == 22 && role == Role.VCS) {
            return new Attribution(Client.GIT_SSH, Evidence.PORT, Confidence.MEDIUM, "ssh", "ssh port 22 to a VCS host");
        }
        if (port == 9418) {
            return new Attribution(Client.GIT_DAEMON, Evidence.PORT, Confidence.MEDIUM, "git", "git protocol port 9418");
        }
        Client byRole = forRole(role, host, port);
        if (f.http() != null) {
            for (HttpExchange x : f.http()) {
                Attribution byAgent = UserAgents.of(x.userAgent(), byRole);
                if (byAgent != null) {
                    return byAgent;
                }
            }
            for (HttpExchange x : f.http()) {
                if (x.target() != null && (x.target().contains("/info/refs") || x.target().contains("git-upload-pack"))) {
                    return new Attribution(Client.GIT_HTTP, Evidence.HTTP_TARGET, Confidence.HIGH, "git",
                            "git smart-HTTP request " + x.target());
                }
            }
        }
        Client family = hello == null ? null : ClientFingerprints.family(hello.ja4());
        if (family != null) {
            Client chosen = null;
            if (role == Role.VCS) {
                // libcurl with OpenSSL sends the curl command's hello, and git links it on most distributions other
                // than Debian (whose git uses libcurl-gnutls): on a VCS host it does not rule git out
                chosen = family == Client.CURL ? null : family;
            } else if (isEcosystem(role)) {
                Client only = ClientFingerprints.only(hello.ja4());
                if (only != null && only != byRole && !isFetcherOfItsOwnHosts(only)
                        && ClientFingerprints.sharesStack(byRole, family) && ClientFingerprints.measured(byRole)) {
                    // the ecosystem's stack, but a hello the lab saw only from another program of it (Node's fetch
                    // beside npm on the npm registry, Java's HttpClient beside Maven on Maven Central)
                    return new Attribution(only, Evidence.JA4, Confidence.MEDIUM, null, "JA4 " + hello.ja4() + " ("
                            + only.wire() + ": the only program measured with it)");
                }
                // another runtime's hello: not the ecosystem's client; a Go or libcurl one is some Go or libcurl program
                chosen = ClientFingerprints.sharesStack(byRole, family) ? byRole
                        : family == Client.GO_HTTP || family == Client.GIT_HTTP ? Client.OTHER : family;
            } else if (role == Role.OTHER && family != Client.GO_HTTP && family != Client.GIT_HTTP) {
                chosen = family;
            }
            if (chosen != null) {
                return new Attribution(chosen, Evidence.JA4, Confidence.MEDIUM, null, "JA4 " + hello.ja4() + " ("
                        + family.wire() + ")");
            }
        }
        if (byRole != Client.OTHER) {
            return new Attribution(byRole, Evidence.ENDPOINT, Confidence.LOW, null, "endpoint " + host + " ("
                    + role.wire() + ")");
        }
        return new Attribution(Client.OTHER, Evidence.NONE, Confidence.LOW, null, "nothing names the program");
    }

    /**
     * The client a destination's role suggests: cmd/go for the Go roles and api.bitbucket.org, git for another VCS
     * host (over ssh on port 22), each ecosystem's client for its registry, else {@link Client#OTHER}.
     */
    public static Client forRole(Role role, String host, int port) {
        return switch (role) {
            case MODULE_PROXY, CHECKSUM_DB, GO_GET, TOOLCHAIN -> Client.GO_HTTP;
            case VCS -> "api.bitbucket.org".equalsIgnoreCase(host) ? Client.GO_HTTP : port == 22 ? Client.GIT_SSH : Client.GIT_HTTP;
            case PYTHON_INDEX -> Client.PIP;
            case NPM_REGISTRY -> Client.NPM;
            case MAVEN_REPOSITORY -> Client.MAVEN;
            case GRADLE -> Client.GRADLE;
            case CRATES_REGISTRY -> Client.CARGO;
            case CONTAINER_REGISTRY -> Client.DOCKER;
            default -> Client.OTHER;
        };
    }

    /**
     * The client that would connect to a looked-up name, from its role alone (a lookup shows nothing else):
     * git over curl for a VCS host other than api.bitbucket.org, an ecosystem's client for its registry, else Go's
     * client.
     *
     * @param name the queried name, lower case, without the trailing dot
     */
    public static Client forLookup(Role role, String name) {
        Client c = forRole(role, name, 443);
        return c == Client.OTHER ? Client.GO_HTTP : c;
    }

    /**
     * cmd/go and git fetch from module proxies and VCS hosts only: their hello on a registry is another program of
     * their stack (containerd or crane on Docker Hub beside the measured dockerd), not them.
     */
    private static boolean isFetcherOfItsOwnHosts(Client c) {
        return c == Client.GO_HTTP || c == Client.GIT_HTTP;
    }

    private static boolean isEcosystem(Role role) {
        return switch (role) {
            case PYTHON_INDEX, NPM_REGISTRY, MAVEN_REPOSITORY, GRADLE, CRATES_REGISTRY, CONTAINER_REGISTRY -> true;
            default -> false;
        };
    }
}
