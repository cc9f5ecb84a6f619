package io.proxyaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.client.Client;
import io.proxyaudit.client.ClientDetector;
import io.proxyaudit.client.ClientPolicies;
import io.proxyaudit.client.Destination;
import io.proxyaudit.client.Remedy;
import io.proxyaudit.flow.DnsLookup;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.policy.GitProxySelector;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.RouteDecision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fix lines that work (issue 17.3): for every finding, over every lab sample with its own capture.env and over
 * generated configurations (fixed seed) applied to the same flows, applying the remedy's assignments to the
 * configuration makes the same client's policy (what {@code explain} uses) send that target through the proxy; or
 * the remedy says the configuration already does (the process had another environment: checked too), or that no
 * variable can fix it (ssh, git://, a program that ignores the environment). A remedy never repeats a value the
 * client cannot use. A NO_PROXY entry of the configuration itself that exempts the target once the proxy variable
 * is fixed counts as fixed when the fix says so (the exemption is the configuration's own choice) and is counted
 * apart.
 */
class RemedyPropertyTest {
    private static final long SEED = 17;
    private static final int CONFIGURATIONS = 1500;
    /** What a user puts in place of {@link Remedy#PLACEHOLDER}. */
    private static final String FILLED_IN = "http://proxy.example:3128";

    private static final String[] PROXY_VARS = {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"};
    private static final String[] PROXY_VALUES = {
        "http://10.0.0.5:3128", "http://alice:secret@10.0.0.5:3128", "https://10.0.0.5:3129", "10.0.0.5:3128",
        "socks5://10.0.0.6:1080", // valid
        "ftp://x:1", "", " http://10.0.0.5:3128", "http://10.0.0.5:abc", "socks5h://10.0.0.6:1080", "://x",
        "gopher://10.0.0.5:70", "http://", "http://bob@10.0.0.5:3128", "HTTP://10.0.0.5:3128", "http://10.0.0.5:3128/x y",
        // broken for Go, curl, or both
    };
    private static final String[] NO_PROXY_VALUES = {
        "", "example.com", ".example.com", "*", "10.0.0.0/8", "localhost,127.0.0.1", "proxy.golang.org:443",
        "*.lab.test", "lab.test", "github.com", "sum.golang.org proxy.golang.org", "*",
    };
    private static final String[] GIT_PROXY_VALUES = {"http://10.0.0.5:3128", "", "ftp://x:1", "socks5://10.0.0.6:1080"};
    private static final String[] GO_VERSIONS = {"go1.15.15", "go1.19.8", "go1.22.0"};
    private static final String[] GOPROXY_VALUES = {"https://proxy.golang.org,direct", "direct", "off", "https://goproxy.lab.test"};

    private record Sample(String name, ProxyConfig config, List<FlowRecord> flows, List<DnsLookup> dns) {}

    /** Counts by outcome. */
    private static final class Tally {
        int findings;
        int fixedByChanges;
        int fixedIntoOwnExemption;
        int alreadyConfigured;
        int noVariable;
        int placeholders;
        int configurations;

        @Override
        public String toString() {
            return findings + " findings over " + configurations + " configurations: " + fixedByChanges + " routed through"
                    + " the proxy by the fix, " + fixedIntoOwnExemption + " then exempted by the configuration's own"
                    + " NO_PROXY, " + alreadyConfigured + " already configured, " + noVariable + " no variable can fix ("
                    + placeholders + " fixes need the proxy's address filled in)";
        }
    }

    private static List<Sample> samples() throws Exception {
        List<Sample> out = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("capture.env"))).sorted().toList();
        }
        for (Path dir : dirs) {
            Path capture;
            try (Stream<Path> s = Files.list(dir)) {
                capture = s.filter(p -> p.getFileName().toString().startsWith("capture.pcap")).findFirst().orElseThrow();
            }
            ProxyConfig config = ProxyConfig.builder().file(dir.resolve("capture.env")).build();
            CaptureAudit.Outcome o = CaptureAudit.run(capture.toString(), config, FlowOptions.defaults(),
                    ReaderOptions.defaults(), w -> {});
            assertTrue(o.complete(), dir + ": " + o.error());
            out.add(new Sample(dir.getFileName().toString(), config, o.result().flows().stream().map(AuditedFlow::flow).toList(),
                    o.result().dns().stream().map(AuditedDns::lookup).toList()));
        }
        assertTrue(out.size() >= 15, "samples: " + out.size());
        return out;
    }

    @Test
    void everyFixRoutesItsTargetThroughTheProxy() throws Exception {
        List<Sample> samples = samples();
        Tally onSamples = new Tally();
        for (Sample s : samples) {
            onSamples.configurations++;
            checkAll(s, s.config(), onSamples);
        }
        assertTrue(onSamples.findings >= 8, onSamples.toString());

        Tally generated = new Tally();
        Random random = new Random(SEED);
        for (int i = 0; i < CONFIGURATIONS; i++) {
            Sample s = samples.get(random.nextInt(samples.size()));
            ProxyConfig config = generate(random, s.config());
            generated.configurations++;
            checkAll(s, config, generated);
        }
        System.out.println("RemedyPropertyTest samples: " + onSamples);
        System.out.println("RemedyPropertyTest generated (seed " + SEED + "): " + generated);
        assertTrue(generated.findings >= 1000, generated.toString());
        assertTrue(generated.fixedByChanges >= 500, generated.toString());
        assertTrue(generated.placeholders > 0, "some configuration names no usable proxy: " + generated);
    }

    /** The sample's own configuration with a random subset of the proxy, NO_PROXY, git and Go settings replaced. */
    private static ProxyConfig generate(Random r, ProxyConfig base) {
        Map<String, String> env = new HashMap<>();
        base.values().forEach((k, v) -> env.put(k, v.raw()));
        for (String k : PROXY_VARS) {
            int dice = r.nextInt(4);
            if (dice == 0) {
                env.remove(k);
            } else if (dice == 1) {
                env.put(k, PROXY_VALUES[r.nextInt(PROXY_VALUES.length)]);
            }
        }
        for (String k : new String[] {"NO_PROXY", "no_proxy"}) {
            if (r.nextInt(3) == 0) {
                env.put(k, NO_PROXY_VALUES[r.nextInt(NO_PROXY_VALUES.length)]);
            }
        }
        if (r.nextInt(4) == 0) {
            env.put("git.http.proxy", GIT_PROXY_VALUES[r.nextInt(GIT_PROXY_VALUES.length)]);
        }
        if (r.nextInt(8) == 0) {
            env.put("REQUEST_METHOD", "GET");
        }
        env.put("GOVERSION", GO_VERSIONS[r.nextInt(GO_VERSIONS.length)]);
        if (r.nextInt(3) == 0) {
            env.put("GOPROXY", GOPROXY_VALUES[r.nextInt(GOPROXY_VALUES.length)]);
            env.put("GONOPROXY", r.nextBoolean() ? "*.lab.test" : "");
            env.put("GOPRIVATE", r.nextBoolean() ? "git.lab.test" : "");
            env.put("GOFLAGS", r.nextBoolean() ? "-mod=mod" : "");
        }
        return ProxyConfig.of(env);
    }

    private static void checkAll(Sample s, ProxyConfig config, Tally tally) {
        AuditResult r = Auditor.audit(null, s.flows(), s.dns(), config, Map.of());
        if (r.assumption() != null) {
            // no proxy configured but one seen (issue 17): the verdicts and fixes rest on the assumed configuration
            config = config.assumingProxy(r.assumption().proxyUrl(), "assumed from the capture");
        }
        Map<Long, AuditedFlow> byId = new HashMap<>();
        for (AuditedFlow f : r.flows()) {
            byId.put(f.flow().id(), f);
            if (f.verdict() == Verdict.NOT_PROXYABLE || f.verdict() == Verdict.DIRECT_EXEMPT) {
                assertTrue(r.findings().stream().noneMatch(x -> x.flowIds().contains(f.flow().id())), f.toString());
            }
        }
        for (Finding fd : r.findings()) {
            tally.findings++;
            assertEquals(Verdict.DIRECT_BYPASS, fd.verdict());
            Client client;
            String scheme;
            if (fd.flowIds().isEmpty()) {
                client = ClientDetector.forLookup(fd.role(), fd.host());
                scheme = "https";
            } else {
                AuditedFlow first = byId.get(fd.flowIds().get(0));
                client = first.client();
                scheme = FlowJudge.schemeOf(first.flow(), fd.port());
            }
            Destination d = new Destination(scheme, fd.host(), fd.port() == 0 ? 443 : fd.port(), null, "/");
            check(s.name() + " " + config.values().keySet() + " " + describe(config), config, client, d, fd, tally);
        }
    }

    private static void check(String where, ProxyConfig config, Client client, Destination d, Finding fd, Tally tally) {
        Remedy remedy = fd.remedy();
        String context = where + ": " + fd.host() + ":" + fd.port() + " " + fd.reasonCode() + " -> " + fd.remediation();
        assertFalse(fd.remediation() == null || fd.remediation().isBlank(), context);
        switch (remedy.kind()) {
            case NO_VARIABLE -> tally.noVariable++;
            case CONFIGURED -> {
                assertEquals(RouteDecision.Kind.PROXY, ClientPolicies.of(config).policy(client).route(d).route(),
                        "says the configuration is right, but it is not: " + context);
                tally.alreadyConfigured++;
            }
            case CHANGES -> {
                assertFalse(remedy.changes().isEmpty(), context);
                if (remedy.needsProxyAddress()) {
                    tally.placeholders++;
                }
                ProxyConfig fixed = config;
                for (Remedy.Change c : remedy.changes()) {
                    fixed = fixed.with(c.key(), Remedy.PLACEHOLDER.equals(c.value()) ? FILLED_IN : c.value());
                }
                RouteDecision after;
                if (client == Client.GIT_SSH) {
                    // undoing the insteadOf rewrite sends cmd/go's https:// remote to git over curl again
                    after = new GitProxySelector(fixed).decide("https://" + d.hostText() + "/x/y");
                } else {
                    after = ClientPolicies.of(fixed).policy(client).route(d);
                }
                if (after.route() == RouteDecision.Kind.PROXY) {
                    tally.fixedByChanges++;
                } else if (after.route() == RouteDecision.Kind.DIRECT && after.reasonCode() != null
                        && after.reasonCode().isExempt() && after.reasonCode().name().contains("NOPROXY")) {
                    assertTrue(fd.remediation().contains("(remove that entry to use the proxy)"),
                            "the fix must say the configuration's own exemption then applies: " + context);
                    tally.fixedIntoOwnExemption++;
                } else {
                    fail("the fix does not send it through the proxy (" + after.route().wire() + " " + after.reasonCode()
                            + ": " + after.reason() + "): " + context);
                }
            }
        }
    }

    private static String describe(ProxyConfig config) {
        StringBuilder b = new StringBuilder();
        config.values().forEach((k, v) -> b.append(k).append('=').append(v.raw()).append(' '));
        return b.toString().trim();
    }

    @Test
    void aBrokenValueIsNeverRecommended() throws IOException {
        ProxyConfig config = ProxyConfig.of(Map.of("HTTPS_PROXY", "ftp://x:1"));
        String fix = ClientPolicies.of(config).remediation(Client.GO_HTTP, "GO_PROXY_UNSUPPORTED_SCHEME", "proxy.golang.org", 443);
        assertEquals("export HTTPS_PROXY=http://x:1   # HTTPS_PROXY=ftp://x:1 cannot be used by Go; this assumes x:1 is an"
                + " HTTP proxy", fix);
        String none = ClientPolicies.of(ProxyConfig.of(Map.of("HTTPS_PROXY", "://x"))).remediation(Client.GO_HTTP,
                "GO_PROXY_UNPARSABLE", "proxy.golang.org", 443);
        assertEquals("export HTTPS_PROXY=http://PROXYHOST:PORT   # no configured proxy value can be used by Go: put the"
                + " proxy's host and port in place of PROXYHOST:PORT", none);
    }
}
