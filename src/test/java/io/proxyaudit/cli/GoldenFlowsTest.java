package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proxyaudit.testutil.SharedCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden NDJSON: {@code proxyaudit flows --format json} on every {@code samples/**}/capture.* that has an
 * {@code expected.flows.ndjson} next to it must print exactly that file. After a deliberate change, review the
 * diff and rewrite the files with {@code -Dproxyaudit.updateGolden=true}. The expected files are checked by a
 * human against the sample's evidence (truth.json, tshark) when they are first written.
 */
class GoldenFlowsTest {
    private static final String EXPECTED = "expected.flows.ndjson";

    @TestFactory
    Stream<DynamicTest> flowsJsonMatchesTheGoldenFiles() throws IOException {
        Path samples = SharedCorpus.repoRoot().resolve("samples");
        List<Path> captures = new ArrayList<>();
        if (Files.isDirectory(samples)) {
            try (Stream<Path> s = Files.walk(samples)) {
                captures = s.filter(p -> p.getFileName().toString().matches("capture\\.(pcap|pcapng)(\\.gz)?"))
                        .filter(p -> Files.exists(p.resolveSibling(EXPECTED)))
                        .sorted()
                        .collect(Collectors.toList());
            }
        }
        assumeTrue(!captures.isEmpty(), "no samples/**/capture.* with " + EXPECTED + " yet; skipping");
        boolean update = Boolean.getBoolean("proxyaudit.updateGolden");
        Path root = SharedCorpus.repoRoot();
        return captures.stream().map(capture -> DynamicTest.dynamicTest(root.relativize(capture).toString(), () -> {
            // a relative path keeps the capture record's "file" the same on every machine
            String rel = root.relativize(capture).toString().replace('\\', '/');
            FlowsCommandTest.Run r = FlowsCommandTest.run("flows", "--format", "json", rel);
            Path expected = capture.resolveSibling(EXPECTED);
            if (update) {
                Files.writeString(expected, r.out(), StandardCharsets.UTF_8);
                return;
            }
            assertEquals(0, r.exit(), r.err());
            assertEquals(Files.readString(expected, StandardCharsets.UTF_8), r.out(),
                    "flows output changed for " + rel + " (rewrite with -Dproxyaudit.updateGolden=true after review)");
        }));
    }
}
