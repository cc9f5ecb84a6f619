package io.proxyaudit.spark;

import io.proxyaudit.audit.Allowlist;
import io.proxyaudit.audit.FailOn;
import io.proxyaudit.cli.AllowOptions;
import io.proxyaudit.cli.ConfigOptions;
import io.proxyaudit.cli.ExitCodes;
import io.proxyaudit.policy.ConfigException;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.report.BatchSummaryJson;
import io.proxyaudit.report.BatchTotals;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code proxyaudit-spark PATH... --out DIR}: batch for a lake of captures, on Spark. Embedded ({@code local[*]}) when
 * started by bin/proxyaudit-spark, on the cluster's master when started by {@code spark-submit}.
 */
@Command(name = "proxyaudit-spark", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = SparkAuditCommand.Version.class,
        description = {"Audits a lake of captures with Apache Spark and writes Parquet tables.",
                "Each capture is audited as 'proxyaudit batch' audits it (same sidecar configuration, same verdicts "
                        + "and findings), read as a stream from any Hadoop file system (local paths, hdfs://, s3a://, "
                        + "gs://). Writes DIR/captures, DIR/flows, DIR/dns, DIR/findings (Parquet, partitioned by "
                        + "date; columns named as the NDJSON fields, docs/spark.md) and DIR/summary.json (batch's totals).",
                "PATH is a capture, a directory (searched recursively; files that are not captures are skipped) or a "
                        + "Hadoop glob such as 's3a://ci-captures/2026-12-*/*.pcap*'.",
                "Per capture, NAME.goenv.json and NAME.env next to it win over --env-file and --env, as in batch."},
        footer = {"", "Exit codes as batch: 0 no capture has findings at or above --fail-on, 1 some has, 2 usage or "
                + "configuration error (also a capture's sidecar), 3 a capture could not be read (fully). A capture "
                + "that cannot be read is a row with its error; it never fails the job."})
public final class SparkAuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Captures, directories or globs (Hadoop paths).")
    List<String> paths = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Output directory (a Hadoop path): the four tables and summary.json; tables already there are replaced.")
    String out;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master. Default: the one spark-submit gives, else local[*] (embedded, all cores).")
    String master;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "go",
            description = "Which findings fail a capture: go, any, none. Default: ${DEFAULT-VALUE}.")
    String failOn;

    @Option(names = "--quiet", description = "No summary lines on stderr (errors are still printed).")
    boolean quiet;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Mixin
    AllowOptions allow = new AllowOptions();

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkAuditCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        FailOn level;
        ProxyConfig.Builder base;
        Allowlist allowlist;
        try {
            level = FailOn.parse(failOn);
            allowlist = allow.toAllowlist();
            base = config.toBuilder(System.getenv());
            for (String w : base.copy().build().warnings()) {
                err.println("proxyaudit-spark: warning: " + w.replace('\n', ' '));
            }
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("proxyaudit-spark: " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return ExitCodes.USAGE;
        }
        // a session already running in this JVM (a test, a notebook) is used and left running
        SparkSession existing = SparkSession.getActiveSession().isDefined() ? SparkSession.getActiveSession().get()
                : SparkSession.getDefaultSession().isDefined() ? SparkSession.getDefaultSession().get() : null;
        boolean ownSession = existing == null;
        SparkSession spark = ownSession ? session() : existing;
        try {
            return run(spark, level, base, allowlist, err);
        } catch (IOException e) {
            err.println("proxyaudit-spark: --out " + out + ": cannot write: " + oneLine(e));
            return ExitCodes.UNREADABLE;
        } catch (RuntimeException e) {
            // a failure of Spark itself (an output it cannot write, executors lost): the captures never fail a task
            err.println("proxyaudit-spark: the Spark job failed: " + oneLine(e));
            return ExitCodes.UNREADABLE;
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    private int run(SparkSession spark, FailOn level, ProxyConfig.Builder base, Allowlist allowlist, PrintWriter err)
            throws IOException {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LakeInputs inputs;
        try {
            inputs = LakeInputs.resolve(paths, spark.sparkContext().hadoopConfiguration());
        } catch (IOException | IllegalArgumentException e) {
            err.println("proxyaudit-spark: cannot search the inputs: " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return ExitCodes.UNREADABLE;
        }
        LakeJob.Result r = LakeJob.run(spark, inputs, base, level, allowlist, out);
        BatchTotals totals = r.totals();
        int exit = io.proxyaudit.cli.BatchCommand.exitCode(totals);
        if (totals.captures() == 0) {
            err.println("proxyaudit-spark: no capture found in " + String.join(" ", paths)
                    + (r.skipped().isEmpty() ? "" : " (" + r.skipped().size() + " other files skipped)"));
            exit = ExitCodes.USAGE;
        }
        BatchSummaryJson.Settings echoed = config.summarySettings(at, level.name().toLowerCase(Locale.ROOT),
                spark.sparkContext().defaultParallelism(), paths, exit);
        String summary = LakeJob.writeSummary(spark, out, echoed, totals, r.skipped(), r.tables());
        if (!quiet) {
            err.println("proxyaudit-spark: " + totals.sentence());
            err.println("proxyaudit-spark: wrote " + String.join(", ", r.tables().values()) + " (Parquet), " + summary);
        }
        err.flush();
        return exit;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }

    /** Embedded unless spark-submit (or --master) names a master: local[*] on this machine's loopback, no web UI. */
    private SparkSession session() {
        SparkSession.Builder b = SparkSession.builder().appName("proxyaudit-spark");
        boolean submitted = new SparkConf().contains("spark.master");
        if (master != null || !submitted) {
            b.master(master != null ? master : "local[*]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "localhost")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        return b.getOrCreate();
    }

    /** {@code --version}: the release (the core's) and the Spark it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {io.proxyaudit.cli.Main.VERSION + " (Spark job)", "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()};
        }
    }
}
