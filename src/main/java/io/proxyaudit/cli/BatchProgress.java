package io.proxyaudit.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress of a batch on stderr. On a terminal: one bar redrawn in place with {@code \r} (captures done/total,
 * bytes, rate, ETA); otherwise a plain line every {@link #PLAIN_PERIOD_MS} ms, so CI logs stay readable. Messages
 * (errors of single captures) are printed above the bar. Bytes are the captures' sizes on disk, counted when a
 * capture is finished.
 */
final class BatchProgress implements AutoCloseable {
    static final long TERMINAL_PERIOD_MS = 200;
    static final long PLAIN_PERIOD_MS = 5000;
    private static final int BAR_CELLS = 24;

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean quiet;
    private final int total;
    private final long totalBytes;
    private final long t0 = System.nanoTime();
    private ScheduledExecutorService ticker;
    private int done;
    private long doneBytes;
    private int barWidth;

    BatchProgress(PrintWriter err, boolean terminal, boolean quiet, int total, long totalBytes) {
        this.err = err;
        this.terminal = terminal;
        this.quiet = quiet;
        this.total = total;
        this.totalBytes = totalBytes;
    }

    void start() {
        if (quiet) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "batch-progress");
            t.setDaemon(true);
            return t;
        });
        long period = terminal ? TERMINAL_PERIOD_MS : PLAIN_PERIOD_MS;
        ticker.scheduleAtFixedRate(this::tick, terminal ? 0 : period, period, TimeUnit.MILLISECONDS);
    }

    synchronized void captureDone(long bytes) {
        done++;
        doneBytes += bytes;
    }

    /** A line for the user (never silenced: errors must be seen), printed above the bar. */
    synchronized void message(String line) {
        clearBar();
        err.println(ConsoleOutput.safe(line, 2000));
        err.flush();
        if (terminal && !quiet && ticker != null) {
            drawBar();
        }
    }

    private synchronized void tick() {
        if (terminal) {
            drawBar();
        } else {
            err.println("proxyaudit: batch: " + status());
            err.flush();
        }
    }

    private void drawBar() {
        int filled = total == 0 ? BAR_CELLS : (int) ((long) done * BAR_CELLS / total);
        String line = "[" + "#".repeat(filled) + ".".repeat(BAR_CELLS - filled) + "] " + status();
        err.print("\r" + line + (line.length() < barWidth ? " ".repeat(barWidth - line.length()) : ""));
        err.flush();
        barWidth = line.length();
    }

    private void clearBar() {
        if (terminal && barWidth > 0) {
            err.print("\r" + " ".repeat(barWidth) + "\r");
            barWidth = 0;
        }
    }

    /** "12/19 captures, 3.4/10.2 MB, 1.2 MB/s, ETA 5 s". */
    synchronized String status() {
        double secs = (System.nanoTime() - t0) / 1e9;
        double rate = secs > 0 ? doneBytes / secs : 0;
        String eta;
        if (done == total) {
            eta = "done";
        } else if (done == 0 || secs <= 0) {
            eta = "ETA -";
        } else {
            // by bytes (good once big captures are done) and by captures (good while only small ones are):
            // the smaller is the better guess early on, and both converge
            double byCount = secs * (total - done) / done;
            double byBytes = doneBytes > 0 ? (totalBytes - doneBytes) / rate : Double.POSITIVE_INFINITY;
            eta = "ETA " + duration(Math.min(byCount, byBytes));
        }
        return String.format(Locale.ROOT, "%d/%d captures, %s/%s, %s/s, %s", done, total, mb(doneBytes),
                mb(totalBytes), mb((long) rate), eta);
    }

    static String mb(long bytes) {
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    static String duration(double s) {
        if (s < 60) {
            return String.format(Locale.ROOT, "%.0f s", Math.ceil(s));
        }
        long t = (long) Math.ceil(s);
        if (t < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", t / 60, t % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", t / 3600, (t % 3600) / 60);
    }

    /** Stops the ticker and leaves a final line (unless quiet). */
    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            clearBar();
            if (!quiet) {
                err.println("proxyaudit: batch: " + status() + String.format(Locale.ROOT, " in %.1f s",
                        (System.nanoTime() - t0) / 1e9));
                err.flush();
            }
        }
    }
}
