package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.Role;
import io.proxyaudit.policy.RouteDecision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** cmd/go fetch plans: proxy-semantics.md §6.3 T34-T44 and T53, GOPROXY list parsing, GOVCS. */
class FetchPlannerTest {
    private static final String P = "http://p:3128";

    private static List<PlanStep> plan(Map<String, String> env, String module, String version) {
        return new FetchPlanner(ProxyConfig.of(env)).plan(module, version);
    }

    private static List<String> urls(List<PlanStep> steps) {
        return steps.stream().map(PlanStep::url).toList();
    }

    @Test
    void t34PrivateModuleSkipsTheProxyAndDiscoversThroughHttpsProxy() {
        List<PlanStep> s = plan(Map.of("HTTPS_PROXY", P, "GOPRIVATE", "git.corp.com"), "git.corp.com/team/lib", "v1.2.3");
        assertTrue(urls(s).stream().noneMatch(u -> u != null && u.contains("proxy.golang.org")), urls(s).toString());
        PlanStep first = s.get(0);
        assertEquals("go-get", first.kind());
        assertEquals("https://git.corp.com/team/lib?go-get=1", first.url());
        assertEquals(ReasonCode.GOPROXY_NOT_CONTACTED_GONOPROXY, first.fetchCode());
        assertEquals(RouteDecision.Kind.PROXY, first.decision().route());
        assertEquals(ReasonCode.SUMDB_SKIPPED_GONOSUMDB, s.get(s.size() - 1).fetchCode());
    }

    @Test
    void t35PatternWithLeadingSpaceNeverMatches() {
        List<PlanStep> s = plan(Map.of("GOPRIVATE", "a.com, git.corp.com"), "git.corp.com/x", "v1.0.0");
        assertEquals("https://proxy.golang.org/git.corp.com/x/@v/v1.0.0.info", s.get(0).url());
        assertEquals("https://git.corp.com/x?go-get=1", s.get(1).url());
        assertEquals(ReasonCode.GOPROXY_FALLBACK_404, s.get(1).fetchCode());
        assertTrue(urls(s).contains("https://sum.golang.org/lookup/git.corp.com/x@v1.0.0"));
    }

    @Test
    void t36T37CommaStopsPipeFallsThrough() {
        List<PlanStep> comma = plan(Map.of("GOPROXY", "https://corp,https://proxy.golang.org,direct"), "rsc.io/quote", null);
        assertEquals("https://corp/rsc.io/quote/@v/list", comma.get(0).url());
        assertTrue(comma.get(1).condition().contains("404/410"), comma.get(1).condition());
        assertEquals(ReasonCode.GOPROXY_FALLBACK_404, comma.get(1).fetchCode());
        List<PlanStep> pipe = plan(Map.of("GOPROXY", "https://corp|https://proxy.golang.org,direct"), "rsc.io/quote", null);
        assertEquals(ReasonCode.GOPROXY_FALLBACK_PIPE, pipe.get(1).fetchCode());
        assertTrue(pipe.get(1).condition().contains("any way"), pipe.get(1).condition());
    }

    @Test
    void t38DefaultProxyThenGithubOrigin() {
        List<PlanStep> s = plan(Map.of(), "github.com/o/r", "v1.0.0");
        assertEquals("https://github.com/o/r", s.get(1).url());
        assertEquals(Client.GIT_HTTP, s.get(1).client());
        assertEquals(ReasonCode.GOPROXY_FALLBACK_404, s.get(1).fetchCode());
    }

    @Test
    void t39T40SumdbProbedThroughProxyThenDirect() {
        List<PlanStep> s = plan(Map.of("GOPROXY", "https://goproxy.cn,direct"), "rsc.io/quote", "v1.5.2");
        List<String> u = urls(s);
        int probe = u.indexOf("https://goproxy.cn/sumdb/sum.golang.org/supported");
        assertTrue(probe > 0, u.toString());
        assertEquals("https://goproxy.cn/sumdb/sum.golang.org/lookup/rsc.io/quote@v1.5.2", u.get(probe + 1));
        assertEquals(ReasonCode.SUMDB_VIA_PROXY, s.get(probe + 1).fetchCode());
        assertEquals("https://sum.golang.org/lookup/rsc.io/quote@v1.5.2", u.get(probe + 2));
        assertEquals(ReasonCode.SUMDB_DIRECT_NOT_SUPPORTED, s.get(probe + 2).fetchCode());
    }

    @Test
    void t41ExplicitSumdbUrlSkipsProbe() {
        List<PlanStep> s = plan(Map.of("GOSUMDB", "sum.golang.google.cn"), "rsc.io/quote", "v1.5.2");
        assertTrue(urls(s).stream().noneMatch(u -> u != null && u.endsWith("/supported")));
        PlanStep last = s.get(s.size() - 1);
        assertEquals("https://sum.golang.google.cn/lookup/rsc.io/quote@v1.5.2", last.url());
        assertEquals(ReasonCode.SUMDB_EXPLICIT_URL, last.fetchCode());
    }

