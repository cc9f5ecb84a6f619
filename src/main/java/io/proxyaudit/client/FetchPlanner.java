package io.proxyaudit.client;

import io.proxyaudit.policy.ConfigException;
import io.proxyaudit.policy.GitProxySelector;
import io.proxyaudit.policy.GoProxyList;
import io.proxyaudit.policy.GoProxySelector;
import io.proxyaudit.policy.HostPort;
import io.proxyaudit.policy.ModuleEscaping;
import io.proxyaudit.policy.ModulePatterns;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.Redaction;
import io.proxyaudit.policy.Role;
import io.proxyaudit.policy.RouteDecision;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered requests cmd/go makes to download one module under a configuration (semantics doc §2):
 * the GOPROXY list walk with its fallback rules and the hidden {@code noproxy} entry (modfetch/proxy.go,
 * repo.go), origin fetches in direct mode (vcs/vcs.go: static table, {@code ?go-get=1} discovery, git under
 * GOVCS), and the checksum-database lookup (modfetch/sumdb.go). Each request gets its network route from
 * {@link GoProxySelector} (Go's client) or {@link GitProxySelector} (the git subprocess).
 */
public final class FetchPlanner {
    private static final String TOOLCHAIN = "golang.org/toolchain";
    private final ProxyConfig config;
    private final GoProxySelector go;
    private final GitProxySelector git;

    public FetchPlanner(ProxyConfig config) {
        this.config = config;
        this.go = new GoProxySelector(config);
        this.git = new GitProxySelector(config);
    }

    /** The plan for {@code module} at {@code version} (null or {@code latest}: the version list is fetched). */
    public List<PlanStep> plan(String module, String version) {
        List<PlanStep> steps = new ArrayList<>();
        String v = version == null || version.equals("latest") ? null : version;
        List<GoProxyList.Entry> list;
        try {
            list = GoProxyList.parse(config.goEnv("GOPROXY"), config.goEnv("GONOPROXY"));
        } catch (ConfigException e) {
            steps.add(new PlanStep("off", null, Client.NONE, Role.OTHER,
                    RouteDecision.error(ReasonCode.GOPROXY_INVALID, e.getMessage()), ReasonCode.GOPROXY_INVALID, "always"));
            return steps;
        }
        String noProxyGlob = ModulePatterns.firstMatch(config.goEnv("GONOPROXY"), module);
        moduleSteps(steps, list, module, v, noProxyGlob);
        if (v != null) {
            sumdbSteps(steps, list, module, v);
        }
        return steps;
    }

    private void moduleSteps(List<PlanStep> steps, List<GoProxyList.Entry> list, String module, String v, String noProxyGlob) {
        String file = v == null ? "/@v/list" : module.equals(TOOLCHAIN) ? "/@v/" + ModuleEscaping.escape(v) + ".zip"
                : "/@v/" + ModuleEscaping.escape(v) + ".info";
        String escaped = ModuleEscaping.proxyPathEscape(ModuleEscaping.escape(module));
        Role proxyRole = module.equals(TOOLCHAIN) ? Role.TOOLCHAIN : Role.MODULE_PROXY;
        GoProxyList.Entry previous = null;
        for (GoProxyList.Entry e : list) {
            ReasonCode fallback = previous == null ? null
                    : previous.fallBackOnError() ? ReasonCode.GOPROXY_FALLBACK_PIPE : ReasonCode.GOPROXY_FALLBACK_404;
            String condition = previous == null || previous.url().equals("noproxy") ? "always"
                    : previous.fallBackOnError() ? "if the previous entry failed in any way (| separator)"
                    : "if the previous entry answered 404/410 (, separator; any other error stops: GOPROXY_STOP_COMMA_ERROR)";
            if (e.url().equals("noproxy")) {
                if (noProxyGlob != null) {
                    originSteps(steps, module, ReasonCode.GOPROXY_NOT_CONTACTED_GONOPROXY, "module matches GONOPROXY/GOPRIVATE"
                            + " pattern \"" + noProxyGlob + "\": fetched from origin, no GOPROXY entry is contacted");
                    return;
                }
                continue;
            }
            if (noProxyGlob != null && e.isProxy()) {
                continue; // errNoproxy: a not-exist error, the walk goes on
            }
            if (e.url().equals("off")) {
                steps.add(new PlanStep("off", null, Client.NONE, proxyRole, RouteDecision.error(ReasonCode.GOPROXY_OFF,
                        "GOPROXY entry off: module downloads are disallowed, the fetch fails"), fallback, condition));
                return;
            }
            if (e.url().equals("direct")) {
                originSteps(steps, module, noProxyGlob != null ? ReasonCode.GOPROXY_NOT_CONTACTED_GONOPROXY : fallback,
                        noProxyGlob != null ? "module matches GONOPROXY/GOPRIVATE pattern \"" + noProxyGlob + "\"" : condition);
                return;
            }
            String url = e.url() + "/" + escaped + file;
            steps.add(new PlanStep("module-proxy", Redaction.redact(url), Client.GO_HTTP, proxyRole, goRoute(url), fallback,
                    condition + (v == null ? "" : "; then .mod and .zip from the same base")));
            previous = e;
        }
    }

    private void originSteps(List<PlanStep> steps, String module, ReasonCode code, String condition) {
        String insecure = ModulePatterns.firstMatch(config.goEnv("GOINSECURE"), module);
        String cond = insecure == null ? condition : condition + "; GOINSECURE \"" + insecure
                + "\" matches: certificate checks off, http:// fallback";
        String[] el = module.split("/");
        String host = el[0];
        if (host.equals("github.com") && el.length >= 3) {
            gitStep(steps, module, "https://github.com/" + el[1] + "/" + el[2], code, cond);
        } else if (host.equals("bitbucket.org") && el.length >= 3) {
            String api = "https://api.bitbucket.org/2.0/repositories/" + el[1] + "/" + el[2] + "?fields=scm";
            steps.add(new PlanStep("vcs-metadata", api, Client.GO_HTTP, Role.VCS, goRoute(api), code, cond));
            gitStep(steps, module, "https://bitbucket.org/" + el[1] + "/" + el[2], null, "after the VCS type is known");
        } else if (repoSuffixIndex(el) > 0) {
            int i = repoSuffixIndex(el);
            gitStep(steps, module, "https://" + String.join("/", java.util.Arrays.copyOfRange(el, 0, i + 1)), code,
                    cond + "; scheme probed in order git, https, http, git+ssh, ssh (git:// and http:// only when insecure)");
        } else {
            String discovery = "https://" + module + "?go-get=1";
            steps.add(new PlanStep("go-get", discovery, Client.GO_HTTP, module.equals(TOOLCHAIN) ? Role.TOOLCHAIN : Role.GO_GET,
                    goRoute(discovery), code, cond));
            if (module.equals(TOOLCHAIN)) {
                String dl = "https://go.dev/dl/mod/golang.org/toolchain/@v/list";
                steps.add(new PlanStep("toolchain", dl, Client.GO_HTTP, Role.TOOLCHAIN, goRoute(dl), null,
                        "the go-import meta tag names a module proxy (vcs mod) on go.dev [target unverified]"));
            } else if (host.equals("golang.org") && el.length >= 3 && el[1].equals("x")) {
                gitStep(steps, module, "https://go.googlesource.com/" + el[2], null,
                        "the go-import meta tag of golang.org/x/" + el[2] + " names https://go.googlesource.com/" + el[2]);
            } else {
                gitStep(steps, module, "https://" + module, null, "after discovery: the repository comes from the"
                        + " go-import meta tag (assumed here to be on the same host)");
            }
        }
    }

    private void gitStep(List<PlanStep> steps, String module, String repo, ReasonCode code, String condition) {
        String vcsDenied = govcsDenies(module, "git");
        if (vcsDenied != null) {
            steps.add(new PlanStep("vcs", repo, Client.NONE, Role.VCS, RouteDecision.error(null, vcsDenied), code, condition));
            return;
        }
        String effective = git.rewrite(repo);
        steps.add(new PlanStep("vcs", Redaction.redact(effective), Client.gitTransport(effective), Role.VCS, git.decide(repo), code,
                condition + "; git ls-remote/fetch " + Redaction.redact(repo)));
    }

    /** GOVCS (vcs/vcs.go CheckGOVCS): first matching rule wins, then the default private:all,public:git|hg. */
    String govcsDenies(String module, String vcs) {
        boolean isPrivate = ModulePatterns.matches(config.goEnv("GOPRIVATE"), module);
        String rules = config.goEnv("GOVCS");
        String all = (rules.isEmpty() ? "" : rules + ",") + "private:all,public:git|hg";
        for (String rule : all.split(",")) {
            int colon = rule.lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            String pattern = rule.substring(0, colon).trim();
            boolean hit = pattern.equals("private") ? isPrivate : pattern.equals("public") ? !isPrivate
                    : ModulePatterns.matches(pattern, module);
            if (!hit) {
                continue;
            }
            for (String allowed : rule.substring(colon + 1).split("\\|")) {
                if (allowed.equals("all") || allowed.equals(vcs)) {
                    return null;
                }
            }
            return "GOVCS rule \"" + rule + "\" disallows " + vcs + " for " + module + ": cmd/go refuses to run it";
        }
        return null;
    }

    private static int repoSuffixIndex(String[] el) {
        for (int i = 1; i < el.length; i++) {
            for (String s : new String[] {".git", ".hg", ".svn", ".bzr", ".fossil"}) {
                if (el[i].endsWith(s) && el[i].length() > s.length()) {
                    return i;
                }
            }
        }
        return -1;
    }

    private void sumdbSteps(List<PlanStep> steps, List<GoProxyList.Entry> list, String module, String v) {
        boolean toolchain = module.equals(TOOLCHAIN);
        String gosumdb = config.goEnv("GOSUMDB").trim();
        if (gosumdb.equals("off")) {
            steps.add(new PlanStep("checksum-db", null, Client.NONE, Role.CHECKSUM_DB, toolchain
                    ? RouteDecision.error(ReasonCode.SUMDB_OFF, "GOSUMDB=off, but golang.org/toolchain always needs the"
                    + " checksum database: the toolchain download fails")
                    : RouteDecision.none(ReasonCode.SUMDB_OFF, "GOSUMDB=off: no checksum-database traffic"), ReasonCode.SUMDB_OFF, "always"));
            return;
        }
        String nosum = ModulePatterns.firstMatch(config.goEnv("GONOSUMDB"), module);
        if (nosum != null && !toolchain) {
            steps.add(new PlanStep("checksum-db", null, Client.NONE, Role.CHECKSUM_DB, RouteDecision.none(ReasonCode.SUMDB_SKIPPED_GONOSUMDB,
                    "module matches GONOSUMDB/GOPRIVATE pattern \"" + nosum + "\": not looked up"),
                    ReasonCode.SUMDB_SKIPPED_GONOSUMDB, "always"));
            return;
        }
        String[] f = gosumdb.split("\\s+");
        String name = f[0];
        int plus = name.indexOf('+');
        if (plus > 0) {
            name = name.substring(0, plus);
        }
        String explicit = f.length > 1 ? f[1] : null;
        if (name.equals("sum.golang.google.cn")) {
            name = "sum.golang.org";
            explicit = "https://sum.golang.google.cn";
        }
        if (explicit != null && !explicit.contains("://")) {
            explicit = "https://" + explicit;
        }
        String lookup = "/lookup/" + ModuleEscaping.escape(module) + "@" + ModuleEscaping.escape(v);
        String note = "; then /tile/8/... from the same base as needed; skipped when go.sum already has the lines";
        if (explicit != null) {
            String url = trimSlash(explicit) + lookup;
            steps.add(new PlanStep("checksum-db", Redaction.redact(url), Client.GO_HTTP, Role.CHECKSUM_DB, goRoute(url),
                    ReasonCode.SUMDB_EXPLICIT_URL, "GOSUMDB names the URL: the GOPROXY list is not consulted" + note));
            return;
        }
        boolean anyProxy = false;
        for (GoProxyList.Entry e : list) {
            if (e.url().equals("noproxy")) {
                continue;
            }
            if (!e.isProxy()) {
                break;
            }
            String probe = e.url() + "/sumdb/" + name + "/supported";
            steps.add(new PlanStep("sumdb-probe", Redaction.redact(probe), Client.GO_HTTP, Role.CHECKSUM_DB, goRoute(probe),
                    anyProxy ? ReasonCode.SUMDB_DIRECT_NOT_SUPPORTED : null,
                    anyProxy ? "if the previous proxy answered 404/410 to /supported" : "on the first checksum-database read"));
            String via = e.url() + "/sumdb/" + name + lookup;
            steps.add(new PlanStep("checksum-db", Redaction.redact(via), Client.GO_HTTP, Role.CHECKSUM_DB, goRoute(via),
                    ReasonCode.SUMDB_VIA_PROXY, "if /supported answered 200: all database traffic goes through this proxy" + note));
            anyProxy = true;
        }
        String direct = "https://" + name + lookup;
        steps.add(new PlanStep("checksum-db", direct, Client.GO_HTTP, Role.CHECKSUM_DB, goRoute(direct),
                ReasonCode.SUMDB_DIRECT_NOT_SUPPORTED, (anyProxy ? "if no module proxy supports the database (404/410 to /supported)"
                : "GOPROXY has no module proxy before direct/off: the database is contacted at its own address") + note));
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Route of a Go-client request for {@code url}; {@code file://} means no network. */
    RouteDecision goRoute(String url) {
        int sep = url.indexOf("://");
        String scheme = url.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("file")) {
            return RouteDecision.none(null, "file:// is read from disk: no network");
        }
        HostPort hp = HostPort.ofUrl(url);
        return go.decide(scheme, hp.host(), hp.port(), null);
    }
}
