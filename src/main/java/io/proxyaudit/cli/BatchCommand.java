package io.proxyaudit.cli;

import io.proxyaudit.audit.Allowlist;
import io.proxyaudit.audit.FailOn;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.history.HistoryException;
import io.proxyaudit.history.HistoryWriter;
import io.proxyaudit.policy.ConfigException;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.report.AtomicFile;
import io.proxyaudit.report.BatchIndexHtml;
import io.proxyaudit.report.BatchRow;
import io.proxyaudit.report.BatchSummaryJson;
import io.proxyaudit.report.BatchTotals;
import io.proxyaudit.report.JUnitXmlWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code proxyaudit batch PATH... --out DIR}: many captures, one index, one summary, one JUnit file. */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Audits many captures at once and writes an index of them.",
                "Runs captures in parallel (like analyze, one per capture) and writes DIR/index.html, one "
                        + "DIR/CAPTURE.html per capture, DIR/summary.json and, with --junit, a JUnit XML file.",
                "PATH is a capture file, a directory (searched recursively; captures are recognised by content, "
                        + "other files are listed as skipped) or a glob such as 'ci/*/capture.pcap*' (expanded here "
                        + "when the shell did not). A file named explicitly (or matched by a glob) that is not a "
                        + "capture is reported as unreadable.",
                "Per capture, NAME.goenv.json ('go env -json') and NAME.env (dotenv or 'go env' syntax) next to it, "
                        + "NAME being its file name without extensions (capture.pcap.gz -> capture.env), are applied "
                        + "on top of the process environment, --env-file and --env, and win over them."},
        footer = {"", "Exit codes: 0 no capture has findings at or above --fail-on, 1 some capture has findings at or "
                + "above --fail-on, 2 usage or configuration error (also: a capture's sidecar env file is bad), 3 a "
                + "capture could not be read (fully), a named file is not a capture, or a capture's report (or the run "
                + "in the --db history) could not be written. Precedence when several "
                + "apply: 2, then 3, then 1, then 0. Every capture is still analysed and appears in all outputs "
                + "whatever happens to the others. summary.json is described in docs/batch-summary.md."})
