package io.proxyaudit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where `mvn -Prelease verify` (src/release/assemble.sh) leaves the release; tests of it skip when it is absent. */
final class ReleaseLayout {
    static final Path RELEASE = Path.of("target/release");

    private ReleaseLayout() {}

    /** The tree the archive was packed from, target/release/proxyaudit-VERSION-linux-x86_64; null when none. */
    static Path stage() throws IOException {
        Path archive = archive();
        return archive == null ? null : RELEASE.resolve(archive.getFileName().toString().replace(".tar.gz", ""));
    }

    /** target/release/proxyaudit-VERSION-linux-x86_64.tar.gz of the version in pom.xml; null when not built. */
    static Path archive() throws IOException {
        Path archive = RELEASE.resolve("proxyaudit-" + VersionProviderTest.pomVersion() + "-linux-x86_64.tar.gz");
        return Files.isRegularFile(archive) ? archive : null;
    }
}
