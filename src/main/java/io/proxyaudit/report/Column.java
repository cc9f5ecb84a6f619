package io.proxyaudit.report;

import java.util.function.Function;

/**
 * One column of a CSV file: a {@link Field} of the record (same name, meaning and value), or a value the flat
 * file needs that the NDJSON nests or leaves to the reader (an ISO time, a duration, the SNI of the ClientHello).
 * Text cells are made formula-safe by {@link CsvWriter}; number cells are written as they are.
 */
public final class Column<T> {
    private final String name;
    private final String doc;
    private final boolean numeric;
    private final Function<T, String> value;

    private Column(String name, String doc, boolean numeric, Function<T, String> value) {
        this.name = name;
        this.doc = doc;
        this.numeric = numeric;
        this.value = value;
    }

    public String name() {
        return name;
    }

    public String doc() {
        return doc;
    }

    boolean numeric() {
        return numeric;
    }

    /** The cell's value, null or "" when empty. */
    String value(T record) {
        return value.apply(record);
    }

    /** The field as a column: same name, same doc. */
    static <T> Column<T> of(Field<T> f) {
        return new Column<>(f.name(), f.doc(), f.numeric(), f::text);
    }

    /** A field of a part of the row's record ({@code AuditedFlow::flow}) as a column. */
    static <T, U> Column<T> of(Field<U> f, Function<T, U> part) {
        return new Column<>(f.name(), f.doc(), f.numeric(), r -> f.text(part.apply(r)));
    }

    /** The field under another column name (the flat file's name predates the field's). */
    static <T> Column<T> renamed(Field<T> f, String name) {
        return new Column<>(name, f.doc(), f.numeric(), f::text);
    }

    /** A text column of the flat file only. */
    static <T> Column<T> text(String name, String doc, Function<T, String> value) {
        return new Column<>(name, doc, false, value);
    }

    /** A number column of the flat file only; the function gives the digits, or "" for none. */
    static <T> Column<T> number(String name, String doc, Function<T, String> value) {
        return new Column<>(name, doc, true, value);
    }
}
