package io.proxyaudit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --baseline FILE}, {@code --baseline-update}, {@code --new-endpoints}: batch's endpoint baseline (mixin). */
public final class BaselineOptions {
    enum NewEndpoints { warn, fail }

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Compare the endpoints (host, port, route, client) of this run with those learnt in FILE "
                    + "(docs/baseline.md) and list the new ones in the index, summary.json, JUnit and on stderr.")
    Path baseline;

    @Option(names = "--baseline-update",
            description = "When this run passes (exit code 0), add its endpoints to the --baseline FILE (created "
                    + "when absent; a run that creates it compares nothing).")
    boolean update;

    @Option(names = "--new-endpoints", paramLabel = "warn|fail", defaultValue = "warn",
            description = "warn: new endpoints are listed; fail: a capture with a new endpoint fails (exit code 1, "
                    + "JUnit failure). Default: ${DEFAULT-VALUE}.")
    NewEndpoints newEndpoints = NewEndpoints.warn;

    /** The options, checked (before any work). */
    void check() {
        if (update && baseline == null) {
            throw new IllegalArgumentException("--baseline-update needs --baseline FILE");
        }
    }
}