    @Test
    void t42NoSumdbForGonosumdb() {
        List<PlanStep> s = plan(Map.of("GONOSUMDB", "github.com/acme"), "github.com/acme/x", "v1.0.0");
        PlanStep last = s.get(s.size() - 1);
        assertEquals(ReasonCode.SUMDB_SKIPPED_GONOSUMDB, last.fetchCode());
        assertNull(last.url());
        assertEquals("https://proxy.golang.org/github.com/acme/x/@v/v1.0.0.info", s.get(0).url());
    }

    @Test
    void t43ToolchainNeedsSumdbEvenWhenOff() {
        List<PlanStep> s = plan(Map.of("GOSUMDB", "off"), "golang.org/toolchain", "v0.0.1-go1.22.3.linux-amd64");
        assertEquals("https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.22.3.linux-amd64.zip", s.get(0).url());
        assertEquals(Role.TOOLCHAIN, s.get(0).role());
        PlanStep last = s.get(s.size() - 1);
        assertEquals(RouteDecision.Kind.ERROR, last.decision().route());
        assertEquals(ReasonCode.SUMDB_OFF, last.decision().reasonCode());
        // and GONOSUMDB does not exempt it
        List<PlanStep> t = plan(Map.of("GONOSUMDB", "golang.org"), "golang.org/toolchain", "v0.0.1-go1.22.3.linux-amd64");
        assertTrue(urls(t).contains("https://sum.golang.org/lookup/golang.org/toolchain@v0.0.1-go1.22.3.linux-amd64"));
    }

    @Test
    void t44GoproxyOffStillFetchesPrivateFromOrigin() {
        List<PlanStep> s = plan(Map.of("GOPROXY", "off", "GOPRIVATE", "git.corp.com"), "git.corp.com/x", null);
        assertEquals("https://git.corp.com/x?go-get=1", s.get(0).url());
        assertEquals(ReasonCode.GOPROXY_NOT_CONTACTED_GONOPROXY, s.get(0).fetchCode());
        List<PlanStep> off = plan(Map.of("GOPROXY", "off"), "rsc.io/quote", null);
        assertEquals("off", off.get(0).kind());
        assertEquals(ReasonCode.GOPROXY_OFF, off.get(0).decision().reasonCode());
    }

    @Test
    void t53UpperCaseIsEscapedOnTheWire() {
        List<PlanStep> s = plan(Map.of(), "github.com/Azure/go-autorest", null);
        assertEquals("https://proxy.golang.org/github.com/%21azure/go-autorest/@v/list", s.get(0).url());
    }

    @Test
    void golangOrgXUsesGoogleSourceAndGitRules() {
        List<PlanStep> s = plan(Map.of("HTTPS_PROXY", P, "NO_PROXY", "*.googlesource.com"), "golang.org/x/text", "v0.14.0");
        PlanStep vcs = s.stream().filter(x -> x.kind().equals("vcs")).findFirst().orElseThrow();
        assertEquals("https://go.googlesource.com/text", vcs.url());
        assertEquals(ReasonCode.CURL_NOPROXY_GLOB, vcs.decision().reasonCode());
        assertEquals(RouteDecision.Kind.PROXY, vcs.decision().route());
        PlanStep goGet = s.stream().filter(x -> x.kind().equals("go-get")).findFirst().orElseThrow();
        assertEquals(RouteDecision.Kind.PROXY, goGet.decision().route());
    }

    @Test
    void bitbucketAskedThroughApiThenGit() {
        List<PlanStep> s = plan(Map.of("GOPROXY", "direct"), "bitbucket.org/o/r", null);
        assertEquals("https://api.bitbucket.org/2.0/repositories/o/r?fields=scm", s.get(0).url());
        assertEquals(Client.GO_HTTP, s.get(0).client());
        assertEquals("https://bitbucket.org/o/r", s.get(1).url());
    }

    @Test
    void govcsCanForbidGit() {
        List<PlanStep> s = plan(Map.of("GOPROXY", "direct", "GOVCS", "github.com:off"), "github.com/o/r", null);
        assertEquals(RouteDecision.Kind.ERROR, s.get(0).decision().route());
        assertTrue(s.get(0).decision().reason().contains("GOVCS rule"), s.get(0).decision().reason());
    }

    @Test
    void invalidGoproxyIsOneErrorStep() {
        List<PlanStep> s = plan(Map.of("GOPROXY", "ftp://x"), "rsc.io/quote", null);
        assertEquals(1, s.size());
        assertEquals(ReasonCode.GOPROXY_INVALID, s.get(0).decision().reasonCode());
    }
}
