package io.proxyaudit.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One NDJSON object, as {@link io.proxyaudit.report.NdjsonWriter} wrote it, into the values of a table row of the
 * matching {@link TableSchemas} type: the rows hold exactly what the NDJSON says, an omitted field being null. A
 * member the table does not have is an error (the two come from the same declarations, so it is a bug).
 */
final class JsonRows {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonRows() {}

    /** The values of {@code json}'s members in the order of {@code type}'s fields (an array as wide as {@code type}). */
    static Object[] values(String json, StructType type) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object: " + json.substring(0, Math.min(40, json.length())));
            }
            return members(p, type);
        }
    }

    /** The members of the object the parser is at (its START_OBJECT read), up to its END_OBJECT. */
    private static Object[] members(JsonParser p, StructType type) throws IOException {
        Object[] v = new Object[type.size()];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int i = index(type, name);
            p.nextToken();
            v[i] = value(p, type.fields()[i].dataType(), name);
        }
        return v;
    }

    private static int index(StructType type, String name) throws IOException {
        try {
            return type.fieldIndex(name);
        } catch (IllegalArgumentException e) {
            throw new IOException("NDJSON member " + name + " has no column (schema and writer disagree)");
        }
    }

    private static Object value(JsonParser p, DataType t, String name) throws IOException {
        JsonToken tok = p.currentToken();
        if (tok == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t instanceof StringType) {
            return p.getText();
        }
        if (t instanceof LongType) {
            return p.getLongValue();
        }
        if (t instanceof DecimalType) {
            return p.getDecimalValue(); // exact: the text "1567450613.473730000"
        }
        if (t instanceof BooleanType) {
            return p.getBooleanValue();
        }
        if (t instanceof ArrayType a) {
            expect(tok, JsonToken.START_ARRAY, name);
            List<Object> l = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                l.add(value(p, a.elementType(), name));
            }
            return l.toArray(); // Spark's row encoder takes arrays and Scala collections, not java.util.List
        }
        if (t instanceof MapType m) {
            expect(tok, JsonToken.START_OBJECT, name);
            Map<String, Object> map = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                map.put(key, value(p, m.valueType(), name));
            }
            return CollectionConverters.asScala(map); // a Scala map, as the row encoder expects
        }
        if (t instanceof StructType s) {
            expect(tok, JsonToken.START_OBJECT, name);
            return RowFactory.create(members(p, s));
        }
        throw new IOException("no conversion of " + name + " to " + t.simpleString());
    }

    private static void expect(JsonToken got, JsonToken want, String name) throws IOException {
        if (got != want) {
            throw new IOException("NDJSON member " + name + ": expected " + want + ", found " + got);
        }
    }

    /** {@code values} as a row. */
    static Row row(Object[] values) {
        return RowFactory.create(values);
    }
}
