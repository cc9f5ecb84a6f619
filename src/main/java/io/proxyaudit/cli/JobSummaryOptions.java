package io.proxyaudit.cli;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.FailOn;
import io.proxyaudit.report.AtomicFile;
import io.proxyaudit.report.BatchRow;
import io.proxyaudit.report.BatchTotals;
import io.proxyaudit.report.GithubAnnotations;
import io.proxyaudit.report.MarkdownSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The CI job page outputs of {@code analyze}, {@code batch} and {@code run} (picocli mixin): the Markdown summary
 * ({@code --summary-md}, and appended to {@code $GITHUB_STEP_SUMMARY} when GitHub Actions sets it) and GitHub
 * annotations.
 */
public final class JobSummaryOptions {
    enum Annotations { none, github }

    @Option(names = "--summary-md", paramLabel = "FILE",
            description = "Write a short Markdown summary (verdict, counts, findings with their fix, where the report "
                    + "is) for a CI job page, e.g. a GitLab Markdown artifact.")
    Path summaryMd;

    @Option(names = "--no-step-summary",
            description = "Do not append the Markdown summary to $GITHUB_STEP_SUMMARY (done by default when GitHub "
                    + "Actions sets it).")
    boolean noStepSummary;

    @Option(names = "--annotations", paramLabel = "KIND", defaultValue = "none",
            description = "github: print a workflow command per finding, ::error for those at or above --fail-on, "
                    + "::warning for the others. Default: ${DEFAULT-VALUE}.")
    Annotations annotations;

    /** Process environment ($GITHUB_STEP_SUMMARY; tests replace it). */
    Map<String, String> processEnv = System.getenv();

    private final StringBuilder markdown = new StringBuilder();

    /** The output path, checked before any work. */
    void check() {
        if (summaryMd != null) {
            Problems.checkOutputFile("--summary-md", summaryMd);
        }
    }

    private Path stepSummary() {
        String p = noStepSummary ? null : processEnv.get("GITHUB_STEP_SUMMARY");
        return p == null || p.isBlank() ? null : Path.of(p);
    }

    private boolean wanted() {
        return summaryMd != null || stepSummary() != null;
    }

    /** One audited capture: its Markdown section is kept for {@link #finish}, its annotations printed to {@code out}. */
    void capture(String name, AuditResult r, FailOn level, Path report, Writer out) throws IOException {
        if (wanted()) {
            markdown.append(MarkdownSummary.capture(name, r, level, report == null ? null : report.toString()));
        }
        annotate(name, r.findings(), level, out);
    }

    /** A batch: the Markdown summary and every capture's annotations. */
    void batch(List<BatchRow> rows, BatchTotals totals, FailOn level, Path index, Writer out) throws IOException {
        if (wanted()) {
            markdown.append(MarkdownSummary.batch(rows, totals, level, index.toString()));
        }
        for (BatchRow r : rows) {
            annotate(r.name(), r.findings() == null ? List.of() : r.findings(), level, out);
        }
    }

    private void annotate(String name, List<io.proxyaudit.audit.Finding> findings, FailOn level, Writer out)
            throws IOException {
        if (annotations == Annotations.github) {
            for (String line : GithubAnnotations.lines(name, findings, level)) {
                out.write(line);
                out.write('\n');
            }
            out.flush();
        }
    }

    /**
     * Writes the summary ({@code --summary-md} completely or not at all; appended to $GITHUB_STEP_SUMMARY, which
     * other steps' tools share). Returns false, after one line on {@code err}, when a file could not be written.
     */
    boolean finish(PrintWriter err) {
        if (markdown.length() == 0) {
            return true;
        }
        boolean ok = true;
        if (summaryMd != null) {
            try {
                AtomicFile.write(summaryMd, w -> w.write(markdown.toString()));
            } catch (IOException e) {
                Problems.print(err, Problems.option("--summary-md", summaryMd), "cannot write it: " + Problems.reason(e));
                ok = false;
            }
        }
        Path step = stepSummary();
        if (step != null) {
            try {
                Files.writeString(step, markdown, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                Problems.print(err, "GITHUB_STEP_SUMMARY " + step, "cannot append to it: " + Problems.reason(e)
                        + " (--no-step-summary leaves it alone)");
                ok = false;
            }
        }
        return ok;
    }
}
