package io.proxyaudit.client;

import io.proxyaudit.policy.GeneratedProxyCases.ProxyCase;
import io.proxyaudit.policy.Version;
import java.io.File;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Go program {@code src/test/go/goprobe/main.go}, built with one Go toolchain, asking the real
 * {@code net/http.ProxyFromEnvironment} about generated cases (one process per environment: net/http reads the
 * environment once per process), or making one real request ({@code goprobe -fetch URL}, for the wire tests).
 * {@link #build} says why not when the toolchain cannot be had (not installed, or not downloadable through the
 * module proxy): {@link Built#skipReason} says why.
 */
public final class GoProbe {
    /**
     * The releases the tests run: Debian's golang-1.19-go (the lab's Go), three releases through the module proxy
     * around the changes of {@code golang.org/x/net/http/httpproxy/proxy.go} vendored in golang/go (go1.22.12: last
     * before {@code parseProxy} accepted any scheme; go1.23.6: any scheme, NO_PROXY domain patterns still applied to
     * IP hosts; go1.24.1: with the CVE-2025-22870 fix), and the machine's own go (GOTOOLCHAIN=local).
     */
    public static final List<Toolchain> RELEASES = List.of(
            new Toolchain("go1.19-debian", "/usr/lib/go-1.19/bin/go", "local"),
            new Toolchain("go1.22.12", null, "go1.22.12"),
            new Toolchain("go1.23.6", null, "go1.23.6"),
            new Toolchain("go1.24.1", null, "go1.24.1"),
            new Toolchain("go-local", null, "local"));

    /**
     * A Go release to test: {@code goCommand} is the go command to run (null: /usr/local/go's or the one on PATH),
     * {@code gotoolchain} the GOTOOLCHAIN value ({@code local}: that command's own release; {@code go1.22.12}:
     * downloaded through the module proxy, which needs a go command of Go 1.21 or later).
     */
    public record Toolchain(String label, String goCommand, String gotoolchain) {}

    /** What Go decided for one URL: the probe's fields ({@code r}, {@code scheme}, {@code host}, ...). */
    record Answer(Map<String, String> fields) {
        String get(String k) {
            return fields.getOrDefault(k, "");
        }
    }

    /** The built probe, or why there is none. */
    public record Built(GoProbe probe, String skipReason) {}

    private static final Path SOURCE = Path.of("src/test/go/goprobe/main.go");

    private final Path binary;

    private GoProbe(Path binary) {
        this.binary = binary;
    }

    /** The probe's executable. */
    public Path binary() {
        return binary;
    }

    /** The release the probe was built with ({@code runtime.Version()}, e.g. {@code go1.22.12}). */
    public String goVersion() throws IOException, InterruptedException {
        return ask(List.of()).goVersion();
    }

    /** Builds the probe into {@code target/goprobe/<label>/}. */
    public static Built build(Toolchain t) throws IOException, InterruptedException {
        String go = t.goCommand() != null ? t.goCommand() : launcher();
        if (go == null || !Files.isExecutable(Path.of(go))) {
            return new Built(null, t.label() + ": no " + (go == null ? "go command" : go) + " on this machine (.ci/run installs it)");
        }
        Path dir = Path.of("target/goprobe", t.label());
        Files.createDirectories(dir);
        Path bin = dir.resolve("goprobe");
        // without optimisation or inlining: the same code runs, and a cold build of net/http costs a quarter less CPU
        ProcessBuilder pb = new ProcessBuilder(go, "build", "-gcflags=all=-N -l", "-o", bin.toString(), SOURCE.toString());
        pb.environment().put("GOTOOLCHAIN", t.gotoolchain());
        pb.environment().put("CGO_ENABLED", "0");
        pb.environment().put("GOFLAGS", "");
        pb.redirectErrorStream(true);
        Path log = dir.resolve("build.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Built(null, t.label() + ": go build did not finish in 10 minutes");
        }
        if (p.exitValue() != 0) {
            String out = Files.readString(log).strip();
            return new Built(null, t.label() + ": cannot build the probe with GOTOOLCHAIN=" + t.gotoolchain() + " ("
                    + (out.length() > 300 ? out.substring(0, 300) + "..." : out) + ")");
        }
        return new Built(new GoProbe(bin), null);
    }

    /** The probe's answers, per case, per URL; the version is that of the binary ({@code runtime.Version()}). */
    Result ask(List<ProxyCase> cases) throws IOException, InterruptedException {
        Path in = binary.resolveSibling("cases.txt");
        Path out = binary.resolveSibling("answers.txt");
        StringBuilder sb = new StringBuilder();
        for (ProxyCase c : cases) {
            StringBuilder env = new StringBuilder();
            c.env().forEach((k, v) -> env.append(env.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
            sb.append(env).append('\t');
            for (int i = 0; i < c.urls().size(); i++) {
                sb.append(i == 0 ? "" : " ").append(enc(c.urls().get(i)));
            }
            sb.append('\n');
        }
        Files.writeString(in, sb);
        ProcessBuilder pb = new ProcessBuilder(binary.toAbsolutePath().toString());
        pb.redirectInput(in.toFile());
        pb.redirectOutput(out.toFile());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(binary + " failed on " + in);
        }
        List<String> lines = Files.readAllLines(out);
        Version v = Version.parse(lines.get(0).substring("go go".length()).replaceAll("[^0-9.].*$", ""));
        List<List<Answer>> answers = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<Answer> row = new ArrayList<>();
            for (String one : line.split("\t", -1)) {
                Map<String, String> f = new HashMap<>();
                for (String kv : one.split("&")) {
                    int eq = kv.indexOf('=');
                    f.put(dec(kv.substring(0, eq)), dec(kv.substring(eq + 1)));
                }
                row.add(new Answer(f));
            }
            answers.add(row);
        }
        if (answers.size() != cases.size()) {
            throw new IOException(binary + ": " + answers.size() + " answers for " + cases.size() + " cases");
        }
        return new Result(v, lines.get(0).substring(3), answers);
    }

    record Result(Version version, String goVersion, List<List<Answer>> answers) {}

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The go command that runs the other releases: /usr/local/go's (an official release), else the one on PATH. */
    private static String launcher() {
        if (Files.isExecutable(Path.of("/usr/local/go/bin/go"))) {
            return "/usr/local/go/bin/go";
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "go");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

}
