package io.proxyaudit.client;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ProxyUrl;
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
                    + audited(config, variable) + "=" + proxy.url());
            // the job's configuration was not given: set the proxy the capture shows (or pass the job's environment)
            case PROXY_SEEN_NOT_CONFIGURED -> Remedy.set(variable, proxy.url(), proxy.comment("the proxy seen in the"
                    + " capture; if the job set one, pass its environment to proxyaudit: --env-file FILE"));
            case SOCKS_LOCAL_RESOLUTION -> remoteResolution(config);
            default -> Remedy.set(variable, proxy.url(), proxy.comment(null));
        };
    }

    /**
     * The variable of the audited environment to name: the lower-case one when it is set, which every modelled client
     * reads (curl and git read only {@code http_proxy} for http://, lib/url.c detect_proxy; Go and Python read both),
     * else {@code upper}.
     */
    private static String audited(ProxyConfig config, String upper) {
        String lower = upper.toLowerCase(java.util.Locale.ROOT);
        return config.nonEmpty(lower) != null ? lower : upper;
    }

    /** The proxy variables and git setting in the order curl and git read them (semantics doc §3.1). */
    private static final String[] SOCKS_KEYS = {"git.http.proxy", "https_proxy", "HTTPS_PROXY", "http_proxy",
        "all_proxy", "ALL_PROXY", "HTTP_PROXY"};

    /**
     * socks5:// and socks4:// make curl (and git) resolve the name locally (lib/socks.c); socks5h:// and socks4a://
     * hand the name to the proxy. The fix changes the scheme of the configured SOCKS proxy, its credentials redacted.
     */
    private static Remedy remoteResolution(ProxyConfig config) {
        for (String k : SOCKS_KEYS) {
            String v = config.nonEmpty(k);
            ProxyUrl p = v == null ? null : ProxyUrl.parseCurl(v.trim());
            if (p != null && (p.scheme().equals("socks5") || p.scheme().equals("socks4"))) {
                ProxyUrl remote = new ProxyUrl(p.scheme().equals("socks5") ? "socks5h" : "socks4a", p.user(),
                        p.hasUserInfo(), p.host(), p.port(), null);
                return Remedy.set(k, remote.redacted(), "the proxy resolves the name; the local resolver never sees it");
            }
        }
        return Remedy.configured("give the SOCKS proxy as socks5h:// (socks4a://) instead of socks5:// (socks4://): the"
                + " proxy then resolves the name and the local resolver never sees it");
    }
}
