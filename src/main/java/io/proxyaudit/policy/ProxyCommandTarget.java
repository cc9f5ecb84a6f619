package io.proxyaudit.policy;

import java.util.List;
import java.util.Locale;

/**
 * Where an ssh ProxyCommand connects: the proxy of the common relays, read from their command lines. Each rule names
 * the program's own documentation. A command none of them matches has no known target (the route is still through
 * the command, not direct).
 */
public final class ProxyCommandTarget {
    /**
     * @param scheme {@code http} (an HTTP CONNECT proxy), {@code socks5}, {@code socks4} or {@code ssh} (a jump host)
     * @param host   the address connected to, without brackets
     * @param port   its port
     * @param kind   in words: {@code HTTP CONNECT proxy}, {@code SOCKS proxy}, {@code ssh jump host}
     */
    public record Target(String scheme, String host, int port, String kind) {
        public String hostPort() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }

        /** {@code http://p:3128}, {@code socks5://p:1080}, {@code ssh://jump:22}. */
        public String url() {
            return scheme + "://" + hostPort();
        }
    }

    private ProxyCommandTarget() {}

    /** The target of a ProxyCommand (ssh runs it with {@code $SHELL -c "exec ..."}), or null when not known. */
    public static Target of(String proxyCommand) {
        List<String> w = ShellWords.split(proxyCommand);
        if (w == null) {
            return null;
        }
        int i = 0;
        while (i < w.size() && (w.get(i).equals("exec") || w.get(i).equals("env")
                || w.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
            i++;
        }
        if (i >= w.size()) {
            return null;
        }
        String prog = w.get(i);
        prog = prog.substring(Math.max(prog.lastIndexOf('/'), prog.lastIndexOf('\\')) + 1).toLowerCase(Locale.ROOT);
        List<String> args = w.subList(i + 1, w.size());
        return switch (prog) {
            case "nc", "netcat", "nc.openbsd" -> openbsdNc(args);
            case "ncat" -> ncat(args);
            case "connect", "connect-proxy" -> connectProxy(args);
            case "corkscrew" -> corkscrew(args);
            case "proxytunnel" -> proxytunnel(args);
            case "socat" -> socat(args);
            case "ssh" -> sshJump(args);
            default -> null;
        };
    }

    /**
     * OpenBSD nc(1): {@code -x proxy_address[:port]} with {@code -X proxy_protocol} ({@code connect} = HTTPS proxy,
     * {@code 4}, {@code 5} = SOCKS, the default); "If port is not specified, the well-known port for the proxy
     * protocol is used (1080 for SOCKS, 3128 for HTTPS)".
     */
    private static Target openbsdNc(List<String> args) {
        String proxy = optionValue(args, "-x", null);
        if (proxy == null) {
            return null;
        }
        String proto = optionValue(args, "-X", null);
        boolean http = proto != null && proto.equalsIgnoreCase("connect");
        return target(http ? "http" : "4".equals(proto) ? "socks4" : "socks5", proxy, http ? 3128 : 1080);
    }

    /** ncat(1): {@code --proxy host[:port]}, {@code --proxy-type http|socks4|socks5} (http default; ports 3128, 1080). */
    private static Target ncat(List<String> args) {
        String proxy = optionValue(args, "--proxy", null);
        if (proxy == null) {
            return null;
        }
        String type = optionValue(args, "--proxy-type", "http").toLowerCase(Locale.ROOT);
        boolean http = type.equals("http");
        return target(http ? "http" : type, proxy, http ? 3128 : 1080);
    }

    /**
     * connect.c (connect-proxy): {@code -H host:port} an HTTP proxy, {@code -S host:port} a SOCKS server (default
     * ports 80 and 1080). Without them it reads HTTP_PROXY/SOCKS5_SERVER from its own environment: not known here.
     */
    private static Target connectProxy(List<String> args) {
        String h = optionValue(args, "-H", null);
        if (h != null) {
            return target("http", h, 80);
        }
        String s = optionValue(args, "-S", null);
        return s == null ? null : target("socks5", s, 1080);
    }

    /** corkscrew(1): {@code corkscrew proxyhost proxyport desthost destport [authfile]}. */
    private static Target corkscrew(List<String> args) {
        if (args.size() < 2) {
            return null;
        }
        try {
            return new Target("http", strip(args.get(0)), Integer.parseInt(args.get(1)), "HTTP CONNECT proxy");
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** proxytunnel(1): {@code -p host:port} / {@code --proxy=host:port}. */
    private static Target proxytunnel(List<String> args) {
        String p = optionValue(args, "-p", null);
        if (p == null) {
            p = optionValue(args, "--proxy", null);
        }
        return p == null ? null : target("http", p, 8080);
    }

    /**
     * socat(1): address {@code PROXY:proxy:host:port[,proxyport=N]} (HTTP CONNECT, proxyport default 8080),
     * {@code SOCKS4:socks-server:host:port[,socksport=N]} and {@code SOCKS4A:} (socksport default 1080).
     */
    private static Target socat(List<String> args) {
        for (String a : args) {
            String upper = a.toUpperCase(Locale.ROOT);
            boolean proxy = upper.startsWith("PROXY:");
            boolean socks = upper.startsWith("SOCKS4:") || upper.startsWith("SOCKS4A:");
            if (!proxy && !socks) {
                continue;
            }
            String[] parts = a.split(",");
            String[] fields = parts[0].split(":");
            if (fields.length < 2 || fields[1].isEmpty()) {
                return null;
            }
            int port = proxy ? 8080 : 1080;
            for (int k = 1; k < parts.length; k++) {
                String opt = parts[k].toLowerCase(Locale.ROOT);
                if (opt.startsWith(proxy ? "proxyport=" : "socksport=")) {
                    try {
                        port = Integer.parseInt(opt.substring(opt.indexOf('=') + 1));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
            }
            return new Target(proxy ? "http" : "socks4", fields[1], port, proxy ? "HTTP CONNECT proxy" : "SOCKS proxy");
        }
        return null;
    }

    /** {@code ssh -W %h:%p jump} (OpenSSH ssh(1) -W: forward stdio through the jump host): the jump host, port -p or 22. */
    private static Target sshJump(List<String> args) {
        String port = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("-") && a.length() > 1) {
                char c = a.charAt(a.length() - 1);
                boolean takesArg = a.length() == 2 && "BbcDEeFIiJLlmOoPpQRSWw".indexOf(a.charAt(1)) >= 0;
                if (a.startsWith("-p")) {
                    port = a.length() > 2 ? a.substring(2) : i + 1 < args.size() ? args.get(i + 1) : null;
                }
                if (takesArg || (a.length() == 2 && c == 'p')) {
                    i++;
                }
                continue;
            }
            String host = a.substring(a.lastIndexOf('@') + 1);
            int p = 22;
            try {
                p = port == null ? 22 : Integer.parseInt(port);
            } catch (NumberFormatException e) {
                return null;
            }
            return host.isEmpty() ? null : new Target("ssh", strip(host), p, "ssh jump host");
        }
        return null;
    }

    /** The value of {@code opt} given as {@code opt value}, {@code optvalue} (one-letter options) or {@code opt=value}. */
    private static String optionValue(List<String> args, String opt, String dflt) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(opt)) {
                return i + 1 < args.size() ? args.get(i + 1) : dflt;
            }
            if (opt.startsWith("--") && a.startsWith(opt + "=")) {
                return a.substring(opt.length() + 1);
            }
            if (!opt.startsWith("--") && a.startsWith(opt) && a.length() > opt.length()) {
                return a.substring(opt.length());
            }
        }
        return dflt;
    }

    private static Target target(String scheme, String hostPort, int defaultPort) {
        String hp = hostPort.substring(hostPort.lastIndexOf('@') + 1); // user:password@ is never kept
        HostPort parsed = HostPort.ofAuthority(hp);
        if (parsed.host().isEmpty() || parsed.host().startsWith("%")) {
            return null;
        }
        String kind = scheme.equals("http") ? "HTTP CONNECT proxy" : "SOCKS proxy";
        return new Target(scheme, parsed.host(), parsed.port() < 0 ? defaultPort : parsed.port(), kind);
    }

    private static String strip(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