public final class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Capture files, directories or globs.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Output directory (created if needed): index.html, summary.json, one report per capture.")
    Path out;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write JUnit XML: one testcase per capture.")
    Path junit;

    @Option(names = "--threads", paramLabel = "N",
            description = "Captures analysed at once (default: the number of cores). Memory grows with N, not with the number of captures.")
    Integer threads;

    @Option(names = "--quiet", description = "No progress on stderr (errors are still printed).")
    boolean quiet;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "go",
            description = "Which findings fail a capture (exit code 1, JUnit failure): go (bypasses of Go-related roles), any, none. Default: ${DEFAULT-VALUE}.")
    String failOn;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Mixin
    ReaderOptionsMixin readerOptions = new ReaderOptionsMixin();

    @Mixin
    FlowLimits limits = new FlowLimits();

    @Mixin
    AuditLimits auditLimits = new AuditLimits();

    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Mixin
    BaselineOptions baseline = new BaselineOptions();

    @Mixin
    JobSummaryOptions jobSummary = new JobSummaryOptions();

    @Mixin
    AllowOptions allow = new AllowOptions();

    /** Process environment seen by the configuration (tests replace it). */
    Map<String, String> processEnv = System.getenv();
    /** Whether stderr is a terminal (tests replace it). */
    Boolean terminal;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        FailOn level;
        FlowOptions flowOptions;
        ReaderOptions reader;
        int maxListed;
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        HistoryStep historyStep;
        Allowlist allowlist;
        try {
            level = FailOn.parse(failOn);
            flowOptions = limits.toOptions();
            reader = readerOptions.toReaderOptions();
            maxListed = auditLimits.maxListed();
            // validates the command-line configuration once, before any work; its warnings are printed once
            ConfigOptions.printWarnings(spec.commandLine().getErr(), config.toConfig(processEnv));
            allowlist = allow.toAllowlist();
            OptionChecks.between("--threads", nThreads, 1, 1024);
            if (paths.contains("-")) {
                throw new IllegalArgumentException("batch reads files, not standard input; use 'analyze -'");
            }
            Problems.checkOutputDirectory("--out", out);
            if (junit != null) {
                Problems.checkOutputFileInNewDirectory("--junit", junit);
            }
            jobSummary.check();
            history.check();
            baseline.check();
            historyStep = HistoryStep.start(history, baseline);
        } catch (ConfigException | IllegalArgumentException e) {
            Problems.print(err, e.getMessage());
            return ExitCodes.USAGE;
        } catch (HistoryException e) {
            Problems.print(err, e.getMessage());
            return ExitCodes.USAGE;
        }

        CaptureDiscovery.Result found;
        try {
            found = CaptureDiscovery.discover(paths);
        } catch (IOException | UncheckedIOException e) {
            Problems.print(err, "cannot search the inputs: " + (e instanceof IOException io ? Problems.reason(io)
                    : Problems.reason(((UncheckedIOException) e).getCause())));
            return ExitCodes.UNREADABLE;
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            Problems.print(err, Problems.option("--out", out), "cannot create it: " + Problems.reason(e));
            return ExitCodes.USAGE;
        }

        Path cwd = Path.of("").toAbsolutePath();
        BatchNames names = new BatchNames();
        List<BatchRunner.Job> jobs = new ArrayList<>();
        long totalBytes = 0;
        for (CaptureDiscovery.Candidate c : found.captures()) {
            jobs.add(new BatchRunner.Job(c, BatchNames.displayName(c.path(), cwd), names.reportFile(c.path())));
            try {
                totalBytes += c.missing() == null ? Files.size(c.path()) : 0;
            } catch (IOException e) {
                // counted as 0: the worker reports the file
            }
        }
        List<BatchSummaryJson.Skipped> skipped = found.skipped().stream()
                .map(s -> new BatchSummaryJson.Skipped(BatchNames.displayName(s.path(), cwd), s.reason())).toList();

        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        BatchRunner runner = new BatchRunner(sidecars -> {
            ProxyConfig.Builder b = config.toBuilder(processEnv);
            for (Path s : sidecars) {
                b.file(s);
            }
            return b.build();
        }, flowOptions, reader, maxListed, allowlist, level, out, at);
        runner.onAudited(historyStep.recorder());
        boolean tty = terminal != null ? terminal : System.console() != null;
        List<BatchRow> rows;
        try (BatchProgress progress = new BatchProgress(err, tty, quiet, jobs.size(), totalBytes)) {
            progress.start();
            rows = runner.run(jobs, nThreads, progress);
        }

        BatchTotals totals = BatchTotals.of(rows, skipped.size());
        int exit = exitCode(totals);
        if (rows.isEmpty()) {
            err.println("proxyaudit: no capture found in " + String.join(" ", paths)
                    + (skipped.isEmpty() ? "" : " (" + skipped.size() + " other files skipped)"));
            exit = ExitCodes.USAGE;
        }
        HistoryStep.Outcome recorded = historyStep.finish(new HistoryWriter.RunInfo("batch", at, Main.VERSION,
                level.name().toLowerCase(Locale.ROOT), exit, List.copyOf(paths)), rows, err);
        exit = recorded.exitCode();
        BatchSummaryJson.Settings settings = config.summarySettings(at, level.name().toLowerCase(Locale.ROOT), nThreads,
                paths, exit);
        BatchIndexHtml.write(out.resolve("index.html"), "proxyaudit batch", at, rows, skipped, recorded.history());
        BatchSummaryJson.write(out.resolve("summary.json"), settings, rows, skipped, recorded.history());
        if (junit != null) {
            Path parent = junit.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AtomicFile.write(junit, w -> JUnitXmlWriter.writeCases("proxyaudit batch",
                    rows.stream().map(BatchCommand::junitCase).toList(), at, w, recorded.history()));
        }
        jobSummary.batch(rows, totals, level, out.resolve("index.html"), spec.commandLine().getOut());
        if (!jobSummary.finish(err) && exit != ExitCodes.USAGE) {
            exit = ExitCodes.UNREADABLE;
        }
        if (!quiet) {
            err.println("proxyaudit: batch: " + totals.sentence());
            err.println("proxyaudit: batch: wrote " + out.resolve("index.html") + ", " + out.resolve("summary.json")
                    + (junit == null ? "" : ", " + junit));
        }
        return exit;
    }

    /** 2 (a sidecar configuration error) before 3 (not read fully) before 1 (findings) before 0. */
    public static int exitCode(BatchTotals t) {
        if (t.configErrors() > 0) {
            return ExitCodes.USAGE;
        }
        if (t.unreadable() + t.incomplete() + t.reportErrors() > 0) {
            return ExitCodes.UNREADABLE;
        }
        return t.failed() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /**
     * The JUnit view of a row: an error when the capture was not read fully or its report was not written, a
     * failure at --fail-on.
     */
    static JUnitXmlWriter.Case junitCase(BatchRow r) {
        if (r.status() != BatchRow.Status.ANALYSED) {
            String msg = r.status().wire() + ": " + r.error();
            if (r.readable()) {
                msg += " (read up to the damage: " + r.totals().sentence() + ")";
            }
            if (r.reportError() != null) {
                msg += "; report not written: " + r.reportError();
            }
            return new JUnitXmlWriter.Case(r.name(), r.totals(), r.findings(), r.findingCount(), msg, false,
                    r.elapsedNanos(), JUnitXmlWriter.Case.UNREADABLE);
        }
        if (r.reportError() != null) {
            return new JUnitXmlWriter.Case(r.name(), r.totals(), r.findings(), r.findingCount(),
                    "report not written: " + r.reportError() + " (audit: " + r.totals().sentence() + ")", false,
                    r.elapsedNanos(), JUnitXmlWriter.Case.REPORT_FAILED);
        }
        return new JUnitXmlWriter.Case(r.name(), r.totals(), r.findings(), r.findingCount(), null, r.failed(),
                r.elapsedNanos(), null, r.assumption());
    }
}
