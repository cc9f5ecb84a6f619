package io.proxyaudit.client;

import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.HttpExchange;
import io.proxyaudit.policy.Role;
import io.proxyaudit.proto.tls.ClientHello;

/**
 * Which program most likely made a connection, from what the capture shows, strongest signal first:
 * <ol>
 *   <li>port: 22 to a VCS host is git over ssh, 9418 is git's own protocol;</li>
 *   <li>HTTP: a {@code Go-http-client} User-Agent is Go's client; a {@code git/} User-Agent, {@code /info/refs} or
 *       {@code git-upload-pack} is git over curl;</li>
 *   <li>TLS to a VCS host: the ClientHello's JA4 ({@link ClientFingerprints}: Go's crypto/tls vs libcurl);</li>
 *   <li>endpoint role: module-proxy, checksum-db, go-get, toolchain and api.bitbucket.org are cmd/go's requests,
 *       another VCS host is git over curl (over ssh on port 22);</li>
 *   <li>else {@link Client#OTHER}.</li>
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
    public static Client forFlow(FlowRecord f, ClientHello hello, Role role, String host, int port) {
        if (f.quic() != null) {
            return Client.OTHER; // Go's net/http, and so cmd/go, never speaks QUIC (net/http has no HTTP/3 transport)
        }
        if (port == 22 && role == Role.VCS) {
            return Client.GIT_SSH;
        }
        if (port == 9418) {
            return Client.GIT_DAEMON;
        }
        if (f.http() != null) {
            for (HttpExchange x : f.http()) {
                String ua = x.userAgent() == null ? "" : x.userAgent();
                if (ua.startsWith("Go-http-client")) {
                    return Client.GO_HTTP;
                }
                if (ua.startsWith("git/") || (x.target() != null && (x.target().contains("/info/refs")
                        || x.target().contains("git-upload-pack")))) {
                    return Client.GIT_HTTP;
                }
            }
        }
        if (role == Role.VCS && hello != null) {
            Client family = ClientFingerprints.family(hello.ja4());
            if (family != null) {
                return family;
            }
        }
        return switch (role) {
            case MODULE_PROXY, CHECKSUM_DB, GO_GET, TOOLCHAIN -> Client.GO_HTTP;
            case VCS -> host.equalsIgnoreCase("api.bitbucket.org") ? Client.GO_HTTP : port == 22 ? Client.GIT_SSH : Client.GIT_HTTP;
            default -> Client.OTHER;
        };
    }

    /**
     * The client that would connect to a looked-up name, from its role alone (a lookup shows nothing else):
     * git over curl for a VCS host other than api.bitbucket.org, else Go's client.
     *
     * @param name the queried name, lower case, without the trailing dot
     */
    public static Client forLookup(Role role, String name) {
        return role == Role.VCS && !name.equals("api.bitbucket.org") ? Client.GIT_HTTP : Client.GO_HTTP;
    }
}
