package io.proxyaudit.policy;

/**
 * golang.org/x/mod {@code module.EscapePath}/{@code EscapeVersion} ({@code escapeString}): each upper-case ASCII
 * letter becomes {@code !} plus its lower case. cmd/go's proxy client then applies {@code url.PathEscape}
 * with {@code %2F} turned back into {@code /} (modfetch/proxy.go {@code pathEscape}), so {@code !} reads
 * {@code %21} on the wire; the sumdb client keeps a literal {@code !}.
 */
public final class ModuleEscaping {
    private ModuleEscaping() {}

    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                sb.append('!').append((char) (c + ('a' - 'A')));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Go's url.PathEscape with {@code /} kept: unreserved characters and {@code $&+,/:;=@} stay. */
    public static String proxyPathEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~$&+,/:;=@".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    sb.append('%').append(String.format("%02X", b & 0xff));
                }
            }
        }
        return sb.toString();
    }
}
