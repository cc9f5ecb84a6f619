package io.proxyaudit.client;

import io.proxyaudit.policy.GitProxySelector;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ProxyUrl;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.RouteDecision;
import java.util.ArrayList;
import java.util.List;
import io.proxyaudit.policy.SshCommand;

/**
 * git over ssh: git runs ssh (git/git connect.c {@code git_connect} with {@code PROTO_SSH}), which reads no
 * proxy variable; only ssh's own ProxyCommand/ProxyJump route it. Often reached through
 * {@code url.<ssh base>.insteadOf https://...} (proxy-semantics.md §3.2). The ssh command is the one git runs
 * ({@link SshCommand}: GIT_SSH_COMMAND, core.sshCommand, GIT_SSH); a ProxyCommand or ProxyJump in it sends the
 * connection through the proxy or jump host. ~/.ssh/config is not part of the configuration proxyaudit sees.
 */
final class GitSshPolicy implements ClientPolicy {
    /** Said wherever the route rests on the command line alone. */
    static final String SSH_CONFIG_UNSEEN = "~/.ssh/config and /etc/ssh/ssh_config can also hold a ProxyCommand or"
            + " ProxyJump for the host, which proxyaudit cannot see";

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
        SshCommand cmd = SshCommand.of(config);
        SshCommand.Hop hop = cmd.hop();
        if (hop == null) {
            RouteDecision base = git.decideEffective("ssh://" + d.hostText() + "/");
            return new RouteDecision(base.route(), base.proxyUrl(), base.reasonCode(), base.reason() + "; "
                    + cmd.describe() + "; " + SSH_CONFIG_UNSEEN);
        }
        boolean jump = hop.option().equals("ProxyJump") || (hop.target() != null && hop.target().scheme().equals("ssh"));
        String via = hop.target() == null ? "its ProxyCommand (where it connects is not known to proxyaudit)"
                : "the " + hop.target().kind() + " " + hop.target().hostPort();
        return new RouteDecision(RouteDecision.Kind.PROXY, hop.target() == null ? "ProxyCommand" : hop.target().url(),
                jump ? ReasonCode.GIT_SSH_PROXY_JUMP : ReasonCode.GIT_SSH_PROXY_COMMAND,
                cmd.describe() + ": ssh reaches " + d.hostText() + " through " + via + ", not directly");
    }

    /**
     * An {@code insteadOf} that turned an https:// remote into ssh is undone (with a git proxy when https would then
     * still go direct): the fetch goes back to git over curl, which reads the proxy. Otherwise no variable can help.
     */
    @Override
    public Remedy remedy(ReasonCode code, Destination d) {
        if (code == ReasonCode.GIT_SSH_PROXY_NOT_USED) {
            return Remedy.configured("run the job's git with the audited ssh command (" + SshCommand.of(config).source()
                    + "): the ssh that connected to " + d.host() + ":" + d.port() + " directly had no ProxyCommand");
        }
        if (code != ReasonCode.GIT_SSH_TRANSPORT) {
            return null;
        }
        SuggestedProxy proxy = SuggestedProxy.forCurl(config);
        for (String prefix : new String[] {"https://" + d.host() + "/", "https://" + d.host()}) {
            String key = git.rewriteKey(prefix + "x/y");
            if (key != null) {
                List<Remedy.Change> changes = new ArrayList<>();
                changes.add(new Remedy.Change("git." + key, null));
                String https = "https://" + d.hostText() + "/x/y";
                ProxyConfig after = config.with("git." + key, null);
                RouteDecision r = new GitProxySelector(after).decide(https);
                String comment = "keep https:// remotes, which honour https_proxy";
                if (r.route() != RouteDecision.Kind.PROXY && (r.reasonCode() == null || !r.reasonCode().isExempt())) {
                    changes.add(new Remedy.Change("git.http.proxy", proxy.url()));
                    comment = proxy.comment(comment);
                    r = new GitProxySelector(after.with("git.http.proxy", Remedy.checkable(proxy.url()))).decide(https);
                }
                return new Remedy(Remedy.Kind.CHANGES, changes, null, comment).notingExemption(r);
            }
        }
        ProxyUrl p = ProxyUrl.parseCurl(proxy.url());
        String hp = p == null || proxy.url().equals(Remedy.PLACEHOLDER) ? "PROXYHOST:PORT" : p.host() + ":" + p.effectivePort();
        return Remedy.noVariable("add to ~/.ssh/config: Host " + d.host() + " ProxyCommand nc -X connect -x " + hp + " %h %p",
                "ssh reads no proxy variable");
    }
}
