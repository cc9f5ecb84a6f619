package io.proxyaudit.client;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ProxyUrl;
import java.util.List;

/** The proxy a remediation line recommends, redacted: put the password back. */
final class SuggestedProxy {
    private SuggestedProxy() {}

    /** HTTPS_PROXY, else HTTP_PROXY, ALL_PROXY (upper case first), a git proxy, a {@code --proxy}; else a placeholder. */
    static String of(ProxyConfig config) {
        for (String k : new String[] {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"}) {
            String v = config.nonEmpty(k);
            if (v != null) {
                ProxyUrl p = ProxyUrl.parseCurl(v);
                if (p != null) {
                    return p.redacted();
                }
            }
        }
        List<ProxyUrl> known = config.knownProxies();
        return known.isEmpty() ? "http://PROXYHOST:PORT" : known.get(0).redacted();
    }
}
