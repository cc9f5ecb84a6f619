package io.proxyaudit.report;

/**
 * Makes strings that come from a capture or the environment safe to show: control characters and
 * bidirectional overrides replaced, length bounded, and escaping for HTML text/attributes and for
 * JSON embedded in a {@code <script>} block. Every writer in this package goes through here.
 */
public final class SafeText {
    /** Shown in place of a control, bidi-override or unpaired surrogate character. */
    public static final char REPLACEMENT = '\uFFFD';
    /** Default display bound for names (a DNS name is at most 253 characters, RFC 1035 §2.3.4). */
    public static final int DEFAULT_MAX = 120;

    private SafeText() {}

    /**
     * Replaces C0/C1 controls, DEL, bidi embedding/override/isolate marks (U+202A..U+202E, U+2066..U+2069,
     * U+200E, U+200F, U+061C), line/paragraph separators and unpaired surrogates with U+FFFD. Null becomes "".
     */
    public static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = isUnsafe(c);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    if (out != null) {
                        out.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                bad = true;
            } else if (Character.isLowSurrogate(c)) {
                bad = true;
            }
            if (bad && out == null) {
                out = new StringBuilder(s.length());
                out.append(s, 0, i);
            }
            if (out != null) {
                out.append(bad ? REPLACEMENT : c);
            }
        }
        return out == null ? s : out.toString();
    }

    private static boolean isUnsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c || c == 0x2028 || c == 0x2029;
    }

    /** {@link #clean} then cut to {@code max} characters, ending with an ellipsis when cut. */
    public static String bound(String s, int max) {
        String c = clean(s);
        if (c.length() <= max) {
            return c;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(c.charAt(end - 1))) {
            end--;
        }
        return c.substring(0, Math.max(0, end)) + "\u2026";
    }

    /** Display form of a name: cleaned and bounded to {@link #DEFAULT_MAX}. */
    public static String display(String s) {
        return bound(s, DEFAULT_MAX);
    }

    /** Escapes for HTML text and double- or single-quoted attribute values (after {@link #clean}). */
    public static String html(String s) {
        String c = clean(s);
        StringBuilder b = null;
        for (int i = 0; i < c.length(); i++) {
            String rep = switch (c.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(c.length() + 16);
                b.append(c, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c.charAt(i));
                }
            }
        }
        return b == null ? c : b.toString();
    }

    /** HTML-escaped display form: cleaned, bounded, escaped. */
    public static String htmlBounded(String s, int max) {
        return html(bound(s, max));
    }

    /**
     * Appends {@code s} as a JSON string literal that is also safe inside an HTML {@code <script>} element:
     * {@code < > &} and U+2028/U+2029 are written as \\u escapes so no {@code </script>} or comment can form.
     */
    public static void appendJsonString(StringBuilder b, String s) {
        b.append('"');
        if (s != null) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029
                                || Character.isSurrogate(c)) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
        }
        b.append('"');
    }

    /**
     * Escapes for XML 1.0 text and attributes. Characters not allowed in XML 1.0 (§2.2: controls other than
     * TAB, LF, CR; U+FFFE/U+FFFF; unpaired surrogates) become U+FFFD.
     */
    public static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
                continue;
            }
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\t' -> b.append("&#9;");
                case '\n' -> b.append("&#10;");
                case '\r' -> b.append("&#13;");
                default -> {
                    boolean bad = c < 0x20 || c == 0xfffe || c == 0xffff || Character.isSurrogate(c);
                    b.append(bad ? REPLACEMENT : c);
                }
            }
        }
        return b.toString();
    }
}
