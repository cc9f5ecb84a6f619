package io.proxyaudit.proto.socks;

/**
 * A SOCKS request: the target the client asked the proxy to connect to.
 *
 * @param version         {@code 5}, {@code 4} or {@code 4a} (SOCKS4 with the name sent to the proxy)
 * @param command         {@code connect}, {@code bind}, {@code udp-associate}, or the code in hex
 * @param host            the target: a name (SOCKS5 domain, SOCKS4a) or an IP literal
 * @param hostIsName      true when the proxy resolves the name (what socks5h:// and socks4a:// ask for)
 * @param port            the target port
 * @param auth            SOCKS5 method the server chose or the client offered ({@code none},
 *                        {@code username-password}, {@code gssapi}, ...); {@code userid} for SOCKS4 with a user id
 * @param credentialsSent a user name and password (SOCKS5, RFC 1929) or a SOCKS4 user id was sent; never kept
 */
public record SocksRequest(String version, String command, String host, boolean hostIsName, int port, String auth,
        boolean credentialsSent) {}
