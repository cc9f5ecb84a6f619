package io.proxyaudit.policy;

/**
 * What a client does with one URL under a configuration.
 *
 * @param route      {@link Kind#PROXY}, {@link Kind#DIRECT} or {@link Kind#ERROR} (the request fails before connecting)
 * @param proxyUrl   the proxy, credentials redacted, or null
 * @param reasonCode stable code
 * @param reason     plain words, naming the variable or rule that decided
 */
public record RouteDecision(Kind route, String proxyUrl, ReasonCode reasonCode, String reason) {
    public enum Kind {
        PROXY("proxy"),
        DIRECT("direct"),
        ERROR("error"),
        /** No network at all (a {@code file://} GOPROXY entry, a step that is skipped). */
        NONE("none");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public static RouteDecision proxy(ProxyUrl p, ReasonCode code, String reason) {
        return new RouteDecision(Kind.PROXY, p.redacted(), code, reason);
    }

    public static RouteDecision direct(ReasonCode code, String reason) {
        return new RouteDecision(Kind.DIRECT, null, code, reason);
    }

    public static RouteDecision none(ReasonCode code, String reason) {
        return new RouteDecision(Kind.NONE, null, code, reason);
    }

    public static RouteDecision error(ReasonCode code, String reason) {
        return new RouteDecision(Kind.ERROR, null, code, reason);
    }
}
