package io.proxyaudit.client;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;

/** Fixes for the audit's own reason codes, which no single client's rules produce. */
final class CommonRemedies {
    private CommonRemedies() {}

    static Remedy remedy(ProxyConfig config, ReasonCode code, Destination d) {
        SuggestedProxy proxy = SuggestedProxy.forGo(config);
        String variable = d.scheme().equals("http") ? "HTTP_PROXY" : "HTTPS_PROXY";
        return switch (code) {
            // the rules already send it through the proxy: the fix is the environment, not a new value
            case DNS_LOOKUP_WHILE_PROXIED -> Remedy.configured("find the process resolving " + d.host() + ": it connects"
                    + " directly; run it with HTTPS_PROXY=" + proxy.url() + " (and https_proxy for git)");
            case CLIENT_IGNORED_PROXY -> Remedy.configured("run the build with the audited environment, e.g. export "
                    + variable + "=" + proxy.url());
            // the job's configuration was not given: set the proxy the capture shows (or pass the job's environment)
            case PROXY_SEEN_NOT_CONFIGURED -> Remedy.set(variable, proxy.url(), proxy.comment("the proxy seen in the"
                    + " capture; if the job set one, pass its environment to proxyaudit: --env-file FILE"));
            default -> Remedy.set(variable, proxy.url(), proxy.comment(null));
        };
    }
}
