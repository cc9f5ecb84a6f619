package io.proxyaudit.robust;

import io.proxyaudit.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in-process with standard output and error captured. */
/** {@code cpuMillis}: CPU time of the calling thread (wall time says little on a loaded machine). */
record CliRun(int exit, String out, String err, long millis, long cpuMillis) {
    static synchronized CliRun run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.run(args);
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                (System.nanoTime() - t0) / 1_000_000, (mx.getCurrentThreadCpuTime() - cpu0) / 1_000_000);
    }

    /** No Java internals reach the user. */
    boolean hasStackTrace() {
        String both = out + err;
        return both.contains("Exception") || both.contains("\tat ") || both.contains("Error:") && both.contains("java.");
    }
}
