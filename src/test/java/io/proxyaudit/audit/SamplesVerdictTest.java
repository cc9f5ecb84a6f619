package io.proxyaudit.audit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.testutil.SharedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End to end on the lab's real captures (samples/): the environment the lab gave the client (truth.json
 * {@code env}, Go version), the capture through the whole pipeline, and for every host entry of the ground
 * truth (made from the servers' own logs, not from the capture) a flow to that host:port with the expected
 * verdict, and no flow to it with a verdict the truth does not list for that host:port.
 */
class SamplesVerdictTest {
    record Host(String host, int port, String client, String verdict) {}

    record Truth(Map<String, String> env, String goVersion, List<Host> hosts) {}

    static Stream<Path> samples() throws IOException {
        Path dir = SharedCorpus.repoRoot().resolve("samples");
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("truth.json"))).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void verdictsMatchGroundTruth(Path sample) throws Exception {
        Path capture;
        try (Stream<Path> s = Files.list(sample)) {
            capture = s.filter(p -> p.getFileName().toString().matches("capture\\.(pcap|pcapng|pcap\\.gz)")).findFirst().orElse(null);
        }
        assumeTrue(capture != null, "no capture in " + sample);
        Truth truth = read(sample.resolve("truth.json"));
        ProxyConfig.Builder b = ProxyConfig.builder();
        truth.env().forEach((k, v) -> b.put(k, v, "truth.json"));
        if (truth.goVersion() != null) {
            b.put("GOVERSION", truth.goVersion(), "truth.json");
        }
        CaptureAudit.Outcome out = CaptureAudit.run(capture.toString(), b.build(), FlowOptions.defaults(),
                ReaderOptions.defaults(), w -> { });
        assertNotNull(out.result(), out.error());
        Map<String, Set<String>> expectedByTarget = new LinkedHashMap<>();
        for (Host h : truth.hosts()) {
            expectedByTarget.computeIfAbsent(target(h), k -> new TreeSet<>()).add(h.verdict());
        }
        for (Host h : truth.hosts()) {
            List<AuditedFlow> flows = out.result().flows().stream().filter(f -> target(h).equalsIgnoreCase(f.target())).toList();
            String seen = flows.stream().map(f -> f.flow().id() + ":" + f.verdict().wire() + "/" + f.reasonCode()).toList().toString();
            assertTrue(flows.stream().anyMatch(f -> f.verdict().wire().equals(h.verdict())),
                    sample.getFileName() + " " + h + " got " + seen);
            assertTrue(flows.stream().allMatch(f -> expectedByTarget.get(target(h)).contains(f.verdict().wire())),
                    sample.getFileName() + " " + h + " unexpected verdicts in " + seen);
        }
    }

    private static String target(Host h) {
        return (h.host().indexOf(':') >= 0 ? "[" + h.host() + "]" : h.host()) + ":" + h.port();
    }

    /** The parts of truth.json the test needs (streaming, jackson-core only). */
    private static Truth read(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        List<Host> hosts = new ArrayList<>();
        String goVersion = null;
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("env") && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        p.nextToken();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            p.nextToken();
                            env.put(k, p.getText());
                        }
                    }
                } else if (name.equals("go_version") && t == JsonToken.VALUE_STRING) {
                    goVersion = p.getText();
                } else if (name.equals("hosts") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String host = null;
                        String client = null;
                        String verdict = null;
                        int port = 0;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            JsonToken v = p.nextToken();
                            switch (f) {
                                case "host" -> host = p.getText();
                                case "port" -> port = p.getIntValue();
                                case "client" -> client = p.getText();
                                case "expected_verdict" -> verdict = p.getText();
                                default -> p.skipChildren();
                            }
                            if (v == null) {
                                break;
                            }
                        }
                        hosts.add(new Host(host, port, client, verdict));
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return new Truth(env, goVersion, hosts);
    }
}
