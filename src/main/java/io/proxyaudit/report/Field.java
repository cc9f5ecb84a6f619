package io.proxyaudit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * One field of an output record, declared once: its NDJSON name, type and meaning, and how its value is taken
 * from the record {@code T}. The NDJSON writer, the CSV columns ({@link Column#of}), the HTML tables and
 * docs/ndjson-schema.md all come from these declarations (like Zeek's {@code Info} records, whose fields carry a
 * {@code ##} doc and {@code &log}). Each field writes itself in a few straight-line calls: no reflection, no map,
 * no boxing per record.
 *
 * <p>The conventions of the NDJSON output live here, once: an absent value (null string, empty list, missing time
 * stamp, a count of zero where the field says so) is omitted, never written as {@code null}.
 */
public abstract class Field<T> {
    private final String name;
    private final String type;
    private final String doc;

    private Field(String name, String type, String doc) {
        this.name = name;
        this.type = type;
        this.doc = doc;
    }

    /** The NDJSON member name. */
    public final String name() {
        return name;
    }

    /** The JSON type as documented: {@code string}, {@code number}, {@code boolean}, {@code [string]}, {@code object} ... */
    public final String type() {
        return type;
    }

    /** What the value means (one sentence or a list of values; Markdown). */
    public final String doc() {
        return doc;
    }

    /** For an object or a list of objects: the fields of each; else null. */
    public RecordSchema<?> members() {
        return null;
    }

    /** True for a time stamp: a {@code number} of epoch seconds with nine decimals, exact (tables store it as such). */
    public boolean timestamp() {
        return false;
    }

    /** Writes {@code "name":value} into the open object, or nothing when the value is absent. */
    abstract void json(T record, JsonGenerator g) throws IOException;

    /** The value as one CSV cell (lists joined by a space, absent as null); null for objects. */
    String text(T record) {
        return null;
    }

    /** True when the CSV cell is a number (numbers get no formula guard). */
    boolean numeric() {
        return "number".equals(type);
    }

    /** This field, written to NDJSON only for records that pass {@code when} (its CSV cell is unchanged). */
    public Field<T> when(Predicate<T> when) {
        Field<T> inner = this;
        return new Field<>(name, type, doc) {
            @Override
            void json(T r, JsonGenerator g) throws IOException {
                if (when.test(r)) {
                    inner.json(r, g);
                }
            }

            @Override
            String text(T r) {
                return inner.text(r);
            }

            @Override
            public RecordSchema<?> members() {
                return inner.members();
            }

            @Override
            public boolean timestamp() {
                return inner.timestamp();
            }
        };
    }

    // ------------------------------------------------------------ kinds of field

    /** A constant string: the record's {@code type}. */
    static <T> Field<T> constant(String name, String doc, String value) {
        return new Field<>(name, "string", doc) {
            @Override
            void json(T r, JsonGenerator g) throws IOException {
                g.writeStringField(name, value);
            }

            @Override
            String text(T r) {
                return value;
            }
        };
    }

    /** A constant number: {@code schema_version}. */
    static <T> Field<T> constant(String name, String doc, int value) {
        return new Field<>(name, "number", doc) {
            @Override
            void json(T r, JsonGenerator g) throws IOException {
                g.writeNumberField(name, value);
            }

            @Override
            String text(T r) {
                return Integer.toString(value);
            }
        };
    }

    /** A string, omitted when null. */
    static <T> Field<T> text(String name, String doc, Function<T, String> get) {
        return new Field<>(name, "string", doc) {
            @Override
            void json(T r, JsonGenerator g) throws IOException {
                String v = get.apply(r);
                if (v != null) {
                    g.writeStringField(name, v);
                }
            }

            @Override
            String text(T r) {
                return get.apply(r);
            }
        };
    }

    /** A number, always written. */
    static <T> Field<T> number(String name, String doc, ToLongFunction<T> get) {
        return number(name, doc, get, Long.MIN_VALUE);
    }

    /** A number written only when greater than zero (a status, a count of something that rarely happens). */
    static <T> Field<T> positive(String name, String doc, ToLongFunction<T> get) {
        return number(name, doc, get, 0);
    }

    /** A number written only when zero or more (-1 stands for "not known"). */
    static <T> Field<T> nonNegative(String name, String doc, ToLongFunction<T> get) {
        return number(name, doc, get, -1);
    }

    private static <T> Field<T> number(String name, String doc, ToLongFunction<T> get, long absentAtOrBelow) {
        return new Field<>(name, "number", doc) {
            @Override
            void json(T r, JsonGenerator g) throws IOException {
                long v = get.applyAsLong(r);
                if (v > absentAtOrBelow || absentAtOrBelow == Long.MIN_VALUE) {
                    g.writeNumberField(name, v);
                }
            }

            @Override
            String text(T r) {
                return Long.toString(get.applyAsLong(r));
            }
        };
    }

    /**
     * A time stamp from epoch nanoseconds: epoch seconds with nine decimals as a JSON number, exact; omitted for
     * {@link Long#MIN_VALUE} (no time stamp).
     */
    static <T> Field<T> timestamp(String name, String doc, ToLongFunction<T> get) {
        return new Field<>(name, "number", doc) {
            @Override
            void json(T r, JsonGenerator g) throws IOException {
                long v = get.applyAsLong(r);
                if (v != Long.MIN_VALUE) {
                    g.writeFieldName(name);
                    g.writeNumber(NdjsonWriter.epochSeconds(v));
                }
            }

            @Override
            String text(T r) {
                long v = get.applyAsLong(r);
                return v == Long.MIN_VALUE ? null : NdjsonWriter.epochSeconds(v);
            }

            @Override
            public boolean timestamp() {
                return true;
            }
        };
    }

    /** {@code true}, or omitted. */
    static <T> Field<T> flag(String name, String doc, Predicate<T> get) {
        return new Field<>(name, "boolean", doc) {
            @Override
            void json(T r, JsonGenerator g) throws IOException {
                if (get.test(r)) {
                    g.writeBooleanField(name, true);
                }
            }

            @Override
            String text(T r) {
                return get.test(r) ? "true" : "false";
            }
        };
    }

    /** A list of strings, omitted when null or empty. */
    static <T> Field<T> texts(String name, String doc, Function<T, List<String>> get) {
        return texts(name, doc, get, false);
    }

    /** A list of strings, omitted only when null: an empty list is a fact ({@code answers} of an empty response). */
    static <T> Field<T> textsEvenEmpty(String name, String doc, Function<T, List<String>> get) {
        return texts(name, doc, get, true);
    }

    private static <T> Field<T> texts(String name, String doc, Function<T, List<String>> get, boolean evenEmpty) {
        return new Field<>(name, "[string]", doc) {
            @Override
            void json(T r, JsonGenerator g) throws IOException {
                List<String> v = get.apply(r);
                if (v == null || (v.isEmpty() && !evenEmpty)) {
                    return;
                }
                g.writeArrayFieldStart(name);
                for (int i = 0; i < v.size(); i++) {
                    g.writeString(v.get(i));
                }
                g.writeEndArray();
            }

            @Override
            String text(T r) {
                List<String> v = get.apply(r);
                return v == null || v.isEmpty() ? null : String.join(" ", v);
            }
        };
    }

    /** A nested object, omitted when null. */
    static <T, U> Field<T> object(String name, String doc, Function<T, U> get, RecordSchema<U> members) {
        return new Field<>(name, "object", doc) {
            @Override
            void json(T r, JsonGenerator g) throws IOException {
                U v = get.apply(r);
                if (v != null) {
                    g.writeObjectFieldStart(name);
                    members.writeFields(v, g);
                    g.writeEndObject();
                }
            }

            @Override
            public RecordSchema<?> members() {
                return members;
            }
        };
    }

    /** A list of objects, omitted when null or empty. */
    static <T, U> Field<T> objects(String name, String doc, Function<T, List<U>> get, RecordSchema<U> members) {
        return new Field<>(name, "[object]", doc) {
            @Override
            void json(T r, JsonGenerator g) throws IOException {
                List<U> v = get.apply(r);
                if (v == null || v.isEmpty()) {
                    return;
                }
                g.writeArrayFieldStart(name);
                for (int i = 0; i < v.size(); i++) {
                    g.writeStartObject();
                    members.writeFields(v.get(i), g);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }

            @Override
            public RecordSchema<?> members() {
                return members;
            }
        };
    }

    /** Writes the whole member (name and value) or nothing; for the few fields no kind above fits. */
    interface JsonWrite<T> {
        void write(T record, String name, JsonGenerator g) throws IOException;
    }

    /** A field with its own writer and CSV text ({@code text} may be null: not a CSV value). */
    static <T> Field<T> custom(String name, String type, String doc, JsonWrite<T> write, Function<T, String> text) {
        return new Field<>(name, type, doc) {
            @Override
            void json(T r, JsonGenerator g) throws IOException {
                write.write(r, name, g);
            }

            @Override
            String text(T r) {
                return text == null ? null : text.apply(r);
            }
        };
    }
}
