package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.policy.ConfigFiles;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ProxyUrl;
import io.proxyaudit.policy.RouteDecision;
import io.proxyaudit.policy.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cargo's proxy against the real cargo, on the wire: each case runs cargo inside {@code unshare -n} (loopback only,
 * {@link LoopbackWire}) against a registry on {@code localhost:9005}, with listeners on 9001-9004 standing in for
 * proxies; where cargo connected first (the origin, or a proxy and the target it asked for) must be where
 * {@link CargoPolicy} says, fed the same environment, the same {@code .cargo/config.toml} (read by
 * {@link ConfigFiles} as {@code --config-file} does) and {@code ~/.gitconfig}'s http.proxy as {@code git.http.proxy},
 * with the libcurl release cargo reports ({@code cargo -vV}) as {@code --curl-version}.
 *
 * <p>A cargo of 1.68 or later fetches a sparse index's {@code config.json} ({@code cargo generate-lockfile}); an
 * older one (Debian 12's cargo 1.65 has sparse registries only behind nightly {@code -Z sparse-registry}) reads a git
 * index from disk and downloads the crate ({@code cargo fetch}): both requests are made by a libcurl handle that
 * cargo's {@code configure_http_handle} set up. Run for Debian's {@code /usr/bin/cargo} and each rustup toolchain's
 * cargo of another release; skipped with the reason without root, unshare or cargo.
 */
class CargoWireTest {
    private static final String A = "http://127.0.0.1:9001";
    private static final String B = "http://127.0.0.1:9002";
    private static final String G = "http://127.0.0.1:9003";
    private static final String SOCKS = "127.0.0.1:9004";
    private static final int ORIGIN = 9005;

    /**
     * The registry's scheme, the environment, {@code http.proxy} in .cargo/config.toml and in ~/.gitconfig (null:
     * not set there).
     */
    private record Case(String scheme, Map<String, String> env, String cargoProxy, String gitProxy) {
        Case(Map<String, String> env) {
            this("https", env, null, null);
        }
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case(Map.of()));
        c.add(new Case(Map.of("https_proxy", B)));
        c.add(new Case(Map.of("HTTPS_PROXY", B)));
        c.add(new Case(Map.of("CARGO_HTTP_PROXY", A, "https_proxy", B)));
        c.add(new Case("https", Map.of("https_proxy", B), A, null));
        c.add(new Case("https", Map.of("CARGO_HTTP_PROXY", B), A, null));
        c.add(new Case("https", Map.of("https_proxy", B), null, G));
        c.add(new Case("https", Map.of(), A, G));
        // set but empty: CURLOPT_PROXY "" turns the proxy off, the variables are not read
        c.add(new Case(Map.of("CARGO_HTTP_PROXY", "", "https_proxy", B)));
        c.add(new Case("https", Map.of("https_proxy", B), "", null));
        c.add(new Case("https", Map.of("https_proxy", B), null, ""));
        c.add(new Case("https", Map.of("CARGO_HTTP_PROXY", ""), A, null));
        // git's command-line configuration is git's, not libgit2's: cargo does not see it
        c.add(new Case(Map.of("GIT_CONFIG_COUNT", "1", "GIT_CONFIG_KEY_0", "http.proxy", "GIT_CONFIG_VALUE_0", G,
                "https_proxy", B)));
        c.add(new Case(Map.of("GIT_CONFIG_PARAMETERS", "'http.proxy'='" + G + "'", "https_proxy", B)));
        // libcurl's own rules
        c.add(new Case(Map.of("http_proxy", B)));
        c.add(new Case(Map.of("ALL_PROXY", B)));
        c.add(new Case(Map.of("https_proxy", "", "HTTPS_PROXY", B)));
        c.add(new Case(Map.of("NO_PROXY", "localhost", "https_proxy", B)));
        c.add(new Case(Map.of("NO_PROXY", "localhost", "CARGO_HTTP_PROXY", A)));
        c.add(new Case(Map.of("no_proxy", "*", "CARGO_HTTP_PROXY", A)));
        c.add(new Case("https", Map.of("NO_PROXY", "localhost"), null, G));
        c.add(new Case(Map.of("NO_PROXY", "crates.example", "CARGO_HTTP_PROXY", A)));
        c.add(new Case(Map.of("no_proxy", "", "NO_PROXY", "localhost", "https_proxy", B)));
        c.add(new Case(Map.of("no_proxy", "crates.example localhost", "https_proxy", B)));
        c.add(new Case(Map.of("CARGO_HTTP_PROXY", A.substring(7))));
        c.add(new Case(Map.of("CARGO_HTTP_PROXY", "socks5h://" + SOCKS)));
        c.add(new Case(Map.of("https_proxy", "socks5://" + SOCKS)));
        // an http registry: http_proxy, never upper-case HTTP_PROXY
        c.add(new Case("http", Map.of("http_proxy", B), null, null));
        c.add(new Case("http", Map.of("HTTP_PROXY", B), null, null));
        c.add(new Case("http", Map.of("HTTPS_PROXY", B), null, null));
        c.add(new Case("http", Map.of("CARGO_HTTP_PROXY", A, "http_proxy", B), null, null));
        return c;
    }

    /** A cargo to run: its path, release, minor version and the libcurl it uses. */
    private record Cargo(Path path, String release, int minor, Version libcurl) {
        boolean sparse() {
            return minor >= 68;
        }
    }

    @Test
    void cargoConnectsWhereTheModelSays(@TempDir Path tmp) throws Exception {
        String why = LoopbackWire.unavailable();
        Assumptions.assumeTrue(why == null, "real cargo not run in a network namespace: " + why);
        Assumptions.assumeTrue(systemGitProxy() == null, "/etc/gitconfig sets a proxy, which cargo reads too (libgit2"
                + " Config::open_default): the cases assume none");
        List<Cargo> cargos = cargos();
        Assumptions.assumeTrue(!cargos.isEmpty(), "no cargo (/usr/bin/cargo, ~/.rustup/toolchains/*/bin/cargo)");
        List<String> wrong = new ArrayList<>();
        int runs = 0;
        for (Cargo cargo : cargos) {
            Path dir = Files.createDirectory(tmp.resolve("cargo-" + cargo.release()));
            String skip = cargo.sparse() ? null : gitIndexes(dir);
            if (skip != null) {
                System.out.println("CargoWireTest: cargo " + cargo.release() + " skipped: " + skip);
                continue;
            }
            List<Case> cases = cases();
            List<String> commands = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                commands.add(command(cargo, cases.get(i), dir, i));
            }
            long t0 = System.nanoTime();
            Map<Integer, String> seen = LoopbackWire.firstConnections(commands, dir, 9001, 9002, 9003, 9004, ORIGIN);
            int agree = 0;
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                RouteDecision d = model(cargo, c, dir.resolve("c" + i));
                String expected = expected(d);
                String real = normalised(seen.getOrDefault(i, "none"));
                if (expected.equals(real)) {
                    agree++;
                } else {
                    wrong.add("cargo " + cargo.release() + ", case " + i + " " + c + ": real " + real + ", model "
                            + expected + " [" + d.reasonCode() + "] " + d.reason());
                }
            }
            runs++;
            System.out.printf("CargoWireTest: cargo %s (libcurl %s, %s): %d of %d cases where the model says, %.1f s%n",
                    cargo.release(), cargo.libcurl(), cargo.sparse() ? "sparse index" : "git index, crate download",
                    agree, cases.size(), (System.nanoTime() - t0) / 1e9);
        }
        Assumptions.assumeTrue(runs > 0, "no cargo could be run (see the lines above)");
        assertTrue(wrong.isEmpty(), wrong.size() + " cases where real cargo and CargoPolicy differ:\n"
                + String.join("\n", wrong));
    }

    /** The shell command for one case; writes its project (and ~/.gitconfig) under {@code dir}. */
    private static String command(Cargo cargo, Case c, Path dir, int i) throws IOException {
        Path project = dir.resolve("c" + i);
        Files.createDirectories(project.resolve("src"));
        Files.createDirectories(project.resolve(".cargo"));
        Files.writeString(project.resolve("src/main.rs"), "fn main() {}\n");
        Files.writeString(project.resolve("Cargo.toml"), """
                [package]
                name = "wire"
                version = "0.1.0"
                edition = "2021"

                [dependencies]
                foo = { version = "1", registry = "lab" }
                """);
        String index = cargo.sparse() ? "sparse+" + c.scheme() + "://localhost:" + ORIGIN + "/index/"
                : dir.resolve("index-" + c.scheme()).toUri().toString();
        StringBuilder config = new StringBuilder("[registries.lab]\nindex = \"" + index + "\"\n\n[net]\nretry = 0\n");
        if (c.cargoProxy() != null) {
            config.append("\n[http]\nproxy = \"").append(c.cargoProxy()).append("\"\n");
        }
        Files.writeString(project.resolve(".cargo/config.toml"), config);
        Path home = Files.createDirectories(dir.resolve("h" + i));
        if (c.gitProxy() != null) {
            Files.writeString(home.resolve(".gitconfig"), "[http]\n\tproxy = " + c.gitProxy() + "\n");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", cargo.path().getParent() + ":/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("CARGO_HOME", dir.resolve("cargo-home").toString());
        env.putAll(c.env());
        return "cd " + LoopbackWire.quote(project.toString()) + " && env -i" + LoopbackWire.assignments(env) + " "
                + LoopbackWire.quote(cargo.path().toString()) + (cargo.sparse() ? " generate-lockfile" : " fetch");
    }

    /** CargoPolicy's route to the registry, fed what the real cargo was given. */
    private static RouteDecision model(Cargo cargo, Case c, Path project) throws Exception {
        ProxyConfig.Builder b = ProxyConfig.builder().curlVersion(cargo.libcurl());
        c.env().forEach((k, v) -> b.put(k, v, "--env"));
        ConfigFiles.read(b, project.resolve(".cargo/config.toml"));
        if (c.gitProxy() != null) {
            b.put("git.http.proxy", c.gitProxy(), ".gitconfig");
        }
        String url = c.scheme() + "://localhost:" + ORIGIN + "/index/config.json";
        return ClientPolicies.of(b.build()).policy(Client.CARGO).route(Destination.ofUrl(url));
    }

    /** The first connection the model predicts, as {@link LoopbackWire} reports it. */
    private static String expected(RouteDecision d) {
        return switch (d.route()) {
            case DIRECT -> ORIGIN + " direct -";
            case PROXY -> {
                ProxyUrl p = ProxyUrl.parseCurl(d.proxyUrl());
                String how = p.scheme().startsWith("http") ? "http" : p.scheme();
                yield normalised(p.port() + " " + how + " localhost:" + ORIGIN);
            }
            default -> "none";
        };
    }

    /** A SOCKS5 request with an address (the name resolved by the client) compared by its kind and port only. */
    private static String normalised(String seen) {
        return seen.replaceFirst("^([0-9]+ socks5) \\S+:([0-9]+)$", "$1 (an address):$2");
    }

    /** The system gitconfig's proxy line, or null (libgit2 reads /etc/gitconfig as well as ~/.gitconfig). */
    private static String systemGitProxy() throws IOException {
        Path system = Path.of("/etc/gitconfig");
        if (!Files.isReadable(system)) {
            return null;
        }
        return Files.readAllLines(system, StandardCharsets.UTF_8).stream()
                .filter(l -> l.strip().toLowerCase(java.util.Locale.ROOT).startsWith("proxy")).findFirst().orElse(null);
    }

    /** Debian's cargo and each rustup toolchain's of another release (run directly: the rustup proxy needs HOME). */
    private static List<Cargo> cargos() throws IOException {
        List<Path> paths = new ArrayList<>(List.of(Path.of("/usr/bin/cargo")));
        Path toolchains = Path.of(System.getProperty("user.home"), ".rustup", "toolchains");
        if (Files.isDirectory(toolchains)) {
            try (Stream<Path> s = Files.list(toolchains)) {
                s.sorted().map(t -> t.resolve("bin/cargo")).forEach(paths::add);
            }
        }
        Map<String, Cargo> out = new LinkedHashMap<>();
        for (Path p : paths) {
            Cargo c = Files.isExecutable(p) ? describe(p) : null;
            if (c != null) {
                out.putIfAbsent(c.release(), c);
            }
        }
        return List.copyOf(out.values());
    }

    /** {@code cargo -vV}: "release: 1.95.0", "libcurl: 8.15.0-DEV (sys:...)"; null when it does not answer so. */
    private static Cargo describe(Path cargo) {
        try {
            Process p = new ProcessBuilder(cargo.toString(), "-vV").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                return null;
            }
            String release = null;
            Version curl = null;
            for (String line : out.split("\n")) {
                if (line.startsWith("release: ")) {
                    release = line.substring(9).strip();
                } else if (line.startsWith("libcurl: ")) {
                    curl = Version.parse(line.substring(9).strip().replaceFirst("[^0-9.].*$", ""));
                }
            }
            if (release == null || curl == null) {
                return null;
            }
            return new Cargo(cargo, release, Integer.parseInt(release.split("\\.")[1]), curl);
        } catch (IOException | InterruptedException | RuntimeException e) {
            return null;
        }
    }

    /**
     * For a cargo without sparse registries: a git index per scheme under {@code dir} ({@code config.json} naming
     * the download URL on the origin, and crate foo 1.0.0); the reason when it cannot be made, else null.
     */
    private static String gitIndexes(Path dir) throws IOException, InterruptedException {
        for (String scheme : new String[] {"https", "http"}) {
            Path index = Files.createDirectories(dir.resolve("index-" + scheme));
            Files.createDirectories(index.resolve("3/f"));
            Files.writeString(index.resolve("config.json"), "{\"dl\": \"" + scheme + "://localhost:" + ORIGIN + "/dl\"}\n");
            Files.writeString(index.resolve("3/f/foo"), "{\"name\":\"foo\",\"vers\":\"1.0.0\",\"deps\":[],\"cksum\":\""
                    + "0".repeat(64) + "\",\"features\":{},\"yanked\":false}\n");
            for (String[] git : new String[][] {{"init", "-q"}, {"add", "-A"},
                    {"-c", "user.name=wire", "-c", "user.email=wire@example.invalid", "commit", "-q", "-m", "index"}}) {
                List<String> cmd = new ArrayList<>(List.of("git", "-C", index.toString()));
                cmd.addAll(List.of(git));
                try {
                    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (p.waitFor() != 0) {
                        return "cannot make its git index (git " + String.join(" ", git) + "): " + out.strip();
                    }
                } catch (IOException e) {
                    return "it reads a git index and git is not installed";
                }
            }
        }
        return null;
    }
}
