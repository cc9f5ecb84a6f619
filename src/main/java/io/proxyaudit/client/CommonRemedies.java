package io.proxyaudit.client;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;

/** Fixes for the audit's own reason codes, which no single client's rules produce. */
final class CommonRemedies {
    private CommonRemedies() {}

    static String remediation(ProxyConfig config, ReasonCode code, String host, int port) {
        String proxy = SuggestedProxy.of(config);
        return switch (code) {
            case DNS_LOOKUP_WHILE_PROXIED -> "find the process resolving " + host + ": it connects directly; run it with"
                    + " HTTPS_PROXY=" + proxy + " (and https_proxy for git)";
            case CLIENT_IGNORED_PROXY -> "run the build with the audited environment, e.g. export HTTPS_PROXY=" + proxy;
            default -> "export HTTPS_PROXY=" + proxy;
        };
    }
}
