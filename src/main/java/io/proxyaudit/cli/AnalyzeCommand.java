package io.proxyaudit.cli;

import io.proxyaudit.audit.Allowlist;
import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedDns;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.audit.FailOn;
import io.proxyaudit.audit.Finding;
import io.proxyaudit.capture.CaptureOpener;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ConfigException;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.report.AtomicFile;
import io.proxyaudit.report.CsvWriter;
import io.proxyaudit.report.HtmlReport;
import io.proxyaudit.report.NdjsonWriter;
import io.proxyaudit.report.ReportOptions;
import io.proxyaudit.report.TerminalSummary;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code proxyaudit analyze CAPTURE...}: flows, then route, verdict and reason for each, and the findings. */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Finds the fetches that went direct although a proxy was configured.",
                "Classifies every connection and DNS lookup of the captures: role, route (proxy or direct), verdict "
                        + "(proxied, direct-exempt, direct-bypass, direct-unproxied, not-proxyable, direct-allowed) and the reason, "
                        + "under the proxy configuration given (process environment, --env-file, --env, --proxy)."},
        footer = {"", "Exit codes: 0 no finding at or above --fail-on, 1 findings at or above --fail-on, 2 usage or "
                + "configuration error, 3 a capture could not be read (fully) or an output could not be written. "
                + "Precedence when several apply: 2, then 3, then 1, then 0. A reader that stops early, like "
                + "'head', ends the command quietly."})
