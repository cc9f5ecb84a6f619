package io.proxyaudit.flow;

/**
 * An HTTP CONNECT on a connection (RFC 9110 §9.3.6): the requested authority and the proxy's answer
 * (0 when none was captured). {@code targetHost}/{@code targetPort} are parsed from the authority.
 */
public record ConnectInfo(String target, String targetHost, int targetPort, int status, String proxyAuthScheme) {}
