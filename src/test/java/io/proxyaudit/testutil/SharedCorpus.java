package io.proxyaudit.testutil;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared} (the conformance corpus and docs). Users' clones lack it: tests that need
 * it call {@link #requireCorpus()} and are skipped with a clear message.
 */
public final class SharedCorpus {
    private SharedCorpus() {}

    public static Path sharedDir() {
        String prop = System.getProperty("proxyaudit.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "shared");
        return p.toAbsolutePath().normalize();
    }

    /** The corpus folder; skips the calling test when it is absent. */
    public static Path requireCorpus() {
        Path corpus = sharedDir().resolve("corpus");
        assumeTrue(Files.isDirectory(corpus.resolve("captures")),
                "shared conformance corpus not found at " + corpus + " (set -Dproxyaudit.shared=DIR); skipping");
        return corpus;
    }

    /** The corpus folder, or null when it is absent (for tests that also run on their own data). */
    public static Path corpusOrNull() {
        Path corpus = sharedDir().resolve("corpus");
        return Files.isDirectory(corpus.resolve("captures")) ? corpus : null;
    }

    /** Repository root (where pom.xml lives). */
    public static Path repoRoot() {
        return Path.of("").toAbsolutePath();
    }
}
