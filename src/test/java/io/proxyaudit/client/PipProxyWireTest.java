package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.PythonProxySelector;
import io.proxyaudit.policy.RouteDecision;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pip's own proxy against the real pip, on the wire: each case runs {@code pip download} from an https index inside
 * {@code unshare -n} (loopback only, {@link LoopbackWire}) with two listeners standing in for proxies, and the port
 * pip connected to must be the one {@link PythonProxySelector#decidePip} (with {@link PipArguments} reading the
 * command line) or, without a pip proxy, requests' environment rules pick. Run for Debian's pip ({@code /usr/bin/python3}, 23.0.1) and the
 * machine's {@code python3} when they differ; skipped with the reason without root, unshare or pip.
 */
class PipProxyWireTest {
    private static final String A = "http://127.0.0.1:9001";
    private static final String B = "http://127.0.0.1:9002";

    /** Environment, pip's extra arguments. */
    private record Case(Map<String, String> env, String args) {}

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case(Map.of("PIP_PROXY", A), "--proxy " + B));
        c.add(new Case(Map.of("PIP_PROXY", A), ""));
        c.add(new Case(Map.of("PIP_PROXY", A), "--prox " + B));
        c.add(new Case(Map.of("https_proxy", A), "--proxy=" + B));
        c.add(new Case(Map.of("https_proxy", A, "PIP_PROXY", B), ""));
        c.add(new Case(Map.of("https_proxy", A), ""));
        c.add(new Case(Map.of("HTTPS_PROXY", A, "no_proxy", "pypi.example"), "--proxy " + B));
        c.add(new Case(Map.of("https_proxy", A), "--proxy " + A + " --proxy " + B));
        return c;
    }

    @Test
    void pipConnectsWhereTheModelSays(@TempDir Path tmp) throws Exception {
        String why = LoopbackWire.unavailable();
        Assumptions.assumeTrue(why == null, "real pip not run in a network namespace: " + why);
        List<String> pythons = new ArrayList<>();
        for (String py : new String[] {"/usr/bin/python3", "python3"}) {
            String v = pipVersion(py);
            if (v != null && pythons.stream().noneMatch(p -> v.equals(pipVersion(p)))) {
                pythons.add(py);
            }
        }
        Assumptions.assumeTrue(!pythons.isEmpty(), "no python3 with pip");
        for (String py : pythons) {
            Map<Integer, String> seen = observe(py, tmp);
            List<Case> cases = cases();
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                ProxyConfig.Builder b = ProxyConfig.builder();
                c.env().forEach((k, v) -> b.put(k, v, "--env"));
                String cli = PipArguments.proxy("pip download " + c.args());
                if (cli != null) {
                    b.put(PythonProxySelector.PIP_COMMAND_LINE_PROXY, cli, "--proxy");
                }
                PythonProxySelector model = new PythonProxySelector(b.build(), PythonProxySelector.Flavor.REQUESTS);
                RouteDecision d = model.decidePip("https");
                if (d == null) {
                    d = model.decide("https", "pypi.example", -1);
                }
                String expected = d.proxyUrl() == null ? "none" : d.proxyUrl().replaceAll(".*:([0-9]+)/?$", "$1");
                assertEquals(expected, seen.getOrDefault(i, "none"), pipVersion(py) + ", case " + i + ": " + c);
            }
        }
    }

    private static Map<Integer, String> observe(String python, Path tmp) throws Exception {
        List<String> commands = new ArrayList<>();
        for (Case c : cases()) {
            commands.add("env -i PATH=\"$PATH\" HOME=/tmp/pip-wire-home" + LoopbackWire.assignments(c.env()) + " "
                    + python + " -m pip download --disable-pip-version-check --retries 0 --timeout 3 --no-deps -d "
                    + tmp.resolve("d") + " --index-url https://pypi.example/simple " + c.args() + " foo");
        }
        Map<Integer, String> seen = new LinkedHashMap<>();
        // the port only: pip's index host does not resolve in the namespace, so any connection is to a proxy
        LoopbackWire.firstConnections(commands, tmp, 9001, 9002).forEach((i, s) -> seen.put(i, s.split(" ")[0]));
        return seen;
    }

    private static String pipVersion(String python) {
        try {
            Process p = new ProcessBuilder(python, "-m", "pip", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 && out.startsWith("pip ") ? out.split(" ")[1] : null;
        } catch (Exception e) {
            return null;
        }
    }
}
