package io.proxyaudit.client;

import io.proxyaudit.flow.ProcessInfo;
import io.proxyaudit.policy.GitProxySelector;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.PythonProxySelector;
import io.proxyaudit.policy.ReasonCode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every client's policy under one configuration: the registration point of {@link ClientPolicy} implementations. */
public final class ClientPolicies {
    private final ProxyConfig config;
    private final Map<Client, ClientPolicy> byClient = new EnumMap<>(Client.class);
    /**
     * The policies under this configuration with some settings changed (a fix applied, a process's own option), by
     * the changes: a capture's findings share a handful of fixes, and building every policy again per finding was
     * most of the findings' cost on 1 GB.
     */
    private final Map<String, ClientPolicies> afterFix = new HashMap<>();
    private static final int MAX_AFTER_FIX = 64;

    private ClientPolicies(ProxyConfig config) {
        this.config = config;
        GitProxySelector git = new GitProxySelector(config);
        register(new GoHttpPolicy(config));
        register(new GitHttpPolicy(config, git));
        register(new GitSshPolicy(config, git));
        register(new GitDaemonPolicy(git));
        register(new OtherPolicy(config));
        register(new PythonPolicy(Client.PYTHON, config));
        register(new PythonPolicy(Client.PIP, config));
        register(new JvmPolicy(Client.JAVA, config));
        register(new JvmPolicy(Client.MAVEN, config));
        register(new JvmPolicy(Client.GRADLE, config));
        register(new NpmPolicy(config));
        register(new NodePolicy(config));
        register(new CargoPolicy(config));
        register(new DockerPolicy(config));
        register(new CurlPolicy(config));
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
     * The fix that removes a bypass of {@code d}: the client's own fix for its rule, else the common one for the
     * audit's codes. {@code code} is a {@link ReasonCode} name; an unknown one gets the generic proxy variable.
     */
    public Remedy remedy(Client client, String code, Destination d) {
        ReasonCode rc;
        try {
            rc = ReasonCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            rc = ReasonCode.NO_PROXY_CONFIGURED; // no owner: the common fix
        }
        ClientPolicy p = client == null ? null : byClient.get(client);
        Remedy fix = p == null ? null : p.remedy(rc, d);
        if (fix == null) {
            fix = CommonRemedies.remedy(config, rc, d);
        }
        return p == null || client == Client.GIT_SSH ? fix : withExemptionNote(fix, client, d);
    }

    /**
     * A fix after which the configuration's own exemption (a NO_PROXY entry) still sends {@code d} direct says so:
     * the fix is right for the variable, and the exemption is the configuration's choice to keep or remove.
     */
    private Remedy withExemptionNote(Remedy fix, Client client, Destination d) {
        if (fix.kind() != Remedy.Kind.CHANGES) {
            return fix;
        }
        return fix.notingExemption(afterFix(fix).policy(client).route(d));
    }

    private ClientPolicies afterFix(Remedy fix) {
        List<Remedy.Change> changes = new ArrayList<>();
        for (Remedy.Change c : fix.changes()) {
            changes.add(new Remedy.Change(c.key(), Remedy.checkable(c.value())));
        }
        return with(changes);
    }

    /**
     * The policies for a flow of process {@code p} (a ptcpdump comment), or these: pip's {@code --proxy} in its
     * arguments is pip's own configuration, above PIP_PROXY and pip.conf.
     */
    public ClientPolicies forProcess(Client client, ProcessInfo p) {
        String proxy = client == Client.PIP && p != null ? PipArguments.proxy(p.args()) : null;
        return proxy == null ? this : with(List.of(new Remedy.Change(PythonProxySelector.PIP_COMMAND_LINE_PROXY, proxy)));
    }

    private ClientPolicies with(List<Remedy.Change> changes) {
        StringBuilder key = new StringBuilder();
        for (Remedy.Change c : changes) {
            key.append(c.key()).append(c.value() == null ? "\0-" : "\0+").append(c.value() == null ? "" : c.value())
                    .append('\0');
        }
        ClientPolicies after = afterFix.get(key.toString());
        if (after == null) {
            ProxyConfig changed = config;
            for (Remedy.Change c : changes) {
                changed = changed.with(c.key(), c.value());
            }
            after = ClientPolicies.of(changed);
            if (afterFix.size() >= MAX_AFTER_FIX) {
                afterFix.clear();
            }
            afterFix.put(key.toString(), after);
        }
        return after;
    }

    /** The fix as the line to copy, for a request to {@code host:port} (http:// on port 80, else https://). */
    public String remediation(Client client, String code, String host, int port) {
        return remedy(client, code, new Destination(port == 80 ? "http" : "https", host, port, null, "/")).text();
    }
}
