package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.proxyaudit.policy.GeneratedProxyCases;
import io.proxyaudit.policy.GeneratedProxyCases.ProxyCase;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.PythonProxySelector;
import io.proxyaudit.policy.RouteDecision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Differential against real Python (issue 19): {@link GeneratedProxyCases} (the Go comparison's fixed seed) through
 * {@code src/test/python/proxyprobe.py}, which calls the installed CPython's {@code urllib.request}
 * ({@code getproxies_environment}, {@code proxy_bypass_environment}, {@code _parse_proxy}, as ProxyHandler does) and
 * requests' {@code get_environ_proxies} and {@code select_proxy} (then its adapter's parse of the value), and through
 * {@link PythonProxySelector} in both flavours with the URL's host and port as {@link Destination#ofUrl} gives them.
 * Routes are compared as direct, proxy or error and, for the last two, the proxy value chosen (which variable won); how
 * the value is then parsed into an address is not compared (urllib hands it unchecked to http.client).
 * Every difference must be listed with its reason in {@code observed/python-deliberate-differences.tsv}; a listed
 * pattern that no longer matches fails the test. Skipped with the reason when python3 or requests is missing
 * ({@code .ci/run} installs Debian's python3-requests).
 */
class PythonDifferentialTest {
    static final int CASES = 1200;
    static final int URLS_PER_CASE = 8;
    private static final Path PROBE = Path.of("src/test/python/proxyprobe.py");
    private static final Path DELIBERATE = Path.of("src/test/resources/io/proxyaudit/policy/observed/python-deliberate-differences.tsv");

    record Deliberate(String flavor, Pattern pattern, String reason) {}

    @Test
    void modelAgreesWithRealPython() throws Exception {
        List<ProxyCase> cases = GeneratedProxyCases.generate(GeneratedProxyCases.SEED, CASES, URLS_PER_CASE);
        List<String[]> answers = ask(cases);
        int row = 0;
        List<Deliberate> deliberate = readDeliberate();
        boolean[] used = new boolean[deliberate.size()];
        List<String> unlisted = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        List<String> mostly = new ArrayList<>();
        for (PythonProxySelector.Flavor flavor : PythonProxySelector.Flavor.values()) {
            String key = flavor.name().toLowerCase(Locale.ROOT);
            int offset = flavor == PythonProxySelector.Flavor.URLLIB ? 0 : 2;
            row = 0;
            int total = 0;
            int agree = 0;
            int known = 0;
            for (int i = 0; i < cases.size(); i++) {
                ProxyCase c = cases.get(i);
                ProxyConfig.Builder b = ProxyConfig.builder();
                c.env().forEach((k, v) -> b.put(k, v, "--env"));
                PythonProxySelector model = new PythonProxySelector(b.build(), flavor);
                for (int j = 0; j < c.urls().size(); j++) {
                    String url = c.urls().get(j);
                    String real = realRoute(answers.get(row++), offset);
                    Destination d = Destination.ofUrl(url);
                    RouteDecision decision = model.decide(d.scheme(), d.host(), d.port());
                    String mine = decision.route().wire() + (decision.route() == RouteDecision.Kind.DIRECT ? ""
                            : " " + model.chosenValue(d.scheme()));
                    total++;
                    if (real.equals(mine)) {
                        agree++;
                        continue;
                    }
                    String line = key + " | " + c.envText() + " | " + url + " | python=" + real + " | model=" + mine;
                    boolean found = false;
                    for (int k = 0; k < deliberate.size() && !found; k++) {
                        Deliberate dl = deliberate.get(k);
                        if ((dl.flavor().equals("*") || dl.flavor().equals(key)) && dl.pattern().matcher(line).find()) {
                            used[k] = true;
                            found = true;
                        }
                    }
                    (found ? listed : unlisted).add(line);
                    known += found ? 1 : 0;
                }
            }
            summary.append(String.format("%s: %d cases, %d agree (%.2f%%), %d listed deliberate; ", key, total, agree,
                    100.0 * agree / total, known));
            mostly.add(agree > total * 9 / 10 ? null : key + " must mostly agree: " + agree + " of " + total);
        }
        Files.createDirectories(Path.of("target/pyprobe"));
        Path report = Path.of("target/pyprobe/differences.txt");
        Files.write(report, Stream.concat(unlisted.stream().map(l -> "UNLISTED " + l), listed.stream().map(l -> "listed " + l)).toList());
        System.out.println("PythonDifferentialTest " + summary + unlisted.size() + " unlisted; details in " + report);
        for (String m : mostly) {
            assertTrue(m == null, m);
        }
        if (!unlisted.isEmpty()) {
            fail(unlisted.size() + " differences from real Python not listed in " + DELIBERATE + " (all in " + report
                    + "), e.g.:\n  " + String.join("\n  ", unlisted.subList(0, Math.min(25, unlisted.size()))));
        }
        for (int k = 0; k < deliberate.size(); k++) {
            assertTrue(used[k], "listed in " + DELIBERATE + " but no longer seen: " + deliberate.get(k).pattern());
        }
    }

    /** The probe's answers, one array per case; skips the test when python3 or requests cannot be run. */
    private static List<String[]> ask(List<ProxyCase> cases) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", "import requests, urllib3").redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("skipped: python3 is not installed (" + e.getMessage() + ")");
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor() == 0, () -> "skipped: python3 cannot import requests (install python3-requests): " + out.strip());
        JsonFactory json = new JsonFactory();
        List<String> input = new ArrayList<>();
        for (ProxyCase c : cases) {
            input.add(caseJson(json, c.env(), null, c.urls()));
        }
        List<String[]> answers = new ArrayList<>();
        for (String line : LineProbe.run(List.of("python3", PROBE.toString()), input)) {
            answers.add(jsonStrings(json, line));
        }
        int urls = cases.stream().mapToInt(c -> c.urls().size()).sum();
        assertTrue(answers.size() == urls, "the probe answered " + answers.size() + " of " + urls + " URLs");
        return answers;
    }

    /** Python's answer: the route, and for a proxy or an error the value chosen. */
    static String realRoute(String[] a, int at) {
        return a[at] + (a[at].equals("direct") ? "" : " " + a[at + 1]);
    }

    /** A case as the probes read it: {"env": {...}, "config": {...} (when given), "urls": [...]}. */
    static String caseJson(JsonFactory json, java.util.Map<String, String> env, java.util.Map<String, String> config,
                           List<String> urls) throws IOException {
        java.io.StringWriter sw = new java.io.StringWriter();
        try (JsonGenerator g = json.createGenerator(sw)) {
            g.writeStartObject();
            for (var m : new Object[][] {{"env", env}, {"config", config}}) {
                if (m[1] != null) {
                    g.writeObjectFieldStart((String) m[0]);
                    for (var e : ((java.util.Map<?, ?>) m[1]).entrySet()) {
                        g.writeStringField((String) e.getKey(), (String) e.getValue());
                    }
                    g.writeEndObject();
                }
            }
            g.writeArrayFieldStart("urls");
            for (String u : urls) {
                g.writeString(u);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return sw.toString();
    }

    /** A JSON array of strings, nested arrays flattened. */
    static String[] jsonStrings(JsonFactory json, String line) throws IOException {
        List<String> out = new ArrayList<>();
        try (com.fasterxml.jackson.core.JsonParser p = json.createParser(line)) {
            for (var t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                    out.add(p.getText());
                }
            }
        }
        return out.toArray(new String[0]);
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
