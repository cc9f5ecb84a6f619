package io.proxyaudit.cli;

/** The width of the user's terminal as far as it is known without asking the terminal: {@code $COLUMNS}. */
final class TerminalWidth {
    /** Below this nothing is laid out sensibly; picocli's own minimum for help. */
    static final int MIN = 55;

    private TerminalWidth() {}

    /** {@code $COLUMNS} when it is a number (at least {@link #MIN}), else {@code otherwise}. */
    static int columns(int otherwise) {
        String cols = System.getenv("COLUMNS");
        if (cols != null) {
            try {
                int w = Integer.parseInt(cols.trim());
                if (w > 0) {
                    return Math.max(MIN, w);
                }
            } catch (NumberFormatException ignored) {
                // not a number: as if unset
            }
        }
        return otherwise;
    }
}
