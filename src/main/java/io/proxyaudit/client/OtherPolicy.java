package io.proxyaudit.client;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;

/**
 * A program proxyaudit does not recognise: judged by the common environment rules, which are Go's
 * ({@link GoHttpPolicy}); its findings say it is neither a Go nor a git client. Also the rules of a known client
 * whose own policy is not written yet.
 */
final class OtherPolicy implements ClientPolicy {
    private final Client client;
    private final GoHttpPolicy common;

    OtherPolicy(ProxyConfig config) {
        this(Client.OTHER, config);
    }

    OtherPolicy(Client client, ProxyConfig config) {
        this.client = client;
        this.common = new GoHttpPolicy(config);
    }

    @Override
    public Client client() {
        return client;
    }

    @Override
    public RouteDecision route(Destination d) {
        return common.route(d);
    }

    @Override
    public Remedy remedy(ReasonCode code, Destination d) {
        if (client != Client.OTHER) {
            return null; // a known client without its own rules yet owns no code: the common fix applies
        }
        if (code == ReasonCode.NOT_GO_OR_GIT_CLIENT) {
            return Remedy.noVariable("configure the proxy in the program connecting to " + d.host() + ":" + d.port()
                    + " (it ignores the proxy variables), or block direct egress to it", null);
        }
        if (code == ReasonCode.QUIC_BYPASS) {
            return Remedy.noVariable("turn HTTP/3 off in the client (curl: no --http3; Chromium: --disable-quic) or"
                    + " block outbound UDP 443 so it falls back to TCP", "no proxy variable sends QUIC through a proxy");
        }
        return common.remedy(code, d);
    }
}
