package io.proxyaudit.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxyaudit.client.GoProbe;
import io.proxyaudit.policy.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go's SOCKS behaviour measured on the wire, not only read in its source: {@code goprobe -fetch URL}
 * ({@code src/test/go/goprobe}: one real request through net/http's DefaultTransport) built with every release of
 * {@link GoProbe#RELEASES}, run in the loopback-only namespace ({@link WireNamespace}, with its DNS listener) under
 * {@code socks5://} and {@code socks5h://} proxy URLs in {@code HTTP_PROXY}/{@code HTTPS_PROXY} (upper and lower
 * case, with and without port and credentials), in {@code ALL_PROXY}/{@code all_proxy} (which net/http never
 * reads), and next to an HTTP proxy. The listener shows where Go connected, whether its SOCKS5 request carried the
 * target's name or an address, and every name Go looked up itself. {@link GoWireVerdict} holds each to the model.
 *
 * <p>The observations are committed ({@code observed/wire-go-socks.tsv}) so the comparison also runs where the
 * namespace or a Go release cannot (the recorded test). To re-record: {@code mvn -B -o test -Dtest=GoSocksWireTest
 * -Dproxyaudit.wire.record=src/test/resources/io/proxyaudit/policy/observed}.
 */
class GoSocksWireTest {
    private static final String RECORDED = "/io/proxyaudit/policy/observed/wire-go-socks.tsv";

    /** Environments: the SOCKS forms, each with the URLs of {@link #URLS}. */
    static final List<Map<String, String>> ENVS = List.of(
            env("HTTPS_PROXY", "socks5://p1:1080"),
            env("HTTPS_PROXY", "socks5h://p1:1080"),
            env("HTTP_PROXY", "socks5://p2:1080", "HTTPS_PROXY", "socks5h://p2:1080"),
            env("https_proxy", "socks5://p3:1080", "http_proxy", "socks5h://p3:1080"),
            env("HTTPS_PROXY", "socks5://p3", "HTTP_PROXY", "socks5h://p3"),
            env("HTTPS_PROXY", "SOCKS5H://p1:1080"),
            env("HTTPS_PROXY", "socks5://user:pw@p2:1080", "HTTP_PROXY", "socks5h://user:pw@p2:1080"),
            env("HTTPS_PROXY", "socks5h://p1:1080", "NO_PROXY", "example.com"),
            env("ALL_PROXY", "socks5://p1:1080"),
            env("ALL_PROXY", "socks5h://p1:1080"),
            env("all_proxy", "socks5h://p2:1080"),
            env("ALL_PROXY", "socks5h://p1:1080", "HTTPS_PROXY", "http://p3:3128"),
            env("HTTPS_PROXY", "socks4://p1:1080"),
            env("HTTPS_PROXY", "socks://p2:1080"));
    /** A name in the hosts file, one nobody resolves (NXDOMAIN), IPv4 and IPv6 literals, plain http. */
    static final List<String> URLS = List.of("https://example.com/r", "https://nohost.example/r", "https://10.1.2.3/r",
            "https://[fd00::5]:8443/r", "http://example.com/r", "http://nohost.example:8080/r");

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The cases for one release: {@code program} is its goprobe (a path) or, for the recording, its label. */
    static List<WireCase> cases(String label, String program) {
        List<WireCase> out = new ArrayList<>();
        int n = 0;
        for (Map<String, String> e : ENVS) {
            for (String url : URLS) {
                out.add(new WireCase(String.format("%s-%03d", label, ++n), program, e, url));
            }
        }
        return out;
    }

    @Test
    void liveGoAgreesWithTheModel(@TempDir Path work) throws Exception {
        String why = WireNamespace.unavailable();
        Assumptions.assumeTrue(why == null, "real Go not run in a network namespace: " + why);
        long t0 = System.nanoTime();
        List<WireCase> all = new ArrayList<>();
        Map<String, Version> versions = new LinkedHashMap<>();
        Map<String, String> goVersions = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (GoProbe.Toolchain t : GoProbe.RELEASES) {
            GoProbe.Built built = GoProbe.build(t);
            if (built.probe() == null) {
                skipped.add(built.skipReason());
                continue;
            }
            String goVersion = built.probe().goVersion();
            if (!t.gotoolchain().equals("local") && !goVersion.equals(t.gotoolchain())) {
                skipped.add(t.label() + ": built with " + goVersion);
                continue;
            }
            versions.put(t.label(), version(goVersion));
            goVersions.put(t.label(), goVersion);
            all.addAll(cases(t.label(), built.probe().binary().toAbsolutePath().toString()));
        }
        skipped.forEach(s -> System.out.println("GoSocksWireTest: skipped " + s));
        Assumptions.assumeFalse(versions.isEmpty(), "no Go release could be built: " + skipped);
        long t1 = System.nanoTime();
        Map<String, String> events = new LinkedHashMap<>();
        for (String line : WireNamespace.observe(all, work, true)) {
            String[] cols = line.split("\t", -1);
            events.put(cols[0], cols[2]);
        }
        System.out.printf("GoSocksWireTest: %d cases on %d Go releases (%s); build %.1f s, wire %.1f s%n", all.size(),
                versions.size(), String.join(", ", goVersions.values()), (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        String record = System.getProperty("proxyaudit.wire.record");
        if (record != null && !record.isBlank()) {
            List<String> lines = new ArrayList<>();
            lines.add("# Go's net/http on the wire under SOCKS proxy variables, by GoSocksWireTest (goprobe -fetch)");
            lines.add("# release\tgo version\tid\tenv\turl\tevents (address port what | ...; - none)");
            for (WireCase c : all) {
                String label = c.id().substring(0, c.id().lastIndexOf('-'));
                lines.add(label + "\t" + goVersions.get(label) + "\t" + c.id() + "\t" + c.envText() + "\t" + c.url() + "\t"
                        + events.get(c.id()));
            }
            Files.write(Path.of(record, "wire-go-socks.tsv"), lines, StandardCharsets.UTF_8);
        }
        for (var v : versions.entrySet()) {
            compare(v.getKey(), v.getValue(), cases(v.getKey(), v.getKey()).stream()
                    .map(c -> Map.entry(c, events.get(c.id()))).toList());
        }
    }

    @Test
    void recordedGoAgreesWithTheModel() throws IOException {
        Map<String, List<Map.Entry<WireCase, String>>> byRelease = new LinkedHashMap<>();
        Map<String, Version> versions = new LinkedHashMap<>();
        try (InputStream in = GoSocksWireTest.class.getResourceAsStream(RECORDED)) {
            assertTrue(in != null, "test resource missing: " + RECORDED);
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] r = line.split("\t", -1);
                versions.put(r[0], version(r[1]));
                byRelease.computeIfAbsent(r[0], k -> new ArrayList<>())
                        .add(Map.entry(new WireCase(r[2], r[0], WireCase.parseEnv(r[3]), r[4]), r[5]));
            }
        }
        assertEquals(GoProbe.RELEASES.size(), byRelease.size(), "a recording for every release: " + byRelease.keySet());
        for (var e : byRelease.entrySet()) {
            List<WireCase> expected = cases(e.getKey(), e.getKey());
            assertEquals(expected, e.getValue().stream().map(Map.Entry::getKey).toList(),
                    e.getKey() + ": the recording does not hold the test's cases: re-record");
            compare(e.getKey(), versions.get(e.getKey()), e.getValue());
        }
    }

    private static Version version(String goVersion) {
        return Version.parse(goVersion.substring(2).replaceAll("[^0-9.].*$", ""));
    }

    /** Every case must agree: the model is fixed where Go differs, there is no list of deliberate differences. */
    private static void compare(String label, Version go, List<Map.Entry<WireCase, String>> observed) {
        int agree = 0;
        int socks = 0;
        List<String> differ = new ArrayList<>();
        for (var o : observed) {
            GoWireVerdict v = GoWireVerdict.of(o.getKey(), o.getValue(), go);
            if (o.getValue().contains(" SOCKS5 ")) {
                socks++;
            }
            if (v.agrees()) {
                agree++;
            } else {
                differ.add(o.getKey().tsv() + "\n    real: " + v.observed() + "\n    model: " + v.expected() + " ["
                        + v.model().reasonCode() + "] " + v.model().reason());
            }
        }
        System.out.printf("GoSocksWireTest %s: %d of %d cases agree with the model, %d SOCKS5 requests seen%n", label, agree,
                observed.size(), socks);
        if (!differ.isEmpty()) {
            fail(label + ": " + differ.size() + " cases where real Go and the model differ:\n"
                    + String.join("\n", differ.subList(0, Math.min(30, differ.size()))));
        }
    }
}
