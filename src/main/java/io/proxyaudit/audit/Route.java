package io.proxyaudit.audit;

/** How a connection actually went: to a proxy (CONNECT tunnel, absolute-URI request) or to the destination. */
public enum Route {
    PROXY("proxy"),
    DIRECT("direct");

    private final String wire;

    Route(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
