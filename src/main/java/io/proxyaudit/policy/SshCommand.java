package io.proxyaudit.policy;

import java.util.List;
import java.util.Locale;

/**
 * The ssh command git runs for an ssh remote and the proxy hop it names, read from the configuration as git reads it
 * (git connect.c {@code get_ssh_command}: GIT_SSH_COMMAND, else core.sshCommand, both run through the shell;
 * else GIT_SSH, a program run without the shell; else {@code ssh}). From an OpenSSH command line the first
 * ProxyCommand or ProxyJump is taken ({@code -o ProxyCommand=...}, {@code -oProxyJump=...}, {@code -J host};
 * ssh_config(5): "the first obtained value will be used", and ProxyJump and ProxyCommand compete, "whichever is
 * specified first will prevent later instances of the other"), and from the ProxyCommand the address it connects
 * to ({@link ProxyCommandTarget}). ~/.ssh/config and /etc/ssh/ssh_config can hold the same options: proxyaudit does
 * not see them, and every reason says so.
 *
 * @param source  where the command came from: {@code GIT_SSH_COMMAND}, {@code core.sshCommand}, {@code GIT_SSH}
 *                or {@code default}, with the configuration entry's own source in parentheses
 * @param display the command for display: credentials redacted, control characters replaced, bounded
 * @param hop     the proxy hop, or null when the command names none (or ProxyCommand/ProxyJump {@code none})
 * @param note    why options could not be read (not OpenSSH, unbalanced quotes, a program without arguments), or null
 */
public record SshCommand(String source, String display, Hop hop, String note) {
    /** Display bound of a command or an option value. */
    static final int MAX_DISPLAY = 200;

    /**
     * A proxy hop of ssh.
     *
     * @param option  {@code ProxyCommand} or {@code ProxyJump}
     * @param value   the option's value for display (redacted, bounded)
     * @param target  where ssh connects instead of the git host, or null when the ProxyCommand is not one proxyaudit
     *                reads (the route is still through the command)
     */
    public record Hop(String option, String value, ProxyCommandTarget.Target target) {}

    /** ssh options that take an argument (OpenSSH ssh.c getopt string). */
    private static final String ARG_OPTIONS = "BbcDEeFIiJLlmOoPpQRSWw";

    /** The ssh command of {@code config}, parsed. */
    public static SshCommand of(ProxyConfig config) {
        String cmd = config.get("GIT_SSH_COMMAND");
        if (cmd != null) {
            return parse("GIT_SSH_COMMAND (" + config.source("GIT_SSH_COMMAND") + ")", cmd, true, variant(config));
        }
        ProxyConfig.Value core = config.gitConfig("core.sshCommand");
        if (core != null) {
            return parse("core.sshCommand (" + core.source() + ")", core.raw(), true, variant(config));
        }
        String prog = config.get("GIT_SSH");
        if (prog != null && !prog.isEmpty()) {
            return new SshCommand("GIT_SSH (" + config.source("GIT_SSH") + ")", display(prog), null,
                    "GIT_SSH names a program run without arguments: options in a wrapper script are not visible");
        }
        return new SshCommand("default", "ssh", null, null);
    }

