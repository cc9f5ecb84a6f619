package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child process of the differential tests that answers one line for each line it reads. */
final class LineProbe {
    private LineProbe() {}

    /** Runs {@code command}, writes {@code input} (one element a line) and returns its output lines. */
    static List<String> run(List<String> command, List<String> input) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread writer = new Thread(() -> {
            try (Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                for (String line : input) {
                    w.write(line + "\n");
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.add(line);
            }
        }
        writer.join();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "the probe " + command + " failed");
        return out;
    }
}
