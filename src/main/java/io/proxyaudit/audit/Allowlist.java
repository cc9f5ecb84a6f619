package io.proxyaudit.audit;

import io.proxyaudit.client.Client;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.policy.ConfigException;
import io.proxyaudit.policy.HostPort;
import io.proxyaudit.policy.IpLiteral;
import io.proxyaudit.policy.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --allow FILE}: the destinations that may go direct although a proxy applies (docs/allowlist.md). One entry
 * a line, {@code HOST[:PORT] [client=NAME] [role=ROLE]}; {@code #} starts a comment. HOST is a name (exact, any
 * case, a trailing dot ignored), {@code *.suffix} (any name below suffix, not suffix itself), an IP literal or a
 * CIDR ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a port after an IPv6 address or prefix needs brackets
 * ({@code [2001:db8::1]:443}). A direct-bypass flow matching an entry becomes {@link Verdict#DIRECT_ALLOWED}; the
 * first matching entry in file order is the one reported.
 */
public final class Allowlist implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** No entry: nothing is allowed. */
    public static final Allowlist NONE = new Allowlist(List.of());
    /** Entries one file may hold: an allowlist is written by people; more is a mistake (a log given by error). */
    public static final int MAX_ENTRIES = 10_000;
    /** Longest line read (a DNS name is at most 253 characters, RFC 1035 §2.3.4, plus a port and two keys). */
    static final int MAX_LINE = 1000;

    /**
     * One line of the file.
     *
     * @param source {@code FILE:LINE}, as reported in {@code allowed_by}
     * @param text   the entry as written (comment and surrounding blanks removed)
     * @param port   the port, or -1 for any
     * @param client the client it is limited to, or null for any
     * @param role   the role it is limited to, or null for any
     */
    public record Entry(String source, String text, HostPattern host, int port, Client client, Role role)
            implements java.io.Serializable {
        boolean matches(String name, byte[] ip, int flowPort, Client flowClient, Role flowRole) {
            return (port < 0 || port == flowPort) && (client == null || client == flowClient)
                    && (role == null || role == flowRole) && host.matches(name, ip);
        }
    }

    /** The HOST part: a name, a {@code *.suffix}, or an address prefix (a single address is a full-length one). */
    public record HostPattern(String name, String suffix, byte[] net, int bits) implements java.io.Serializable {
        boolean matches(String host, byte[] ip) {
            if (net != null) {
                return ip != null && IpLiteral.inPrefix(ip, net, bits);
            }
            if (host == null) {
                return false;
            }
            return suffix != null ? host.endsWith(suffix) && host.length() > suffix.length() : host.equals(name);
        }

    }

    private final List<Entry> entries;

    private Allowlist(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The first entry matching a direct flow, or null.
     *
     * @param host     the destination's name, lower case ({@code target}'s host); may be an address
     * @param serverIp the address connected to, or null
     */
    public Entry match(String host, String serverIp, int port, Client client, Role role) {
        if (entries.isEmpty()) {
            return null;
        }
        String name = host == null ? null : normal(host);
        byte[] ip = serverIp == null ? null : IpLiteral.parse(serverIp);
        if (ip == null && name != null) {
            ip = IpLiteral.parse(name);
        }
        for (Entry e : entries) {
            if (e.matches(name, ip, port, client, role)) {
                return e;
            }
        }
        return null;
    }

    /**
     * {@code af} as {@link Verdict#DIRECT_ALLOWED} when it is a direct-bypass an entry matches (its reason code kept:
     * what the bypass would have been), else {@code af} itself.
     */
    AuditedFlow apply(AuditedFlow af) {
        if (af.verdict() != Verdict.DIRECT_BYPASS || entries.isEmpty()) {
            return af;
        }
        FlowRecord f = af.flow();
        String host = af.target() == null ? f.serverIp() : HostPort.ofAuthority(af.target()).host();
        Entry e = match(host, f.serverIp(), f.serverPort(), af.client(), af.role());
        if (e == null) {
            return af;
        }
        return new AuditedFlow(f, af.role(), af.route(), af.proxy(), af.target(), Verdict.DIRECT_ALLOWED,
                af.reasonCode(), "allowed to go direct by " + e.source() + " (" + e.text() + "); without it a bypass: "
                        + af.reason(), af.unanswered(), af.attribution(), e.source());
    }

    /** This list and {@code more}'s entries after it (two {@code --allow} files: the first file's entries win). */
    public Allowlist plus(Allowlist more) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(more.entries);
        return new Allowlist(all);
    }

    /**
     * Parses a file's text. {@code file} names it in errors and in {@link Entry#source()}. Every problem is a
     * {@link ConfigException} with one line, {@code FILE:LINE: what was wrong}.
     */
    public static Allowlist parse(String file, String text) throws ConfigException {
        List<Entry> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String at = file + ":" + (i + 1);
            String line = lines[i];
            if (line.length() > MAX_LINE) {
                throw new ConfigException(at + ": line longer than " + MAX_LINE + " characters");
            }
            int hash = line.indexOf('#');
            String body = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (body.isEmpty()) {
                continue;
            }
            if (out.size() == MAX_ENTRIES) {
                throw new ConfigException(at + ": more than " + MAX_ENTRIES + " entries");
            }
            out.add(entry(at, body));
        }
        return new Allowlist(out);
    }

    private static Entry entry(String at, String body) throws ConfigException {
        String[] words = body.split("[ \t]+");
        Client client = null;
        Role role = null;
        for (int w = 1; w < words.length; w++) {
            String word = words[w];
            int eq = word.indexOf('=');
            String key = eq < 0 ? word : word.substring(0, eq);
            String value = eq < 0 ? "" : word.substring(eq + 1);
            if (key.equals("client")) {
                if (client != null) {
                    throw new ConfigException(at + ": client= given twice");
                }
                client = client(at, value);
            } else if (key.equals("role")) {
                if (role != null) {
                    throw new ConfigException(at + ": role= given twice");
                }
                role = role(at, value);
            } else {
                throw new ConfigException(at + ": '" + shown(word) + "': expected client=NAME or role=ROLE after the "
                        + "host (one entry a line: HOST[:PORT] [client=NAME] [role=ROLE])");
            }
        }
        String hostPort = words[0];
        int port = -1;
        String host = hostPort;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new ConfigException(at + ": '" + shown(hostPort) + "': '[' without ']'");
            }
            host = hostPort.substring(1, close);
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new ConfigException(at + ": '" + shown(hostPort) + "': expected :PORT after ']'");
                }
                port = port(at, rest.substring(1));
            }
            if (host.indexOf(':') < 0) {
                throw new ConfigException(at + ": '" + shown(hostPort) + "': brackets are for IPv6 addresses");
            }
        } else {
            int colon = hostPort.indexOf(':');
            if (colon >= 0 && colon == hostPort.lastIndexOf(':')) {
                host = hostPort.substring(0, colon);
                port = port(at, hostPort.substring(colon + 1));
            }
        }
        return new Entry(at, body.replaceAll("[ \t]+", " "), hostPattern(at, host), port, client, role);
    }

    private static HostPattern hostPattern(String at, String host) throws ConfigException {
        if (host.isEmpty()) {
            throw new ConfigException(at + ": no host before the port");
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            byte[] net = IpLiteral.parse(host.substring(0, slash));
            String bitsText = host.substring(slash + 1);
            if (net == null) {
                throw new ConfigException(at + ": '" + shown(host) + "': a CIDR needs an IP address before '/'");
            }
            int bits = bitsText.matches("[0-9]{1,3}") ? Integer.parseInt(bitsText) : -1;
            if (bits < 0 || bits > net.length * 8) {
                throw new ConfigException(at + ": '" + shown(host) + "': prefix length must be 0 to " + net.length * 8);
            }
            return new HostPattern(null, null, net, bits);
        }
        byte[] ip = IpLiteral.parse(host);
        if (ip != null) {
            return new HostPattern(null, null, ip, ip.length * 8);
        }
        if (host.indexOf(':') >= 0) {
            throw new ConfigException(at + ": '" + shown(host) + "': not an IPv6 address (give a port after one as "
                    + "[ADDRESS]:PORT)");
        }
        String name = normal(host);
        String suffix = null;
        if (name.startsWith("*.")) {
            suffix = name.substring(1);
            name = name.substring(2);
        }
        if (name.equals("*")) {
            throw new ConfigException(at + ": a bare '*' would allow every host: name the hosts (*.example.com), or "
                    + "give 0.0.0.0/0 and ::/0 if every address is meant");
        }
        if (name.indexOf('*') >= 0) {
            throw new ConfigException(at + ": '" + shown(host) + "': '*' only as a whole first label (*.example.com)");
        }
        if (!validName(name)) {
            throw new ConfigException(at + ": '" + shown(host) + "': not a host name (letters, digits, '-', '_' and "
                    + "dots, labels of 1 to 63 characters, at most 253 in all)");
        }
        return suffix != null ? new HostPattern(null, suffix, null, 0) : new HostPattern(name, null, null, 0);
    }

    /** RFC 1035 §2.3.4 lengths; '_' too, as service names in the wild have it. */
    private static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int port(String at, String s) throws ConfigException {
        int p = s.matches("[0-9]{1,5}") ? Integer.parseInt(s) : -1;
        if (p < 1 || p > 65535) {
            throw new ConfigException(at + ": port '" + shown(s) + "' is not a number from 1 to 65535");
        }
        return p;
    }

    private static Client client(String at, String value) throws ConfigException {
        List<String> names = new ArrayList<>();
        for (Client c : Client.values()) {
            if (c == Client.NONE) {
                continue;
            }
            if (c.wire().equals(value)) {
                return c;
            }
            names.add(c.wire());
        }
        throw new ConfigException(at + ": client '" + shown(value) + "' is not one of " + String.join(", ", names));
    }

    private static Role role(String at, String value) throws ConfigException {
        List<String> names = new ArrayList<>();
        for (Role r : Role.values()) {
            if (r.wire().equals(value)) {
                return r;
            }
            names.add(r.wire());
        }
        throw new ConfigException(at + ": role '" + shown(value) + "' is not one of " + String.join(", ", names));
    }

    private static String normal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") && h.length() > 1 ? h.substring(0, h.length() - 1) : h;
    }

    /** A bounded, printable copy of what the file had, for the one-line error. */
    private static String shown(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.length() < s.length() ? b + "..." : b.toString();
    }
}
