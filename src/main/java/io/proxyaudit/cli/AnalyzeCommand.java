package io.proxyaudit.cli;

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
        description = {"Classifies every flow and DNS lookup of the captures: role, route (proxy/direct), verdict",
                "(proxied, direct-exempt, direct-bypass, direct-unproxied) and the reason, under the proxy",
                "configuration given (process environment, --env-file, --env, --proxy)."},
        footer = {"", "Exit codes: 0 no finding at or above --fail-on, 1 findings at or above --fail-on,",
                "2 usage or configuration error, 3 a capture could not be read (fully).",
                "Precedence when several apply: 2, then 3, then 1, then 0."})
public final class AnalyzeCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "Capture files; '-' reads standard input.")
    List<String> captures = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (terminal summary) or json (NDJSON on stdout: capture, flow, dns and finding records). Default: ${DEFAULT-VALUE}.")
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
    FlowsCommand.FlowLimits limits = new FlowsCommand.FlowLimits();

    @Mixin
    AuditLimits auditLimits = new AuditLimits();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        FailOn level;
        ProxyConfig proxyConfig;
        FlowOptions flowOptions;
        ReaderOptions reader;
        int maxListed;
        try {
            level = FailOn.parse(failOn);
            flowOptions = limits.toOptions();
            reader = readerOptions.toReaderOptions();
            maxListed = auditLimits.maxListed();
            proxyConfig = config.toConfig();
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("proxyaudit: " + FlowsCommand.oneLine(String.valueOf(e.getMessage())));
            return ExitCodes.USAGE;
        }
        if (captures.size() > 1 && (report != null || csv != null)) {
            err.println("proxyaudit: --report and --csv take one capture; use 'proxyaudit batch' for several");
            return ExitCodes.USAGE;
        }
        Writer stdout = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        Writer jsonFile = json == null ? null : Files.newBufferedWriter(json, StandardCharsets.UTF_8);
        NdjsonWriter stdoutJson = format == Format.json ? new NdjsonWriter(stdout) : null;
        NdjsonWriter fileJson = jsonFile == null ? null : new NdjsonWriter(jsonFile);
        boolean unreadable = false;
        boolean findings = false;
        try {
            for (String capture : captures) {
                String name = CaptureOpener.displayName(capture);
                WarningPrinter warnings = new WarningPrinter(err, name);
                CaptureAudit.Outcome o = CaptureAudit.run(capture, proxyConfig, flowOptions, reader, warnings, maxListed);
                warnings.finish();
                if (!o.readable()) {
                    err.println("proxyaudit: " + name + ": " + FlowsCommand.oneLine(o.error()));
                    unreadable = true;
                    continue;
                }
                if (!o.complete()) {
                    unreadable = true;
                }
                AuditResult r = o.result();
                if (stats) {
                    FlowsCommand.printStats(err, name, r.capture().packets(), r.capture().capturedBytes(), o.elapsedNanos());
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
                    HtmlReport.write(r, report, ReportOptions.defaults().withTitle("proxyaudit: " + name));
                    err.println("proxyaudit: report written to " + report);
                }
                if (csv != null) {
                    Files.createDirectories(csv);
                    CsvWriter.write(r, csv);
                }
                findings |= level.exitCode(r.findings()) != 0;
            }
        } finally {
            stdout.flush();
            if (fileJson != null) {
                fileJson.close();
            }
        }
        if (unreadable || FlowsCommand.stdoutFailed(err)) {
            return ExitCodes.UNREADABLE;
        }
        return findings ? ExitCodes.FINDINGS : ExitCodes.OK;
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
        w.writeCapture(r.capture());
        w.flush();
    }
}
