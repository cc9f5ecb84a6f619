package io.proxyaudit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.proxyaudit.audit.Allowlist;
import io.proxyaudit.audit.FailOn;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.report.BatchRow;
import io.proxyaudit.report.BatchSummaryJson;
import io.proxyaudit.report.BatchTotals;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The job: every capture audited once on the executors into {@link LakeRows}, kept (memory, spilling to disk) while
 * the four tables are written from it and batch's totals are summed from its captures rows.
 */
final class LakeJob {
    /** The four tables, each with the struct column of {@link LakeRows#SCHEMA} that holds its rows. */
    static final Map<String, String> TABLES = tables();

    /** The totals, the files skipped (sorted by path), and where each table was written. */
    record Result(BatchTotals totals, List<BatchSummaryJson.Skipped> skipped, Map<String, String> tables) {}

    private LakeJob() {}

    private static Map<String, String> tables() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("captures", LakeRows.CAPTURE_RECORD);
        m.put("flows", LakeRows.FLOW);
        m.put("dns", LakeRows.DNS);
        m.put("findings", LakeRows.FINDING);
        return m;
    }

    static Result run(SparkSession spark, LakeInputs inputs, ProxyConfig.Builder base, FailOn failOn,
                      Allowlist allowlist, String out) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LakeRows driverRows = new LakeRows();
        List<Row> errors = new ArrayList<>();
        for (BatchRow e : inputs.errors) {
            errors.addAll(driverRows.rows(e, null, null));
        }
        JavaRDD<Row> rows = jsc.parallelize(errors, 1);
        if (!inputs.named.isEmpty()) {
            rows = rows.union(jsc.binaryFiles(LakeInputs.inputPaths(inputs.named))
                    .mapPartitions(new CaptureTask(true, base, failOn, allowlist)));
        }
        if (!inputs.walked.isEmpty()) {
            rows = rows.union(jsc.binaryFiles(LakeInputs.inputPaths(inputs.walked))
                    .mapPartitions(new CaptureTask(false, base, failOn, allowlist)));
        }
        Dataset<Row> all = spark.createDataFrame(rows, LakeRows.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            all.count(); // the audit, once: every table below reads the kept rows
            Map<String, String> written = new LinkedHashMap<>();
            FileSystem fs = new Path(out).getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (Map.Entry<String, String> t : TABLES.entrySet()) {
                Path dir = fs.makeQualified(new Path(out, t.getKey()));
                all.where(col("kind").equalTo(kindOf(t.getValue())))
                        .select(col(t.getValue() + ".*"), col(TableSchemas.CAPTURE), col(TableSchemas.DATE))
                        .write().mode(SaveMode.Overwrite).partitionBy(TableSchemas.DATE).parquet(dir.toString());
                written.put(t.getKey(), LakeInputs.display(dir));
            }
            List<BatchSummaryJson.Skipped> skipped = new ArrayList<>(inputs.skipped);
            for (Row s : all.where(col("kind").equalTo(LakeRows.SKIPPED))
                    .select(col(TableSchemas.CAPTURE), col(LakeRows.SKIPPED_REASON)).collectAsList()) {
                skipped.add(new BatchSummaryJson.Skipped(s.getString(0), s.getString(1)));
            }
            skipped.sort(Comparator.comparing(BatchSummaryJson.Skipped::path));
            return new Result(totals(all, skipped.size()), skipped, written);
        } finally {
            all.unpersist();
        }
    }

    private static String kindOf(String column) {
        return LakeRows.CAPTURE_RECORD.equals(column) ? LakeRows.CAPTURE : column;
    }

    /** batch's totals ({@link BatchTotals#of}) as sums over the captures rows. */
    static BatchTotals totals(Dataset<Row> all, int skipped) {
        List<Column> aggs = new ArrayList<>();
        for (BatchRow.Status s : BatchRow.Status.values()) {
            aggs.add(sum(when(col("status").equalTo(s.wire()), 1).otherwise(0)).as(s.wire()));
        }
        aggs.add(sum(when(col("failed"), 1).otherwise(0)).as("failed"));
        aggs.add(sum(col("packets")).as("packets"));
        aggs.add(sum(col("bytes")).as("bytes"));
        for (BatchSummaryJson.Count c : BatchSummaryJson.COUNTS) {
            aggs.add(sum(col("counts." + c.name())).as(c.name()));
        }
        Row t = all.where(col("kind").equalTo(LakeRows.CAPTURE)).select(col(LakeRows.CAPTURE_RECORD + ".*"))
                .agg(count(lit(1)).as("captures"), aggs.toArray(new Column[0])).first();
        return new BatchTotals((int) number(t, "captures"), (int) number(t, BatchRow.Status.ANALYSED.wire()),
                (int) number(t, BatchRow.Status.INCOMPLETE.wire()), (int) number(t, BatchRow.Status.UNREADABLE.wire()),
                (int) number(t, BatchRow.Status.CONFIG_ERROR.wire()), (int) number(t, "failed"), skipped,
                number(t, "packets"), number(t, "bytes"), BatchSummaryJson.auditTotals(name -> number(t, name)), 0);
    }

    private static long number(Row r, String name) {
        Object v = r.get(r.fieldIndex(name));
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** summary.json in {@code out}, written whole under a temporary name, then renamed. */
    static String writeSummary(SparkSession spark, String out, BatchSummaryJson.Settings settings, BatchTotals totals,
                               List<BatchSummaryJson.Skipped> skipped, Map<String, String> tables) throws IOException {
        Path dir = new Path(out);
        FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        Path file = new Path(dir, "summary.json");
        Path tmp = new Path(dir, ".summary.json.tmp");
        try (FSDataOutputStream o = fs.create(tmp, true);
             Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8)) {
            BatchSummaryJson.writeTotals(w, settings, totals, skipped, tables);
        }
        fs.delete(file, false);
        if (!fs.rename(tmp, file)) {
            throw new IOException("cannot rename " + tmp + " to " + file);
        }
        return LakeInputs.display(fs.makeQualified(file));
    }
}
