package io.proxyaudit.client;

import io.proxyaudit.policy.GitProxySelector;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;

/**
 * git's own protocol (git://, port 9418): git/git connect.c {@code git_use_proxy} consults only core.gitProxy
 * and GIT_PROXY_COMMAND (Documentation/config/core.adoc); HTTP proxy variables are ignored.
 */
final class GitDaemonPolicy implements ClientPolicy {
    private final GitProxySelector git;

    GitDaemonPolicy(GitProxySelector git) {
        this.git = git;
    }

    @Override
    public Client client() {
        return Client.GIT_DAEMON;
    }

    @Override
    public RouteDecision route(Destination d) {
        return git.decideEffective("git://" + d.hostText() + "/");
    }

    @Override
    public Remedy remedy(ReasonCode code, Destination d) {
        return code == ReasonCode.GIT_DAEMON_TRANSPORT
                ? Remedy.noVariable("git config --global core.gitProxy '<proxy command> for " + d.host() + "'",
                        "no proxy variable reaches git://; or use an https:// remote")
                : null;
    }
}
