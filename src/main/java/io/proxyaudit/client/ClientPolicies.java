package io.proxyaudit.client;

import io.proxyaudit.policy.GitProxySelector;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import java.util.EnumMap;
import java.util.Map;

/** Every client's policy under one configuration: the registration point of {@link ClientPolicy} implementations. */
public final class ClientPolicies {
    private final ProxyConfig config;
    private final Map<Client, ClientPolicy> byClient = new EnumMap<>(Client.class);

    private ClientPolicies(ProxyConfig config) {
        this.config = config;
        GitProxySelector git = new GitProxySelector(config);
        register(new GoHttpPolicy(config));
        register(new GitHttpPolicy(config, git));
        register(new GitSshPolicy(config, git));
        register(new GitDaemonPolicy(git));
        register(new OtherPolicy(config));
    }

    public static ClientPolicies of(ProxyConfig config) {
        return new ClientPolicies(config);
    }

    private void register(ClientPolicy p) {
        byClient.put(p.client(), p);
    }

    /** The rules of {@code client}; {@link Client#NONE} makes no request and has none. */
    public ClientPolicy policy(Client client) {
        ClientPolicy p = byClient.get(client);
        if (p == null) {
            throw new IllegalArgumentException("no proxy rules for client " + client.wire());
        }
        return p;
    }

    /**
     * The line to copy that removes a bypass: the client's own fix for its rule, else the common one for the
     * audit's codes. {@code code} is a {@link ReasonCode} name; an unknown one gets the generic HTTPS_PROXY line.
     */
    public String remediation(Client client, String code, String host, int port) {
        ReasonCode rc;
        try {
            rc = ReasonCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            return "export HTTPS_PROXY=" + SuggestedProxy.of(config);
        }
        ClientPolicy p = client == null ? null : byClient.get(client);
        String fix = p == null ? null : p.remediation(rc, host, port);
        return fix != null ? fix : CommonRemedies.remediation(config, rc, host, port);
    }
}
