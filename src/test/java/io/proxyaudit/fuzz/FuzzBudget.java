package io.proxyaudit.fuzz;

/**
 * How long one fuzz test runs when fuzzing ({@code JAZZER_FUZZ=1}). jazzer-junit 0.24 takes the budget
 * only from the {@code @FuzzTest} annotation (its {@code -max_total_time} is passed after any
 * user-supplied libFuzzer flag and wins), so it is a constant here; for longer campaigns use the
 * standalone driver described in SECURITY.md. Without {@code JAZZER_FUZZ} the tests only replay their
 * regression inputs and this budget does not apply.
 */
final class FuzzBudget {
    static final String PER_TARGET = "60s";

    private FuzzBudget() {}
}
