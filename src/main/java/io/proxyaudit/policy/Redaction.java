package io.proxyaudit.policy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Removes passwords and tokens from any configuration value before it is shown or stored. */
public final class Redaction {
    // userinfo: after "scheme://" or at the start of a list element, up to '@', without '/', blanks or separators
    private static final Pattern USERINFO = Pattern.compile("(^|://|[\\s,|;=])([^\\s,|;=/@]+)@");

    private Redaction() {}

    /**
     * Replaces {@code user:password@} by {@code user:***@} and a lone {@code token@} by {@code ***@}
     * (the user name {@code git} of scp-style remotes is kept: it is not a secret).
     */
    public static String redact(String value) {
        if (value == null || value.indexOf('@') < 0) {
            return value;
        }
        Matcher m = USERINFO.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String info = m.group(2);
            int colon = info.indexOf(':');
            String replacement;
            if (colon >= 0) {
                replacement = info.substring(0, colon) + ":***";
            } else if (info.equals("git")) {
                replacement = info;
            } else {
                replacement = "***";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + replacement + "@"));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
