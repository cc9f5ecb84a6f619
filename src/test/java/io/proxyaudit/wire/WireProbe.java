package io.proxyaudit.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside the loopback-only namespace ({@link WireNamespace} starts it there): for each case of the cases
 * file, the real program (curl, {@code git ls-remote}, or a Go program given by its path: {@code goprobe -fetch}) with
 * exactly the case's environment, while {@link WireListener} watches every address; writes
 * {@code id, exit code, connections, last stderr line}. Nothing can leave the machine: the namespace has only
 * {@code lo}.
 *
 * <p>Usage: {@code WireProbe CASES.tsv OUT.tsv [-dns]} ({@code -dns}: the listener also serves DNS, see
 * {@link WireListener})
 */
public final class WireProbe {
    private WireProbe() {}

    public static void main(String[] args) throws Exception {
        List<WireCase> cases = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                cases.add(WireCase.parse(line.split("\t", -1)));
            }
        }
        Path home = Files.createTempDirectory("wire-home");
        Path err = home.resolve("stderr");
        List<String> out = new ArrayList<>();
        try (WireListener listener = new WireListener(args.length > 2 && args[2].equals("-dns"))) {
            for (WireCase c : cases) {
                out.add(run(c, listener, home, err));
            }
        }
        Files.write(Path.of(args[1]), out, StandardCharsets.UTF_8);
    }

    private static String run(WireCase c, WireListener listener, Path home, Path err) throws IOException, InterruptedException {
        List<String> cmd = switch (c.program()) {
            case "curl" -> List.of("curl", "-q", "-sS", "-o", "/dev/null", "--max-time", "2", c.url());
            case "git" -> List.of("git", "ls-remote", c.url());
            default -> List.of(c.program(), "-fetch", c.url());
        };
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(err.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("LANG", "C");
        if (c.program().equals("git")) {
            env.put("GIT_CONFIG_NOSYSTEM", "1");
            env.put("GIT_TERMINAL_PROMPT", "0");
            env.put("GIT_ASKPASS", "/bin/false");
            env.put("SSH_ASKPASS", "/bin/false");
        }
        env.putAll(c.env());
        listener.take();
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (p.isAlive() && System.nanoTime() < deadline) {
            listener.poll(5);
        }
        if (p.isAlive()) {
            p.destroyForcibly();
        }
        int rc = p.waitFor();
        listener.drain();
        List<String> events = listener.take();
        String text = Files.readString(err, StandardCharsets.ISO_8859_1).strip();
        String last = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1);
        last = last.replaceAll("[\\t\\p{Cntrl}]", " ");
        if (last.length() > 160) {
            last = last.substring(0, 160);
        }
        return c.id() + "\t" + rc + "\t" + (events.isEmpty() ? "-" : String.join(" | ", events)) + "\t" + last;
    }
}
