package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxyaudit.policy.GeneratedProxyCases;
import io.proxyaudit.policy.GeneratedProxyCases.ProxyCase;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.RouteDecision;
import io.proxyaudit.policy.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential against real Go (issue 17 point 6): {@link GeneratedProxyCases} (fixed seed) through
 * {@code src/test/go/goprobe/main.go}, which calls the real {@code net/http.ProxyFromEnvironment}, built with
 * several Go releases, and through {@link GoHttpPolicy} set to the same release, asked the way
 * {@code explain --client go} asks ({@link Destination#ofUrl}). Every difference must be listed, with its reason,
 * in {@code observed/go-deliberate-differences.tsv}; an unlisted one fails the test, and so does a listed
 * pattern that no longer matches anything (a fixed difference must leave the list).
 *
 * <p>What Go's answer means for the route, from golang/go src/net/http/transport.go {@code dialConn} and
 * {@code canonicalAddr} (and checked with a listener on loopback): nil is direct, an error is an error; a proxy URL
 * is a proxy route, except when the transport cannot reach a proxy with it, which the model calls an error: an
 * empty host, a port above 65535, a host that is the scheme of the variable's value (Go re-read
 * {@code scheme:/x} as {@code http://scheme:/x}), or a scheme other than http, https, socks5 and socks5h without a
 * port (the transport dials port 0). Any other scheme with a port is used as an HTTP proxy. Proxy URLs are compared by
 * scheme, host (case-insensitive), port and whether a user and a password were given.
 *
 * <p>The toolchains are {@link GoProbe#RELEASES}. One that cannot be had is skipped with the reason; {@code .ci/run}
 * installs and prefetches them all.
 */
class GoDifferentialTest {
    static final int CASES = 1200;
    static final int URLS_PER_CASE = 8;

    static final List<GoProbe.Toolchain> TOOLCHAINS = GoProbe.RELEASES;

    private static final Set<String> TRANSPORT_SCHEMES = Set.of("http", "https", "socks5", "socks5h");
    private static final Path DELIBERATE = Path.of("src/test/resources/io/proxyaudit/policy/observed/go-deliberate-differences.tsv");

    /** One row of the deliberate-differences file: Go releases ({@code *} or minor versions), a regex, a reason. */
    record Deliberate(String releases, Pattern pattern, String reason) {
        boolean covers(Version v, String line) {
            return (releases.equals("*") || List.of(releases.split(",")).contains(v.major() + "." + v.minor()))
                    && pattern.matcher(line).find();
        }
    }

    @TestFactory
    Stream<DynamicTest> modelAgreesWithRealGo() throws IOException {
        List<ProxyCase> cases = GeneratedProxyCases.generate(GeneratedProxyCases.SEED, CASES, URLS_PER_CASE);
        List<Deliberate> deliberate = readDeliberate();
        boolean[] used = new boolean[deliberate.size()];
        int[] compared = {0};
        Stream<DynamicTest> releases = TOOLCHAINS.stream().map(t -> DynamicTest.dynamicTest(t.label(), () -> {
            compare(t, cases, deliberate, used);
            compared[0]++;
        }));
        DynamicTest stale = DynamicTest.dynamicTest("every listed difference still occurs", () -> {
            Assumptions.assumeTrue(compared[0] == TOOLCHAINS.size(), "not every Go release was compared");
            for (int k = 0; k < deliberate.size(); k++) {
                assertTrue(used[k], "listed in " + DELIBERATE + " but no longer seen: " + deliberate.get(k).pattern());
            }
        });
        return Stream.concat(releases, Stream.of(stale));
    }

    private void compare(GoProbe.Toolchain t, List<ProxyCase> cases, List<Deliberate> deliberate, boolean[] used) throws Exception {
        long start = System.nanoTime();
        GoProbe.Built built = GoProbe.build(t);
        Assumptions.assumeTrue(built.probe() != null, () -> "skipped: " + built.skipReason());
        long built_ = System.nanoTime();
        GoProbe.Result result = built.probe().ask(cases);
        long asked = System.nanoTime();
        Assumptions.assumeTrue(t.gotoolchain().equals("local") || result.goVersion().equals(t.gotoolchain()),
                () -> "skipped: " + t.label() + ": the go command built with " + result.goVersion() + " (a go older than 1.21"
                        + " ignores GOTOOLCHAIN)");
        Version v = result.version();
        int total = 0;
        int agree = 0;
        List<String> listed = new ArrayList<>();
        List<String> unlisted = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            ProxyCase c = cases.get(i);
            ProxyConfig.Builder b = ProxyConfig.builder().goVersion(v);
            c.env().forEach((k, val) -> b.put(k, val, "--env"));
            ClientPolicy policy = ClientPolicies.of(b.build()).policy(Client.GO_HTTP);
            for (int j = 0; j < c.urls().size(); j++) {
                String url = c.urls().get(j);
                String go = goRoute(result.answers().get(i).get(j), proxyValue(c, url));
                RouteDecision d = policy.route(Destination.ofUrl(url));
                String model = modelRoute(d);
                total++;
                if (go.equals(model)) {
                    agree++;
                    continue;
                }
                String line = c.envText() + " | " + url + " | go=" + go + " | model=" + model + " (" + d.reasonCode() + ")";
                boolean known = false;
                for (int k = 0; k < deliberate.size(); k++) {
                    if (deliberate.get(k).covers(v, line)) {
                        used[k] = true;
                        known = true;
                        break;
                    }
                }
                (known ? listed : unlisted).add(line);
            }
        }
        Path report = Path.of("target/goprobe", t.label(), "differences.txt");
        Files.write(report, Stream.concat(unlisted.stream().map(l -> "UNLISTED " + l), listed.stream().map(l -> "listed " + l)).toList());
        System.out.printf("GoDifferentialTest %s (%s): %d cases, %d agree (%.2f%%), %d listed deliberate, %d unlisted;"
                + " build %.1f s, run %.1f s; details in %s%n", t.label(), result.goVersion(), total, agree, 100.0 * agree / total,
                listed.size(), unlisted.size(), (built_ - start) / 1e9, (asked - built_) / 1e9, report);
        if (!unlisted.isEmpty()) {
            fail(unlisted.size() + " differences from real " + result.goVersion() + " not listed in " + DELIBERATE
                    + " (all in " + report + "), e.g.:\n  " + String.join("\n  ", unlisted.subList(0, Math.min(25, unlisted.size()))));
        }
        assertTrue(agree > total / 2, "the comparison must mostly agree: " + agree + " of " + total);
    }

    /** The value Go read for {@code url}: the first non-empty of the upper- and lower-case variable of its scheme. */
    static String proxyValue(ProxyCase c, String url) {
        String name = url.startsWith("https:") ? "HTTPS_PROXY" : "HTTP_PROXY";
        String upper = c.env().get(name);
        return upper != null && !upper.isEmpty() ? upper : c.env().getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "");
    }

    /** Go's answer as a route, by the transport rules in the class comment; {@code value} is the variable's value. */
    static String goRoute(GoProbe.Answer a, String value) {
        switch (a.get("r")) {
            case "direct":
                return "direct";
            case "error":
                return "error";
            case "proxy":
                return proxyRoute(a.get("scheme"), a.get("host"), a.get("port"), a.get("user").equals("1"), a.get("pass").equals("1"), value);
            default:
                throw new IllegalStateException("probe answered " + a.fields());
        }
    }

    /** A proxy URL returned by ProxyFromEnvironment as a route: {@code error} when the transport cannot use it. */
    static String proxyRoute(String scheme, String host, String port, boolean user, boolean pass, String value) {
        int colon = value.indexOf(':');
        boolean schemeAsHost = colon > 0 && value.startsWith(":/", colon) && host.equalsIgnoreCase(value.substring(0, colon));
        if (host.isEmpty() || schemeAsHost || port.length() > 5 || (!port.isEmpty() && Integer.parseInt(port) > 65535)
                || (!TRANSPORT_SCHEMES.contains(scheme) && port.isEmpty())) {
            return "error";
        }
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return "proxy " + scheme + "://" + (user ? pass ? "u:***@" : "***@" : "") + (h.indexOf(':') >= 0 ? "[" + h + "]" : h)
                + (port.isEmpty() ? "" : ":" + port);
    }

    static String modelRoute(RouteDecision d) {
        if (d.route() != RouteDecision.Kind.PROXY) {
            return d.route().wire();
        }
        return "proxy " + d.proxyUrl().replaceFirst("//[^/]*:\\*\\*\\*@", "//u:***@");
    }

    private static List<Deliberate> readDeliberate() throws IOException {
        List<Deliberate> out = new ArrayList<>();
        for (String line : Files.readAllLines(DELIBERATE)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            out.add(new Deliberate(f[0], Pattern.compile(f[1]), f[2]));
        }
        return out;
    }
}
