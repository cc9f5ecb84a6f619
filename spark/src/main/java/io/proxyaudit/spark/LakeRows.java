package io.proxyaudit.spark;

import io.proxyaudit.audit.AuditResult;
import io.proxyaudit.audit.AuditedDns;
import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.Finding;
import io.proxyaudit.report.AuditTotals;
import io.proxyaudit.report.BatchRow;
import io.proxyaudit.report.BatchSummaryJson;
import io.proxyaudit.report.NdjsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows one capture gives, in one wide row type ({@link #SCHEMA}) so the job audits each capture once and then
 * splits the rows into the four tables: {@code kind} says which of {@code capture_record}, {@code flow},
 * {@code dns}, {@code finding} a row holds, or that the file was {@code skipped} (not a capture, found in a walk).
 * Each record goes through {@link NdjsonWriter}, so a row holds exactly the capture's NDJSON.
 */
final class LakeRows {
    static final String CAPTURE = "capture";
    static final String FLOW = "flow";
    static final String DNS = "dns";
    static final String FINDING = "finding";
    static final String SKIPPED = "skipped";

    /** The struct column of each table's rows. */
    static final String CAPTURE_RECORD = "capture_record";
    static final String SKIPPED_REASON = "skipped_reason";

    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            TableSchemas.field("kind", DataTypes.StringType),
            TableSchemas.field(TableSchemas.CAPTURE, DataTypes.StringType),
            TableSchemas.field(TableSchemas.DATE, DataTypes.DateType),
            TableSchemas.field(CAPTURE_RECORD, TableSchemas.CAPTURES),
            TableSchemas.field(FLOW, TableSchemas.FLOWS),
            TableSchemas.field(DNS, TableSchemas.DNS),
            TableSchemas.field(FINDING, TableSchemas.FINDINGS),
            TableSchemas.field(SKIPPED_REASON, DataTypes.StringType)));

    private final StringWriter buffer = new StringWriter();
    private final NdjsonWriter ndjson = new NdjsonWriter(buffer);

    /** Every row of one capture: its captures row first, then its flows, DNS lookups and findings. */
    List<Row> rows(BatchRow row, AuditResult r, Date date) throws IOException {
        List<Row> out = new ArrayList<>(r == null ? 1 : 1 + r.flows().size() + r.dns().size() + r.findings().size());
        String capture = row.path();
        Object[] rec = r == null ? new Object[TableSchemas.CAPTURES.size()] : values(TableSchemas.CAPTURES, () -> {
            ndjson.writeCapture(r);
        });
        batchFields(rec, row);
        out.add(RowFactory.create(CAPTURE, capture, date, RowFactory.create(rec), null, null, null, null));
        if (r == null) {
            return out;
        }
        for (AuditedFlow f : r.flows()) {
            Object[] v = values(TableSchemas.FLOWS, () -> ndjson.writeFlow(f));
            out.add(RowFactory.create(FLOW, capture, date, null, RowFactory.create(v), null, null, null));
        }
        for (AuditedDns d : r.dns()) {
            Object[] v = values(TableSchemas.DNS, () -> ndjson.writeDns(d));
            out.add(RowFactory.create(DNS, capture, date, null, null, RowFactory.create(v), null, null));
        }
        for (Finding f : r.findings()) {
            Object[] v = values(TableSchemas.FINDINGS, () -> ndjson.writeFinding(f));
            out.add(RowFactory.create(FINDING, capture, date, null, null, null, RowFactory.create(v), null));
        }
        return out;
    }

    /** The row of a file found in a directory that is not a capture. */
    static Row skipped(String path, String reason) {
        return RowFactory.create(SKIPPED, path, null, null, null, null, null, reason);
    }

    private interface Write {
        void to() throws IOException;
    }

    private Object[] values(StructType type, Write write) throws IOException {
        buffer.getBuffer().setLength(0);
        write.to();
        ndjson.flush();
        return JsonRows.values(buffer.toString(), type);
    }

    /** The summary.json fields of a capture entry ({@link TableSchemas#BATCH_FIELDS}), from its batch row. */
    private static void batchFields(Object[] rec, BatchRow row) {
        StructType t = TableSchemas.CAPTURES;
        rec[t.fieldIndex("name")] = row.name();
        rec[t.fieldIndex("path")] = row.path();
        rec[t.fieldIndex("status")] = row.status().wire();
        rec[t.fieldIndex("failed")] = row.failed();
        rec[t.fieldIndex("error")] = row.error();
        rec[t.fieldIndex("damage")] = row.damage();
        rec[t.fieldIndex("config_source")] = row.configSource();
        rec[t.fieldIndex("sidecars")] = row.sidecars().toArray();
        rec[t.fieldIndex("file_bytes")] = row.fileBytes();
        rec[t.fieldIndex("elapsed_ms")] = row.elapsedNanos() / 1_000_000;
        rec[t.fieldIndex("counts")] = row.totals() == null ? null : counts(row.totals());
    }

    private static Row counts(AuditTotals t) {
        Object[] v = new Object[BatchSummaryJson.COUNTS.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = BatchSummaryJson.COUNTS.get(i).value().applyAsLong(t);
        }
        return RowFactory.create(v);
    }
}
