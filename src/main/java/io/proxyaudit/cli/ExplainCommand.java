package io.proxyaudit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.proxyaudit.audit.Verdict;
import io.proxyaudit.client.Client;
import io.proxyaudit.client.ClientPolicies;
import io.proxyaudit.client.Destination;
import io.proxyaudit.client.FetchPlanner;
import io.proxyaudit.client.PlanStep;
import io.proxyaudit.policy.ConfigException;
import io.proxyaudit.policy.CurlProxySelector;
import io.proxyaudit.policy.GitProxySelector;
import io.proxyaudit.policy.HostPort;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.Redaction;
import io.proxyaudit.policy.RouteDecision;
import io.proxyaudit.report.SafeText;
import io.proxyaudit.report.TerminalSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code proxyaudit explain}: the route a client takes for a URL or host, or the fetch plan of a module,
 * under a configuration. JSON output is one object per target per line.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Shows how a client's proxy rules route a URL, a host or a module.",
                "TARGET is a URL, a host name with an optional port, or a module with an optional version, judged "
                        + "under the configuration. A module "
                        + "prints cmd/go's ordered fetch plan: GOPROXY entries with their fallback rule, origin "
                        + "(go-get discovery, git), and the checksum-database lookup."},
        footer = {"", "Exit codes: 0 ok, 2 usage or configuration error (also: a target that is not a URL, host "
                + "or module)."})
