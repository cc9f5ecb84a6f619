package io.proxyaudit.policy;

/**
 * golang.org/x/mod {@code module.MatchPrefixPatterns} (GOPRIVATE, GONOPROXY, GONOSUMDB, GOINSECURE): the list
 * is split on commas without trimming, empty patterns skipped, a trailing {@code /} removed; a pattern with N
 * slashes is matched with Go's {@code path.Match} against the first N+1 path elements. Case-sensitive.
 */
public final class ModulePatterns {
    private ModulePatterns() {}

    /** True when some pattern of {@code globs} matches a prefix of {@code target}. */
    public static boolean matches(String globs, String target) {
        return firstMatch(globs, target) != null;
    }

    /** The first matching pattern, or null. */
    public static String firstMatch(String globs, String target) {
        if (globs == null) {
            return null;
        }
        for (String g : globs.split(",", -1)) {
            String glob = g.endsWith("/") ? g.substring(0, g.length() - 1) : g;
            if (glob.isEmpty()) {
                continue;
            }
            int n = 0;
            for (int i = 0; i < glob.length(); i++) {
                if (glob.charAt(i) == '/') {
                    n++;
                }
            }
            String prefix = target;
            for (int i = 0; i < target.length(); i++) {
                if (target.charAt(i) == '/') {
                    if (n == 0) {
                        prefix = target.substring(0, i);
                        break;
                    }
                    n--;
                }
            }
            if (n > 0) {
                continue;
            }
            if (pathMatch(glob, prefix)) {
                return g;
            }
        }
        return null;
    }

    /**
     * Go's {@code path.Match}: {@code *} any run of non-{@code /}, {@code ?} one non-{@code /}, {@code [...]}
     * classes with ranges and {@code ^} negation, {@code \} escapes. A malformed pattern matches nothing.
     */
    public static boolean pathMatch(String pattern, String name) {
        try {
            return match(pattern, 0, name, 0);
        } catch (IllegalArgumentException bad) {
            return false;
        }
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                while (pi < p.length() && p.charAt(pi) == '*') {
                    pi++;
                }
                if (pi == p.length()) {
                    return s.indexOf('/', si) < 0;
                }
                for (int k = si; k <= s.length(); k++) {
                    if (match(p, pi, s, k)) {
                        return true;
                    }
                    if (k < s.length() && s.charAt(k) == '/') {
                        break;
                    }
                }
                validate(p, pi);
                return false;
            }
            if (si >= s.length()) {
                validate(p, pi);
                return false;
            }
            char sc = s.charAt(si);
            if (c == '?') {
                if (sc == '/') {
                    return false;
                }
                pi++;
            } else if (c == '[') {
                int end = classEnd(p, pi);
                if (sc == '/' || !classMatches(p, pi + 1, end, sc)) {
                    validate(p, end + 1);
                    return false;
                }
                pi = end + 1;
            } else if (c == '\\') {
                if (pi + 1 >= p.length()) {
                    throw new IllegalArgumentException("bad pattern");
                }
                if (p.charAt(pi + 1) != sc) {
                    return false;
                }
                pi += 2;
            } else {
                if (c != sc) {
                    return false;
                }
                pi++;
            }
            si++;
        }
        return si == s.length();
    }

    private static void validate(String p, int from) {
        for (int i = from; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '[') {
                i = classEnd(p, i);
            } else if (c == '\\') {
                if (i + 1 >= p.length()) {
                    throw new IllegalArgumentException("bad pattern");
                }
                i++;
            }
        }
    }

    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        boolean first = true;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == ']' && !first) {
                return i;
            }
            if (c == '\\') {
                i++;
            }
            i++;
            first = false;
        }
        throw new IllegalArgumentException("bad pattern");
    }

    private static boolean classMatches(String p, int from, int end, char sc) {
        int i = from;
        boolean negate = false;
        if (p.charAt(i) == '^') {
            negate = true;
            i++;
        }
        boolean matched = false;
        while (i < end) {
            char lo = p.charAt(i);
            if (lo == '\\') {
                lo = p.charAt(++i);
            }
            i++;
            char hi = lo;
            if (i + 1 < end && p.charAt(i) == '-') {
                hi = p.charAt(i + 1);
                if (hi == '\\') {
                    hi = p.charAt(i + 2);
                    i++;
                }
                i += 2;
            }
            if (lo <= sc && sc <= hi) {
                matched = true;
            }
        }
        return matched != negate;
    }
}
