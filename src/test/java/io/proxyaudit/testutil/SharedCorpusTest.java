package io.proxyaudit.testutil;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class SharedCorpusTest {
    @Test
    void corpusHasManifestWhenPresent() {
        var corpus = SharedCorpus.requireCorpus();
        assertTrue(Files.isRegularFile(corpus.resolve("MANIFEST.tsv")));
    }
}
