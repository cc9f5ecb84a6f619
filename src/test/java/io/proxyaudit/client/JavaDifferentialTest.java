package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxyaudit.policy.JavaProxySelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Differential against the real JVM (issue 19): generated system properties (fixed seed) and URIs through
 * {@link JavaProxyProbe} in a child JVM of the running JDK, which calls {@code ProxySelector.getDefault().select(uri)},
 * and through {@link JavaProxySelector} with the host as {@link Destination#ofUrl} gives it. Every difference fails
 * the test: there is no list of deliberate ones.
 */
class JavaDifferentialTest {
    static final long SEED = 19_0001L;
    static final int CASES = 4000;

    private static final String[] HOSTS = {"proxy.corp", "proxy.corp", "10.0.0.1", "", "p", "PROXY.corp", " p"};
    private static final String[] PORTS = {"3128", "3128", "8080", "0", "-1", "65536", "abc", "0x50", "080", "", "1080"};
    private static final String[] NON_PROXY = {"", "*.example.com", "example.com", "*example*", "localhost", "10.*",
        "*.corp|example.com", "EXAMPLE.COM", ".example.com", "*", "|", "sub.example.com|*.org", "127.*", "*.com*",
        "example.com|", "[::1]", "other.org|localhost"};
    private static final String[] TARGETS = {"example.com", "sub.example.com", "EXAMPLE.com", "other.org", "localhost",
        "127.0.0.1", "127.1.2.3", "[::1]", "0.0.0.0", "10.1.2.3", "proxy.corp", "localhost.", "xn--bcher-kva.example",
        "LOCALHOST"};
    private static final String[] TARGET_PORTS = {"", "", ":443", ":80", ":8443"};

    record Case(String url, Map<String, String> props) {}

    static List<Case> generate() {
        Random r = new Random(SEED);
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            Map<String, String> props = new LinkedHashMap<>();
            for (String prefix : new String[] {"http.proxy", "https.proxy", "proxy", "socksProxy"}) {
                int roll = r.nextInt(100);
                if (roll < (prefix.equals("proxy") || prefix.equals("socksProxy") ? 15 : 40)) {
                    props.put(prefix + "Host", HOSTS[r.nextInt(HOSTS.length)]);
                }
                if (r.nextInt(100) < 45) {
                    props.put(prefix + "Port", PORTS[r.nextInt(PORTS.length)]);
                }
            }
            for (String np : new String[] {"http.nonProxyHosts", "https.nonProxyHosts"}) {
                if (r.nextInt(100) < 35) {
                    props.put(np, NON_PROXY[r.nextInt(NON_PROXY.length)]);
                }
            }
            String url = (r.nextBoolean() ? "https" : "http") + "://" + TARGETS[r.nextInt(TARGETS.length)]
                    + TARGET_PORTS[r.nextInt(TARGET_PORTS.length)] + "/r";
            out.add(new Case(url, props));
        }
        return out;
    }

    @Test
    void modelAgreesWithTheRealProxySelector() throws Exception {
        List<Case> cases = generate();
        List<String> real = ask(cases);
        assertEquals(cases.size(), real.size());
        int agree = 0;
        int proxied = 0;
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Destination d = Destination.ofUrl(c.url());
            JavaProxySelector.Selection s = JavaProxySelector.select(c.props(), d.scheme(), d.host());
            String mine = switch (s.type()) {
                case "DIRECT" -> "DIRECT";
                case "ERROR" -> "ERROR IllegalArgumentException";
                default -> s.type() + " " + s.host() + ":" + s.port();
            };
            if (mine.equals(real.get(i))) {
                agree++;
                proxied += mine.equals("DIRECT") ? 0 : 1;
            } else {
                differences.add(c.url() + " " + c.props() + ": jvm=" + real.get(i) + " model=" + mine);
            }
        }
        Files.createDirectories(Path.of("target/javaprobe"));
        Files.write(Path.of("target/javaprobe/differences.txt"), differences);
        System.out.printf("JavaDifferentialTest (java %s): %d cases, %d agree (%.2f%%), %d of them through a proxy%n",
                System.getProperty("java.version"), cases.size(), agree, 100.0 * agree / cases.size(), proxied);
        if (!differences.isEmpty()) {
            fail(differences.size() + " differences from the JVM's ProxySelector, e.g.:\n  "
                    + String.join("\n  ", differences.subList(0, Math.min(20, differences.size()))));
        }
        assertTrue(proxied > cases.size() / 5, "the cases must exercise proxies: " + proxied);
    }

    /** The child JVM's answers, one per case. */
    private static List<String> ask(List<Case> cases) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> input = new ArrayList<>();
        for (Case c : cases) {
            StringBuilder sb = new StringBuilder(c.url());
            c.props().forEach((k, v) -> sb.append('\t').append(k).append('=').append(v));
            input.add(sb.toString());
        }
        List<String> out = LineProbe.run(List.of(java, "-cp", System.getProperty("java.class.path"),
                JavaProxyProbe.class.getName()), input);
        return out;
    }
}
