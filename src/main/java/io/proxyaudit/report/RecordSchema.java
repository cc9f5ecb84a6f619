package io.proxyaudit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * The fields of one kind of output object (a record such as {@code flow}, or a nested object such as {@code tls}),
 * in output order. Writing a record is a loop over a fixed array of {@link Field}s.
 */
public final class RecordSchema<T> {
    private final String name;
    private final String doc;
    private final Field<T>[] fields;

    @SafeVarargs
    RecordSchema(String name, String doc, Field<T>... fields) {
        this.name = name;
        this.doc = doc;
        this.fields = fields.clone();
    }

    /** The record's {@code type} value, or for a nested object the field(s) that hold it. */
    public String name() {
        return name;
    }

    /** What one object of this kind stands for (Markdown). */
    public String doc() {
        return doc;
    }

    public List<Field<T>> fields() {
        return List.of(fields);
    }

    /** The field called {@code name}; fails when there is none (a column naming a field that does not exist). */
    public Field<T> field(String name) {
        for (Field<T> f : fields) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no field " + name + " in " + this.name);
    }

    /** Writes the present fields into the open JSON object. */
    void writeFields(T record, JsonGenerator g) throws IOException {
        for (Field<T> f : fields) {
            f.json(record, g);
        }
    }
}