    /** GIT_SSH_VARIANT, else git's {@code ssh.variant} setting, else null (git decides by the program's name). */
    private static String variant(ProxyConfig config) {
        String v = config.get("GIT_SSH_VARIANT");
        if (v == null) {
            ProxyConfig.Value c = config.gitConfig("ssh.variant");
            v = c == null ? null : c.raw();
        }
        return v == null ? null : v.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a command git runs through the shell. {@code variant} as GIT_SSH_VARIANT ({@code ssh}, {@code plink},
     * {@code putty}, {@code tortoiseplink}, {@code simple}, {@code auto}) or null: git connect.c
     * {@code determine_ssh_variant} then goes by the program's base name; only OpenSSH options are read here.
     */
    static SshCommand parse(String source, String command, boolean shell, String variant) {
        List<String> words = shell ? ShellWords.split(command) : List.of(command);
        if (words == null) {
            return new SshCommand(source, display(command), null,
                    "the command does not split into shell words (an unbalanced quote, or too long); its options are not read");
        }
        int i = 0;
        // a leading "env VAR=x", "exec" or "VAR=x" does not change the program
        while (i < words.size() && (words.get(i).equals("exec") || words.get(i).equals("env")
                || words.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
            i++;
        }
        String shown = display(ShellWords.join(words));
        if (i >= words.size()) {
            return new SshCommand(source, shown, null, "no program in the command");
        }
        String program = baseName(words.get(i));
        String v = variant == null || variant.equals("auto") ? byName(program) : variant;
        if (!v.equals("ssh") && !v.equals("auto")) {
            return new SshCommand(source, shown, null, "not OpenSSH (variant " + v + "): its proxy options are not read");
        }
        return new SshCommand(source, shown, firstHop(words, i + 1), null);
    }

    /** git connect.c {@code override_ssh_variant}/{@code determine_ssh_variant}: by the program's base name. */
    private static String byName(String program) {
        String p = program.toLowerCase(Locale.ROOT);
        if (p.endsWith(".exe")) {
            p = p.substring(0, p.length() - 4);
        }
        return switch (p) {
            case "ssh" -> "ssh";
            case "plink" -> "plink";
            case "tortoiseplink" -> "tortoiseplink";
            default -> "auto"; // git probes it with -G; a wrapper of OpenSSH is read as OpenSSH
        };
    }

    /** The first ProxyCommand/ProxyJump among the options from {@code from}, up to the first non-option word. */
    static Hop firstHop(List<String> words, int from) {
        for (int i = from; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("--") || !w.startsWith("-") || w.length() < 2) {
                return null; // the destination: options end here (git appends its own after the command)
            }
            for (int j = 1; j < w.length(); j++) {
                char c = w.charAt(j);
                if (ARG_OPTIONS.indexOf(c) < 0) {
                    continue; // a flag such as -q, -v, -4
                }
                String arg;
                if (j + 1 < w.length()) {
                    arg = w.substring(j + 1);
                } else if (i + 1 < words.size()) {
                    arg = words.get(++i);
                } else {
                    return null;
                }
                Hop h = null;
                if (c == 'J') {
                    h = jump(arg);
                    if (h == null) {
                        return null; // -J none
                    }
                } else if (c == 'o') {
                    int k = 0;
                    while (k < arg.length() && arg.charAt(k) != '=' && !Character.isWhitespace(arg.charAt(k))) {
                        k++;
                    }
                    String key = arg.substring(0, k);
                    String value = arg.substring(k).replaceFirst("^\\s*=?\\s*", "");
                    if (key.equalsIgnoreCase("ProxyCommand")) {
                        if (value.equalsIgnoreCase("none")) {
                            return null;
                        }
                        return new Hop("ProxyCommand", display(value), ProxyCommandTarget.of(value));
                    }
                    if (key.equalsIgnoreCase("ProxyJump")) {
                        h = jump(value);
                        if (h == null) {
                            return null;
                        }
                    }
                }
                if (h != null) {
                    return h;
                }
                break; // the rest of the word was the argument
            }
        }
        return null;
    }

    /** {@code -J}/ProxyJump {@code [user@]host[:port][,...]} or {@code ssh://[user@]host[:port]}: the first hop; null for none. */
    private static Hop jump(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("none") || v.isEmpty()) {
            return null;
        }
        String first = v.split(",", 2)[0];
        String hostPart = first.regionMatches(true, 0, "ssh://", 0, 6) ? first.substring(6) : first;
        int slash = hostPart.indexOf('/');
        if (slash >= 0) {
            hostPart = hostPart.substring(0, slash);
        }
        hostPart = hostPart.substring(hostPart.lastIndexOf('@') + 1);
        HostPort hp = HostPort.ofAuthority(hostPart);
        ProxyCommandTarget.Target t = hp.host().isEmpty() ? null
                : new ProxyCommandTarget.Target("ssh", hp.host(), hp.port() < 0 ? 22 : hp.port(), "ssh jump host");
        return new Hop("ProxyJump", display(v), t);
    }

    private static String baseName(String path) {
        int s = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(s + 1);
    }

    /** Redacted (user:password@ and the values of known password options), control characters replaced, bounded. */
    static String display(String text) {
        String r = Redaction.redact(text).replaceAll("(--proxy-auth[= ]|--proxyauth[= ]|-P )\\S+", "$1***");
        StringBuilder b = new StringBuilder(Math.min(r.length(), MAX_DISPLAY + 3));
        for (int i = 0; i < r.length() && b.length() < MAX_DISPLAY; i++) {
            char c = r.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (r.length() > MAX_DISPLAY) {
            b.append("...");
        }
        return b.toString();
    }

    /** A sentence naming the command and its hop, for reasons. */
    public String describe() {
        if (hop == null) {
            return source.startsWith("default") ? "git runs plain ssh (no GIT_SSH_COMMAND, core.sshCommand or GIT_SSH)"
                    : source + " is '" + display + "' with no ProxyCommand or ProxyJump"
                            + (note == null ? "" : " (" + note + ")");
        }
        String where = hop.target() == null ? "" : " to " + hop.target().kind() + " " + hop.target().hostPort();
        return source + " has " + hop.option() + " " + hop.value() + where;
    }
}
