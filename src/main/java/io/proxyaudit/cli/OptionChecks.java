package io.proxyaudit.cli;

/** Range checks of numeric options whose failure names the option and says what it takes (a usage error). */
final class OptionChecks {
    private OptionChecks() {}

    static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(Problems.option(option, value) + ": must be at least " + min);
        }
    }

    static void between(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(Problems.option(option, value) + ": must be from " + min + " to " + max);
        }
    }
}
