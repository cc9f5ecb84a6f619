package io.proxyaudit.audit;

import java.util.List;

/**
 * The configuration the audit assumed because none was given: no variable or git setting named a proxy, yet the
 * capture shows one in use. Direct fetches are then judged as if HTTP_PROXY and HTTPS_PROXY named the most used
 * proxy seen ({@link #proxy}), each client by its own rules, and their bypasses carry the reason code
 * {@code PROXY_SEEN_NOT_CONFIGURED}: a CI job that forgets to pass its environment must not pass.
 *
 * @param proxy           the proxy assumed (the most used one seen)
 * @param others          the other proxies seen, most used first
 * @param flowsNotJudged  flows beyond {@code --max-listed-flows}, judged before the proxy was known and so not under
 *                        the assumption (0 normally)
 */
public record ProxyAssumption(ProxySeen proxy, List<ProxySeen> others, long flowsNotJudged) {
    /** The reason code of a bypass judged under the assumption. */
    public static final String CODE = "PROXY_SEEN_NOT_CONFIGURED";

    /** The proxy URL the assumption puts in HTTP_PROXY and HTTPS_PROXY. */
    public String proxyUrl() {
        return "http://" + proxy.address();
    }

    /** The notice for the first line of a summary and the top of a report (plain ASCII; addresses only). */
    public String sentence() {
        // the address early: the summary's first line must name it (issue 17)
        StringBuilder b = new StringBuilder("No proxy configured, but proxy ").append(proxy.address())
                .append(" is in use in the capture (").append(String.join(", ", proxy.how())).append(", ")
                .append(proxy.flows()).append(proxy.flows() == 1 ? " flow" : " flows").append("). Pass the job's environment: --env-file FILE or --env HTTPS_PROXY=")
                .append(proxyUrl()).append(". Verdicts assume HTTP_PROXY and HTTPS_PROXY named it");
        if (!others.isEmpty()) {
            b.append("; other proxies seen: ");
            int shown = Math.min(others.size(), 5);
            for (int i = 0; i < shown; i++) {
                b.append(i == 0 ? "" : ", ").append(others.get(i).summary());
            }
            if (others.size() > shown) {
                b.append(" and ").append(others.size() - shown).append(" more");
            }
        }
        if (flowsNotJudged > 0) {
            b.append("; ").append(flowsNotJudged).append(" flows beyond --max-listed-flows were judged without it");
        }
        return b.append('.').toString();
    }

    /** The reason of a bypass judged under the assumption: what was assumed, then the client's own rule. */
    String reason(String clientReason) {
        return "no proxy configuration was given; assumed HTTP_PROXY=HTTPS_PROXY=" + proxyUrl()
                + " from the capture (a NO_PROXY the job had could exempt this): " + clientReason;
    }
}
