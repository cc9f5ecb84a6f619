package io.proxyaudit.client;

import io.proxyaudit.policy.GitProxySelector;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ProxyUrl;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;

/**
 * git over ssh: git runs ssh (git/git connect.c {@code git_connect} with {@code PROTO_SSH}), which reads no
 * proxy variable; only ssh's own ProxyCommand/ProxyJump route it. Often reached through
 * {@code url.<ssh base>.insteadOf https://...} (proxy-semantics.md §3.2).
 */
final class GitSshPolicy implements ClientPolicy {
    private final ProxyConfig config;
    private final GitProxySelector git;

    GitSshPolicy(ProxyConfig config, GitProxySelector git) {
        this.config = config;
        this.git = git;
    }

    @Override
    public Client client() {
        return Client.GIT_SSH;
    }

    @Override
    public RouteDecision route(Destination d) {
        return git.decideEffective("ssh://" + d.hostText() + "/");
    }

    @Override
    public String remediation(ReasonCode code, String host, int port) {
        if (code != ReasonCode.GIT_SSH_TRANSPORT) {
            return null;
        }
        for (String prefix : new String[] {"https://" + host + "/", "https://" + host}) {
            String key = git.rewriteKey(prefix + "x/y");
            if (key != null) {
                return "git config --global --unset " + key + "   # keep https:// remotes, which honour https_proxy";
            }
        }
        ProxyUrl p = ProxyUrl.parseCurl(SuggestedProxy.of(config));
        String hp = p == null ? "PROXYHOST:PORT" : p.host() + ":" + p.effectivePort();
        return "add to ~/.ssh/config: Host " + host + " ProxyCommand nc -X connect -x " + hp + " %h %p";
    }
}
