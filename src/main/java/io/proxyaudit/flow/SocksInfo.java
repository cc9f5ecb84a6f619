package io.proxyaudit.flow;

import io.proxyaudit.proto.socks.SocksRequest;

/** A SOCKS request on a connection and the proxy's answer ({@code status} null when none was captured). */
public record SocksInfo(SocksRequest request, String status) {}
