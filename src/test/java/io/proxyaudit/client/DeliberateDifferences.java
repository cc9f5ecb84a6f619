package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tally of a differential test against a real program: every difference must match a line of its
 * deliberate-differences TSV (a regular expression over the test's description of the difference, then the reason),
 * and every line must still match one, so the list cannot outlive what it excuses.
 */
final class DeliberateDifferences {
    private final Path file;
    private final List<Pattern> patterns = new ArrayList<>();
    private final boolean[] used;
    private final List<String> unlisted = new ArrayList<>();
    private final List<String> listed = new ArrayList<>();
    private int total;
    private int agree;

    DeliberateDifferences(Path file) throws IOException {
        this.file = file;
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                patterns.add(Pattern.compile(line.split("\t", -1)[0]));
            }
        }
        used = new boolean[patterns.size()];
    }

    /** One comparison; {@code description} is only built (and matched) when the answers differ. */
    void compare(String real, String model, java.util.function.Supplier<String> description) {
        total++;
        if (real.equals(model)) {
            agree++;
            return;
        }
        String line = description.get();
        boolean found = false;
        for (int k = 0; k < patterns.size() && !found; k++) {
            found = patterns.get(k).matcher(line).find();
            used[k] |= found;
        }
        (found ? listed : unlisted).add(line);
    }

    int total() {
        return total;
    }

    int agree() {
        return agree;
    }

    /** Writes every difference to {@code report}, prints the figures and fails on an unlisted or unused one. */
    void check(String test, Path report) throws IOException {
        check(test, report, true);
    }

    /**
     * As {@link #check(String, Path)}; {@code everyLineUsed} false for a test that sees only some of the
     * differences the file lists (a wire test beside the differential test that owns the file).
     */
    void check(String test, Path report, boolean everyLineUsed) throws IOException {
        Files.createDirectories(report.getParent());
        List<String> all = new ArrayList<>();
        unlisted.forEach(l -> all.add("UNLISTED " + l));
        listed.forEach(l -> all.add("listed " + l));
        Files.write(report, all);
        System.out.printf("%s: %d cases, %d agree (%.2f%%), %d listed deliberate, %d unlisted; details in %s%n",
                test, total, agree, 100.0 * agree / total, listed.size(), unlisted.size(), report);
        if (!unlisted.isEmpty()) {
            fail(unlisted.size() + " differences not listed in " + file + ", e.g.:\n  "
                    + String.join("\n  ", unlisted.subList(0, Math.min(25, unlisted.size()))));
        }
        for (int k = 0; k < patterns.size() && everyLineUsed; k++) {
            assertTrue(used[k], "listed in " + file + " but no longer seen: " + patterns.get(k));
        }
    }
}
