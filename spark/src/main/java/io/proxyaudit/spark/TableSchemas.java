package io.proxyaudit.spark;

import io.proxyaudit.report.BatchSummaryJson;
import io.proxyaudit.report.CaptureSchema;
import io.proxyaudit.report.DnsSchema;
import io.proxyaudit.report.Field;
import io.proxyaudit.report.FindingSchema;
import io.proxyaudit.report.FlowSchema;
import io.proxyaudit.report.RecordSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet tables' columns, derived from the NDJSON field declarations ({@link FlowSchema}, {@link DnsSchema},
 * {@link FindingSchema}, {@link CaptureSchema}): same names, same nesting, in the same order; docs/spark.md lists them.
 * The {@code captures} table adds the per-capture fields of batch's summary.json, and every table the join key
 * {@code capture} and the partition column {@code date}.
 */
final class TableSchemas {
    /** Epoch seconds with nine decimals, as in NDJSON: exact, and {@code CAST(ts AS TIMESTAMP)} reads it. */
    static final DataType TIMESTAMP = DataTypes.createDecimalType(20, 9);

    static final StructType FLOWS = of(FlowSchema.FLOW, FlowSchema.AUDIT);
    static final StructType DNS = of(DnsSchema.DNS, DnsSchema.AUDIT);
    static final StructType FINDINGS = of(FindingSchema.FINDING);
    /** The NDJSON capture record of {@code analyze}. */
    static final StructType CAPTURE_RECORD = of(CaptureSchema.CAPTURE, CaptureSchema.AUDIT);

    /** summary.json's {@code counts} of a capture (docs/batch-summary.md). */
    static final StructType COUNTS = counts();

    /** The fields of a summary.json capture entry that the NDJSON capture record does not already hold. */
    static final List<StructField> BATCH_FIELDS = List.of(
            field("name", DataTypes.StringType),
            field("path", DataTypes.StringType),
            field("status", DataTypes.StringType),
            field("failed", DataTypes.BooleanType),
            field("error", DataTypes.StringType),
            field("damage", DataTypes.StringType),
            field("config_source", DataTypes.StringType),
            field("sidecars", DataTypes.createArrayType(DataTypes.StringType, false)),
            field("file_bytes", DataTypes.LongType),
            field("elapsed_ms", DataTypes.LongType),
            field("counts", COUNTS));

    static final StructType CAPTURES = concat(CAPTURE_RECORD, BATCH_FIELDS);

    /** The key that links every row to its capture (the {@code path} of the captures table). */
    static final String CAPTURE = "capture";
    /** The partition column: the UTC date of the capture's first packet (else of the file's modification time). */
    static final String DATE = "date";

    private TableSchemas() {}

    /** The columns of one or more records written as one NDJSON object (a flow and what analyze adds to it). */
    static StructType of(RecordSchema<?>... parts) {
        List<StructField> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (RecordSchema<?> part : parts) {
            for (Field<?> f : part.fields()) {
                if (!names.add(f.name())) {
                    throw new IllegalStateException("field " + f.name() + " of " + part.name() + " declared twice");
                }
                fields.add(field(f.name(), type(f)));
            }
        }
        return DataTypes.createStructType(fields);
    }

    /** The column type of a field, from its declared JSON type. */
    static DataType type(Field<?> f) {
        switch (f.type()) {
            case "string":
                return DataTypes.StringType;
            case "number":
                return f.timestamp() ? TIMESTAMP : DataTypes.LongType;
            case "boolean":
                return DataTypes.BooleanType;
            case "[string]":
                return DataTypes.createArrayType(DataTypes.StringType, false);
            case "[number]":
                return DataTypes.createArrayType(DataTypes.LongType, false);
            case "object":
                // an object without declared members is a map of counts (counters, clients)
                return f.members() == null ? DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false)
                        : of(f.members());
            case "[object]":
                return DataTypes.createArrayType(of(f.members()), false);
            default:
                throw new IllegalStateException("no column type for field " + f.name() + " of JSON type " + f.type());
        }
    }

    private static StructType counts() {
        List<StructField> fields = new ArrayList<>();
        for (BatchSummaryJson.Count c : BatchSummaryJson.COUNTS) {
            fields.add(field(c.name(), DataTypes.LongType));
        }
        return DataTypes.createStructType(fields);
    }

    private static StructType concat(StructType a, List<StructField> more) {
        List<StructField> fields = new ArrayList<>(List.of(a.fields()));
        Set<String> names = new HashSet<>(List.of(a.fieldNames()));
        for (StructField f : more) {
            if (!names.add(f.name())) {
                throw new IllegalStateException("field " + f.name() + " declared twice");
            }
            fields.add(f);
        }
        return DataTypes.createStructType(fields);
    }

    static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }
}
