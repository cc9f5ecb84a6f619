package io.proxyaudit.policy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Removes passwords and tokens from any configuration value before it is shown or stored. */
public final class Redaction {
    // userinfo: after "scheme://" or at the start of a list element, up to '@', without '/', blanks or separators
    private static final Pattern USERINFO = Pattern.compile("(^|://|[\\s,|;=])([^\\s,|;=/@]+)@");
    // After "scheme://" (or at the start) userinfo runs to the LAST '@' of the authority (Go net/url
    // parseAuthority uses strings.LastIndex) and may hold sub-delims such as , ; = (RFC 3986 §3.2.1):
    // a password "pa,ss" or "p@ss" must not survive the list-oriented pattern above.
    private static final Pattern AUTHORITY_USERINFO = Pattern.compile("(^|://)([^\\s/?#]+)@");

    private Redaction() {}

    /**
     * Replaces {@code user:password@} by {@code user:***@} and a lone {@code token@} by {@code ***@}
     * (the user name {@code git} of scp-style remotes is kept: it is not a secret).
     */
    public static String redact(String value) {
        if (value == null || value.indexOf('@') < 0) {
            return value;
        }
        return replace(USERINFO, replace(AUTHORITY_USERINFO, value));
    }

    private static String replace(Pattern p, String value) {
        Matcher m = p.matcher(value);
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