public final class ExplainCommand implements Callable<Integer> {
    private static final Pattern MODULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~+-]*(/[A-Za-z0-9._~+-]+)*");

    /**
     * Which client's rules apply to URL and host targets: {@code go} is {@link Client#GO_HTTP}; {@code git} is git
     * with the transport its URL selects after {@code insteadOf} ({@link Client#gitTransport}); {@code curl} is
     * plain curl with the environment alone ({@link CurlProxySelector}); the others are the {@link Client} of the
     * same name.
     */
    enum ClientOption {
        go(Client.GO_HTTP), git(null), curl(Client.CURL), python(Client.PYTHON), pip(Client.PIP), npm(Client.NPM),
        node(Client.NODE), java(Client.JAVA), maven(Client.MAVEN), gradle(Client.GRADLE), cargo(Client.CARGO),
        docker(Client.DOCKER);

        private final Client client;

        ClientOption(Client client) {
            this.client = client;
        }

        /** The name printed with the route: the client's wire name, the family for git. */
        String label() {
            return client == null ? name() : client.wire();
        }
    }

    enum Format { text, json }

    @Mixin
    ConfigOptions configOptions = new ConfigOptions();

    @Option(names = "--client", paramLabel = "CLIENT", description = "Client rules for URL and host targets: go, git, curl,"
            + " python, pip, npm, node, java, maven, gradle, cargo, docker (default: ${DEFAULT-VALUE}).")
    ClientOption client = ClientOption.go;

    @Option(names = "--format", paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format = Format.text;

    @Parameters(arity = "1..*", paramLabel = "TARGET",
            description = "A URL such as https://host/path, a host name with an optional port, or a module path "
                    + "with an optional version.")
    List<String> targets = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProxyConfig config;
        try {
            config = configOptions.toConfig();
            ConfigOptions.printWarnings(err, config);
        } catch (ConfigException | IllegalArgumentException e) {
            Problems.print(err, e.getMessage());
            return ExitCodes.USAGE;
        }
        int rc = ExitCodes.OK;
        for (String t : targets) {
            String target = t.trim();
            try {
                if (isUrlTarget(target)) {
                    emitRoute(out, target, target, config);
                } else if (target.contains("/") || target.contains("@")) {
                    int at = target.lastIndexOf('@');
                    String module = at >= 0 ? target.substring(0, at) : target;
                    String version = at >= 0 ? target.substring(at + 1) : null;
                    if (!MODULE.matcher(module).matches() || (version != null && version.isEmpty())) {
                        throw new IllegalArgumentException("not a URL, host[:port] or module path: '" + Redaction.redact(target) + "'");
                    }
                    emitPlan(out, target, module, version, new FetchPlanner(config).plan(module, version));
                } else {
                    HostPort hp = HostPort.ofAuthority(target);
                    if (hp.host().isEmpty()) {
                        throw new IllegalArgumentException("empty host in '" + target + "'");
                    }
                    String url = hostUrl(hp);
                    emitRoute(out, target, url, config);
                }
            } catch (IllegalArgumentException e) {
                Problems.print(err, e.getMessage());
                rc = ExitCodes.USAGE;
            }
        }
        out.flush();
        return rc;
    }

    private boolean isUrlTarget(String t) {
        return t.contains("://") || (client == ClientOption.git && t.contains("@") && t.contains(":") && !t.contains("/@"));
    }

    private String hostUrl(HostPort hp) {
        String h = hp.host().indexOf(':') >= 0 ? "[" + hp.host() + "]" : hp.host();
        int p = hp.port();
        if (client == ClientOption.git && p == 22) {
            return "ssh://" + h + "/";
        }
        if (client == ClientOption.git && p == 9418) {
            return "git://" + h + "/";
        }
        String scheme = p == 80 ? "http" : "https";
        return scheme + "://" + h + (p < 0 || p == 80 || p == 443 ? "" : ":" + p) + "/";
    }

    private RouteDecision routeForUrl(ProxyConfig config, String url) {
        if (client == ClientOption.git) {
            GitProxySelector git = new GitProxySelector(config);
            RouteDecision d = git.decide(url);
            String effective = git.rewrite(url);
            if (Client.gitTransport(effective) != Client.GIT_SSH) {
                return d;
            }
            // git runs ssh: its command (GIT_SSH_COMMAND, core.sshCommand) decides, as in the audit
            RouteDecision ssh = ClientPolicies.of(config).policy(Client.GIT_SSH).route(sshDestination(effective));
            String rewritten = effective.equals(url) ? "" : " (" + Redaction.redact(url) + " is rewritten to "
                    + Redaction.redact(effective) + " by " + git.rewriteKey(url) + ")";
            return new RouteDecision(ssh.route(), ssh.proxyUrl(), ssh.reasonCode(), ssh.reason() + rewritten);
        }
        if (client == ClientOption.curl) {
            return new CurlProxySelector(config).decide(url);
        }
        Destination d = Destination.ofUrl(url);
        if (d == null || d.host().isEmpty()) {
            throw new IllegalArgumentException("URL without host: '" + Redaction.redact(url) + "'");
        }
        return ClientPolicies.of(config).policy(client.client).route(d);
    }

    /** {@code ssh://[user@]host[:port]/path} or scp-like {@code [user@]host:path} (git connect.c {@code parse_connect_url}). */
    private static Destination sshDestination(String url) {
        int sep = url.indexOf("://");
        if (sep < 0) {
            String hostPart = url.substring(0, url.indexOf(':'));
            hostPart = hostPart.substring(hostPart.lastIndexOf('@') + 1);
            if (hostPart.startsWith("[") && hostPart.endsWith("]")) {
                hostPart = hostPart.substring(1, hostPart.length() - 1);
            }
            return new Destination("ssh", hostPart, 22, null, "/");
        }
        HostPort hp = HostPort.ofUrl(url);
        return new Destination("ssh", hp.host(), hp.port() < 0 ? 22 : hp.port(), null, "/");
    }

    private void emitRoute(PrintWriter out, String target, String url, ProxyConfig config) throws IOException {
        RouteDecision d = routeForUrl(config, url);
        IfDirect direct = ifDirect(config, url, d);
        if (format == Format.json) {
            StringWriter sw = new StringWriter();
            try (JsonGenerator g = new JsonFactory().createGenerator(sw)) {
                g.writeStartObject();
                g.writeStringField("target", Redaction.redact(target));
                g.writeStringField("client", client.label());
                g.writeStringField("url", Redaction.redact(url));
                writeDecision(g, d);
                nullable(g, "verdict_if_direct", direct == null ? null : direct.verdict().wire());
                nullable(g, "remediation", direct == null ? null : direct.fix());
                g.writeEndObject();
            }
            out.println(sw);
            return;
        }
        out.println(SafeText.clean(Redaction.redact(target)) + "  (client " + client.label() + ")");
        out.println("  route:  " + SafeText.clean(routeText(d)));
        printWrapped(out, "  reason: ", d.reason());
        if (direct != null) {
            out.println("  if seen direct: " + direct.verdict().wire() + switch (direct.verdict()) {
                case DIRECT_EXEMPT -> " (no fix: the rules send it direct on purpose)";
                case DIRECT_UNPROXIED -> " (no proxy is configured)";
                default -> "";
            });
            if (direct.fix() != null) {
                printFix(out, direct.fix());
            }
        }
    }

    /**
     * A command stays on one line so it can be copied whole; its comment goes below it, wrapped like the reason
     * (as analyze's terminal summary prints a fix).
     */
    private static void printFix(PrintWriter out, String fix) {
        String f = SafeText.clean(fix);
        int comment = f.indexOf("   # ");
        out.println("  fix:    " + (comment > 0 ? f.substring(0, comment) : f));
        if (comment > 0) {
            printWrapped(out, "          ", f.substring(comment).strip());
        }
    }

    /** {@code text} cleaned of control characters and wrapped to the terminal's width ($COLUMNS, default 80) under {@code prefix}. */
    private static void printWrapped(PrintWriter out, String prefix, String text) {
        int width = TerminalSummary.Options.detect().width() - prefix.length();
        String indent = " ".repeat(prefix.length());
        List<String> lines = HelpLayout.wrap(SafeText.clean(text), Math.max(20, width));
        for (int i = 0; i < lines.size(); i++) {
            out.println((i == 0 ? prefix : indent) + lines.get(i));
        }
        if (lines.isEmpty()) {
            out.println(prefix.stripTrailing());
        }
    }

    /** How {@code analyze} judges a capture that shows this request going direct, and the fix of a bypass. */
    private record IfDirect(Verdict verdict, String fix) {}

    /** Null when the request goes through a proxy (a direct connection would then be the client ignoring it). */
    private IfDirect ifDirect(ProxyConfig config, String url, RouteDecision d) {
        if (d.route() == RouteDecision.Kind.PROXY || d.route() == RouteDecision.Kind.NONE) {
            return null;
        }
        if (d.reasonCode() != null && d.reasonCode().isExempt()) {
            return new IfDirect(Verdict.DIRECT_EXEMPT, null);
        }
        if (!config.anyProxyConfigured()) {
            return new IfDirect(Verdict.DIRECT_UNPROXIED, null);
        }
        String effective = client == ClientOption.git ? new GitProxySelector(config).rewrite(url) : url;
        Client c = client == ClientOption.git ? Client.gitTransport(effective)
                : client.client;
        int sep = effective.indexOf("://");
        String scheme = sep > 0 ? effective.substring(0, sep).toLowerCase(Locale.ROOT) : "ssh";
        HostPort hp = sep > 0 ? HostPort.ofUrl(effective)
                : HostPort.ofAuthority(effective.substring(effective.indexOf('@') + 1, effective.indexOf(':')));
        int port = hp.port() >= 0 ? hp.port() : scheme.equals("http") ? 80 : scheme.equals("https") ? 443 : 22;
        Destination dest = new Destination(scheme, hp.host(), port, null, "/");
        String code = d.reasonCode() == null ? "NOT_A_CODE" : d.reasonCode().name();
        return new IfDirect(Verdict.DIRECT_BYPASS, ClientPolicies.of(config).remedy(c, code, dest).text());
    }

    private void emitPlan(PrintWriter out, String target, String module, String version, List<PlanStep> steps) throws IOException {
        if (format == Format.json) {
            StringWriter sw = new StringWriter();
            try (JsonGenerator g = new JsonFactory().createGenerator(sw)) {
                g.writeStartObject();
                g.writeStringField("target", Redaction.redact(target));
                g.writeStringField("module", module);
                if (version == null) {
                    g.writeNullField("version");
                } else {
                    g.writeStringField("version", version);
                }
                g.writeArrayFieldStart("steps");
                int i = 1;
                for (PlanStep s : steps) {
                    g.writeStartObject();
                    g.writeNumberField("step", i++);
                    g.writeStringField("kind", s.kind());
                    nullable(g, "url", s.url());
                    g.writeStringField("client", s.client().wire());
                    g.writeStringField("role", s.role().wire());
                    writeDecision(g, s.decision());
                    nullable(g, "fetch_code", s.fetchCode() == null ? null : s.fetchCode().name());
                    g.writeStringField("condition", s.condition());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            out.println(sw);
            return;
        }
        out.println(module + (version == null ? " (version list)" : "@" + version) + "  (fetch plan of cmd/go)");
        int i = 1;
        for (PlanStep s : steps) {
            out.println(String.format("  %d. %-13s %s", i++, s.kind(), s.url() == null ? "(no request)" : SafeText.clean(s.url())));
            printWrapped(out, "     when:   ", s.condition() + (s.fetchCode() == null ? "" : " [" + s.fetchCode() + "]"));
            printWrapped(out, "     client: ", s.client().wire() + ", route: " + routeText(s.decision()));
            printWrapped(out, "     reason: ", s.decision().reason());
        }
    }

    private static String routeText(RouteDecision d) {
        String code = d.reasonCode() == null ? "" : "  [" + d.reasonCode() + "]";
        return d.route().wire() + (d.proxyUrl() == null ? "" : " " + d.proxyUrl()) + code;
    }

    private static void writeDecision(JsonGenerator g, RouteDecision d) throws IOException {
        g.writeStringField("route", d.route().wire());
        nullable(g, "proxy", d.proxyUrl());
        nullable(g, "reason_code", d.reasonCode() == null ? null : d.reasonCode().name());
        g.writeStringField("reason", d.reason());
    }

    private static void nullable(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }
}
