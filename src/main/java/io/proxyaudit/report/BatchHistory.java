package io.proxyaudit.report;

import io.proxyaudit.audit.Endpoint;
import java.time.Instant;
import java.util.List;

/**
 * What a batch knows beyond its own captures, for the index, summary.json, JUnit and the terminal: the runs of its
 * history database ({@code --db}) and the endpoints new against its baseline ({@code --baseline}).
 *
 * @param runs     the database's runs, oldest first, this one included (empty without --db or when it failed)
 * @param dbFile   the database file as given, or null without --db
 * @param baseline the comparison with the baseline, or null without --baseline
 */
public record BatchHistory(List<RunPoint> runs, String dbFile, Baseline baseline) {
    public static final BatchHistory NONE = new BatchHistory(List.of(), null, null);

    /** One run of the database, as the trend chart draws it. */
    public record RunPoint(long id, Instant startedAt, String command, int exitCode, int captures, int failed,
                           long flows, long goBypasses, long otherBypasses) {
        public long bypasses() {
            return goBypasses + otherBypasses;
        }
    }

    /**
     * This batch against its baseline file.
     *
     * @param file      the baseline file as given
     * @param known     endpoints the baseline held before this run
     * @param failOnNew true with {@code --new-endpoints fail}: a capture with a new endpoint fails
     * @param fresh     endpoints of this run the baseline does not hold, in {@link Endpoint#ORDER}
     * @param update    what {@code --baseline-update} did, in words, or null without it
     */
    public record Baseline(String file, int known, boolean failOnNew, List<NewEndpoint> fresh, String update) {}

    /**
     * An endpoint the baseline does not hold, with the captures (names as in the batch) that reached it.
     *
     * @param allowedBy when every flow to it was direct-allowed, the {@code --allow} entry ({@code FILE:LINE}) of the
     *                  first: shown, and never a failure with {@code --new-endpoints fail}; else null
     */
    public record NewEndpoint(Endpoint endpoint, long flows, List<String> captures, String allowedBy) {}

    /** The new endpoints that fail with {@code --new-endpoints fail}: those not allowed by {@code --allow}. */
    public static boolean anyFailing(List<NewEndpoint> fresh) {
        return fresh.stream().anyMatch(n -> n.allowedBy() == null);
    }

    /** The new endpoints that {@code capture} reached. */
    public List<NewEndpoint> newIn(String capture) {
        if (baseline == null) {
            return List.of();
        }
        return baseline.fresh().stream().filter(n -> n.captures().contains(capture)).toList();
    }
}
