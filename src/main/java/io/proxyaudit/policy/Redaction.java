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

    /** Option and variable names whose value is a secret (lower case, {@code -}/{@code _}/{@code .} removed). */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "password|passwd|passphrase|pwd|secret|token|apikey|accesskey|privatekey|credential|auth|cookie|signature");
    /** curl's {@code -u user:password} and {@code -U}/{@code --proxy-user}: the part after the first colon. */
    private static final java.util.Set<String> USER_PASSWORD_OPTIONS = java.util.Set.of("-u", "--user", "-U", "--proxy-user");
    /** Tokens recognisable by their shape wherever they stand (GitHub, GitLab, Slack, npm, PyPI, AWS key id, JWT). */
    private static final Pattern TOKEN_SHAPE = Pattern.compile("(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}"
            + "|glpat-[A-Za-z0-9_-]{16,}|xox[abposr]-[A-Za-z0-9-]{10,}|npm_[A-Za-z0-9]{30,}|pypi-[A-Za-z0-9_-]{30,}"
            + "|AKIA[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}(?:\\.[A-Za-z0-9_-]*)?)");

    private Redaction() {}

    /**
     * A process's argument list (words joined by spaces, as ptcpdump writes it) with anything that looks like a
     * credential replaced by {@code ***}: the value after an option or variable whose name says secret
     * ({@code --password x}, {@code --token=x}, {@code NPM_TOKEN=x}, {@code -Dhttps.proxyPassword=x},
     * {@code //registry.npmjs.org/:_authToken=x}), curl's {@code -u user:password} (the password), header values
     * such as {@code Authorization: Bearer x} up to the next option, {@code user:password@} in URLs, and tokens
     * known by their shape ({@code ghp_...}, {@code glpat-...}, {@code AKIA...}, JWTs). Errs on the side of hiding.
     */
    public static String redactArguments(String args) {
        if (args == null || args.isEmpty()) {
            return args;
        }
        String[] words = args.split(" ", -1);
        StringBuilder out = new StringBuilder(args.length());
        int secretNext = 0; // 1: the next word is a secret; 2: it is user:password
        boolean inHeader = false;
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (i > 0) {
                out.append(' ');
            }
            if (w.isEmpty()) {
                continue;
            }
            if (inHeader && !w.startsWith("-") && !w.contains("://")) {
                out.append("***");
                continue;
            }
            inHeader = false;
            if (secretNext == 1) {
                secretNext = 0;
                out.append("***");
                continue;
            }
            if (secretNext == 2) {
                secretNext = 0;
                out.append(userPassword(w));
                continue;
            }
            String lower = w.toLowerCase(java.util.Locale.ROOT);
            if (USER_PASSWORD_OPTIONS.contains(w)) {
                secretNext = 2;
                out.append(w);
                continue;
            }
            if ((w.startsWith("-u") || w.startsWith("-U")) && w.length() > 2 && w.indexOf(':') > 2 && !w.startsWith("--")) {
                out.append(w, 0, 2).append(userPassword(w.substring(2))); // -uuser:pass
                continue;
            }
            int colon = lower.indexOf(':');
            if (colon > 0 && colon == lower.length() - 1 && isHeaderName(lower.substring(lower.startsWith("-h") ? 2 : 0, colon))) {
                inHeader = true; // "Authorization:" then its value's words
                out.append(w);
                continue;
            }
            if (colon > 0 && colon < lower.length() - 1 && !lower.contains("://") && isHeaderName(lower.substring(lower.startsWith("-h") ? 2 : 0, colon))) {
                inHeader = true; // "Authorization:Bearer" attached
                out.append(w, 0, colon + 1).append("***");
                continue;
            }
            int eq = w.indexOf('=');
            if (eq > 0 && isSecretName(w.substring(0, eq))) {
                out.append(w, 0, eq + 1).append(eq + 1 < w.length() ? "***" : "");
                continue;
            }
            if (w.startsWith("-") && eq < 0 && isSecretName(w)) {
                secretNext = 1; // --password x
                out.append(w);
                continue;
            }
            out.append(w);
        }
        return redact(TOKEN_SHAPE.matcher(out).replaceAll("***"));
    }

    private static String userPassword(String w) {
        int colon = w.indexOf(':');
        return colon < 0 ? w : w.substring(0, colon) + ":***";
    }

    /** A header whose value is a credential: Authorization, Proxy-Authorization, Cookie, or a name saying secret. */
    private static boolean isHeaderName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')
                && (name.equals("authorization") || name.equals("proxy-authorization") || isSecretName(name));
    }

    /** True when a name, dashes, dots and underscores removed, contains a word that says secret. */
    static boolean isSecretName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
        int slash = n.lastIndexOf('/');
        return SECRET_NAME.matcher(slash >= 0 ? n.substring(slash + 1) : n).find();
    }

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