public final class AnalyzeCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "Capture files; '-' reads standard input.")
    List<String> captures = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (terminal summary) or json (NDJSON on stdout: capture, flow, dns and finding records). "
                    + "Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Write the self-contained HTML report (one capture only).")
    Path report;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the NDJSON records to FILE.")
    Path json;

    @Option(names = "--csv", paramLabel = "DIR", description = "Write flows.csv, dns.csv and findings.csv into DIR (one capture only).")
    Path csv;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "go",
            description = "Which findings make the exit code 1: go (bypasses of Go-related roles), any, none. Default: ${DEFAULT-VALUE}.")
    String failOn;

    @Option(names = "--stats", description = "Print packets, bytes and seconds spent per capture (after start-up) on stderr.")
    boolean stats;

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
    JobSummaryOptions jobSummary = new JobSummaryOptions();

    @Mixin
    AllowOptions allow = new AllowOptions();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        FailOn level;
        ProxyConfig proxyConfig;
        FlowOptions flowOptions;
        ReaderOptions reader;
        int maxListed;
        HistoryStep historyStep;
        Allowlist allowlist;
        try {
            level = FailOn.parse(failOn);
            flowOptions = limits.toOptions();
            reader = readerOptions.toReaderOptions();
            maxListed = auditLimits.maxListed();
            proxyConfig = config.toConfig();
            allowlist = allow.toAllowlist();
            ConfigOptions.printWarnings(err, proxyConfig);
            checkOutputs();
            history.check();
            historyStep = HistoryStep.start(history, null);
        } catch (ConfigException | IllegalArgumentException e) {
            Problems.print(err, e.getMessage());
            return ExitCodes.USAGE;
        } catch (io.proxyaudit.history.HistoryException e) {
            Problems.print(err, e.getMessage());
            return ExitCodes.USAGE;
        }
        if (captures.size() > 1 && (report != null || csv != null)) {
            Problems.print(err, "--report and --csv take one capture; use 'proxyaudit batch' for several");
            return ExitCodes.USAGE;
        }
        Writer stdout = new BufferedWriter(new OutputStreamWriter(StandardOutput.stream(), StandardCharsets.UTF_8), 1 << 16);
        AtomicFile jsonFile;
        try {
            jsonFile = json == null ? null : AtomicFile.open(json);
        } catch (IOException e) {
            Problems.print(err, Problems.option("--json", json), Problems.reason(e));
            return ExitCodes.UNREADABLE;
        }
        NdjsonWriter stdoutJson = format == Format.json ? new NdjsonWriter(stdout) : null;
        NdjsonWriter fileJson = jsonFile == null ? null : new NdjsonWriter(jsonFile.writer());
        boolean unreadable = false;
        boolean findings = false;
        try {
            for (String capture : captures) {
                String name = CaptureOpener.displayName(capture);
                WarningPrinter warnings = new WarningPrinter(err, name);
                CaptureAudit.Outcome o = CaptureAudit.run(capture, proxyConfig, flowOptions, reader, warnings, maxListed,
                        allowlist);
                warnings.finish();
                historyStep.captured(name, capture, o, o.readable() && level.exitCode(o.result().findings()) != 0);
                if (!o.readable()) {
                    Problems.print(err, name, o.error());
                    unreadable = true;
                    continue;
                }
                if (!o.complete()) {
                    unreadable = true;
                }
                AuditResult r = o.result();
                // judged before anything is written: a reader that closes the pipe early does not change it
                findings |= level.exitCode(r.findings()) != 0;
                if (stats) {
                    ConsoleOutput.printStats(err, name, r.capture().packets(), r.capture().capturedBytes(), o.elapsedNanos());
                }
                for (NdjsonWriter w : new NdjsonWriter[] {stdoutJson, fileJson}) {
                    if (w != null) {
                        writeJson(w, r);
                    }
                }
                if (format == Format.text) {
                    stdout.write(TerminalSummary.render(r, TerminalSummary.Options.detect()));
                    stdout.flush();
                }
                if (report != null) {
                    try {
                        HtmlReport.write(r, report, ReportOptions.defaults().withTitle("proxyaudit: " + name));
                        err.println("proxyaudit: report written to " + report);
                    } catch (IOException e) {
                        Problems.print(err, Problems.option("--report", report), "cannot write it: " + Problems.reason(e));
                        unreadable = true;
                    }
                }
                if (csv != null) {
                    try {
                        Files.createDirectories(csv);
                        CsvWriter.write(r, csv);
                    } catch (IOException e) {
                        Problems.print(err, Problems.option("--csv", csv), "cannot write it: " + Problems.reason(e));
                        unreadable = true;
                    }
                }
                jobSummary.capture(name, r, level, report, format == Format.json ? err : stdout);
            }
            unreadable |= !jobSummary.finish(err);
            stdout.flush();
            if (fileJson != null) {
                fileJson.close();
                jsonFile.commit();
            }
        } catch (IOException | RuntimeException e) {
            if (!StandardOutput.causedBy(e)) {
                throw e;
            } // standard output failed: Main.run says why (nothing for a closed pipe) and settles the exit code
        } finally {
            if (jsonFile != null) {
                jsonFile.close(); // without the commit above (an error): the partial file is deleted
            }
        }
        int exit = unreadable ? ExitCodes.UNREADABLE : findings ? ExitCodes.FINDINGS : ExitCodes.OK;
        return historyStep.finish(new io.proxyaudit.history.HistoryWriter.RunInfo("analyze",
                historyStep.startedAt(), Main.VERSION,
                level.name().toLowerCase(java.util.Locale.ROOT), exit, List.copyOf(captures)),
                historyStep.analyzed(), err).exitCode();
    }

    /** The output paths, checked before any work (also by {@code run}, before its command starts). */
    void checkOutputs() {
        if (report != null) {
            Problems.checkOutputFile("--report", report);
        }
        if (json != null) {
            Problems.checkOutputFile("--json", json);
        }
        if (csv != null) {
            Problems.checkOutputDirectory("--csv", csv);
        }
        jobSummary.check();
    }

    /** The NDJSON of one audited capture: flows, dns lookups, findings, then the capture record. */
    static void writeJson(NdjsonWriter w, AuditResult r) throws IOException {
        for (AuditedFlow f : r.flows()) {
            w.writeFlow(f);
        }
        for (AuditedDns d : r.dns()) {
            w.writeDns(d);
        }
        for (Finding f : r.findings()) {
            w.writeFinding(f);
        }
        w.writeCapture(r);
        w.flush();
    }
}
