package io.proxyaudit.report;

import io.proxyaudit.audit.FailOn;
import io.proxyaudit.audit.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * GitHub Actions workflow commands for findings: {@code ::error title=T::MESSAGE} for a finding that fails at
 * {@code --fail-on}, {@code ::warning} for the others. Escaped as GitHub's own toolkit does (actions/toolkit,
 * packages/core/src/command.ts, escapeData and escapeProperty): {@code %}, CR and LF as {@code %25}, {@code %0D},
 * {@code %0A} everywhere, and in a property also {@code :} and {@code ,} as {@code %3A}, {@code %2C}; so a hostile
 * name can neither end the line (a second command) nor the title. Controls are replaced before that.
 */
public final class GithubAnnotations {
    /** Annotations per capture: GitHub shows at most 10 errors and 10 warnings per step anyway. */
    static final int MAX_PER_CAPTURE = 50;

    private GithubAnnotations() {}

    /** One line per finding (bounded), without line ends. */
    public static List<String> lines(String capture, List<Finding> findings, FailOn level) {
        List<String> out = new ArrayList<>();
        for (Finding f : findings) {
            if (out.size() == MAX_PER_CAPTURE) {
                out.add("::warning title=" + property("proxyaudit: more findings") + "::"
                        + data((findings.size() - MAX_PER_CAPTURE) + " more findings in " + capture + ": see the report"));
                break;
            }
            String title = "proxyaudit: " + (f.verdict() == null ? "-" : f.verdict().wire()) + " " + f.host() + ":"
                    + f.port() + " (" + (f.role() == null ? "-" : f.role().wire()) + ")";
            String message = capture + ": " + AuditTotals.count(f.flowCount(), "flow") + "; " + f.reason()
                    + (f.remediation() == null ? "" : "; fix: " + f.remediation());
            out.add("::" + (level.counts(f) ? "error" : "warning") + " title=" + property(title) + "::" + data(message));
        }
        return out;
    }

    /** escapeData of actions/toolkit, after cleaning and bounding. */
    static String data(String s) {
        return SafeText.bound(s, 2000).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** escapeProperty of actions/toolkit, after cleaning and bounding. */
    static String property(String s) {
        return data(SafeText.bound(s, 300)).replace(":", "%3A").replace(",", "%2C");
    }
}
