package io.proxyaudit.report;

import java.util.function.Function;

/**
 * A column of an HTML report table: its heading, what it shows (the doc of the schema {@link Field} it shows, or
 * its own; the heading's tooltip) and the cell's text for a row. The text is untrusted: the report escapes it.
 */
final class TableColumn<T> {
    final String heading;
    final String doc;
    /** CSS class of the cells, or null. */
    final String cellClass;
    final Function<T, String> text;

    private TableColumn(String heading, String doc, String cellClass, Function<T, String> text) {
        this.heading = heading;
        this.doc = doc;
        this.cellClass = cellClass;
        this.text = text;
    }

    /** A column showing a schema field, in the table's own rendering (a clock time, a bounded name). */
    static <T> TableColumn<T> of(String heading, Field<?> shows, Function<T, String> text) {
        return new TableColumn<>(heading, shows.doc(), null, text);
    }

    /** A column showing a value the schema has no field for. */
    static <T> TableColumn<T> derived(String heading, String doc, Function<T, String> text) {
        return new TableColumn<>(heading, doc, null, text);
    }

    /** The same column with a CSS class on its cells ({@code name}: names wrap anywhere). */
    TableColumn<T> cells(String cssClass) {
        return new TableColumn<>(heading, doc, cssClass, text);
    }

    /** The tooltip: the doc without Markdown's backticks. */
    String tooltip() {
        return doc.replace("`", "");
    }
}
