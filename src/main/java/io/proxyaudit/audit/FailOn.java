package io.proxyaudit.audit;

import java.util.List;
import java.util.Locale;

/** {@code --fail-on}: which findings make {@code analyze} exit with 1. */
public enum FailOn {
    /** Bypasses of Go-related roles (module-proxy, checksum-db, go-get, vcs, toolchain): the default. */
    GO,
    /** Any direct-bypass finding. */
    ANY,
    /** Never fail on findings. */
    NONE;

    /** {@code go}, {@code any} or {@code none}. */
    public static FailOn parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fail-on " + s + ": expected go, any or none");
        }
    }

    /** True when the finding counts at this level. */
    public boolean counts(Finding f) {
        if (f.verdict() != Verdict.DIRECT_BYPASS) {
            return false;
        }
        return switch (this) {
            case GO -> f.role().isGoRelated();
            case ANY -> true;
            case NONE -> false;
        };
    }

    /** 0 when no finding counts, 1 otherwise (cli.ExitCodes.OK / FINDINGS). */
    public int exitCode(List<Finding> findings) {
        for (Finding f : findings) {
            if (counts(f)) {
                return 1;
            }
        }
        return 0;
    }
}
