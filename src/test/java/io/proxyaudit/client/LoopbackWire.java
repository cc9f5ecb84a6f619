package io.proxyaudit.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real client's commands one after another inside {@code unshare -n} (a network namespace with only
 * {@code lo}: nothing leaves the machine) while listeners on 127.0.0.1 stand in for proxies and the origin, and
 * reports the first connection each command made: {@code "<port> <how> <target>"}, where {@code how} is
 * {@code http} (a proxy request: {@code CONNECT host:port} or {@code GET http://host:port/...}), {@code socks5h}
 * (a SOCKS5 request naming the host), {@code socks5} (naming an address: the client resolved the name),
 * {@code socks4}, or {@code direct} (a TLS ClientHello or an origin-form request: the listener is the origin),
 * e.g. {@code "9001 http localhost:9005"}, {@code "9005 direct -"}. Used by the wire tests of pip and cargo.
 */
final class LoopbackWire {
    /** The listeners: accept, read the first bytes, print what they are, answer nothing useful (close). */
    private static final String LISTENER = """
            import socket, sys, threading, time
            def first(c, port):
                c.settimeout(2)
                try:
                    d = c.recv(4096)
                    if d[:1] == b"\\x05":
                        c.sendall(b"\\x05\\x00"); r = c.recv(512)
                        if r[3] == 3:
                            n = r[4]
                            what = "socks5h " + r[5:5 + n].decode("latin-1") + ":" + str(int.from_bytes(r[5 + n:7 + n], "big"))
                        elif r[3] == 1:
                            what = "socks5 " + socket.inet_ntop(socket.AF_INET, r[4:8]) + ":" + str(int.from_bytes(r[8:10], "big"))
                        else:
                            what = "socks5 [" + socket.inet_ntop(socket.AF_INET6, r[4:20]) + "]:" + str(int.from_bytes(r[20:22], "big"))
                    elif d[:1] == b"\\x04":
                        what = "socks4 " + socket.inet_ntop(socket.AF_INET, d[4:8]) + ":" + str(int.from_bytes(d[2:4], "big"))
                    elif d[:1] == b"\\x16":
                        what = "direct -"
                    else:
                        line = d.split(b"\\r\\n")[0].decode("latin-1").split(" ")
                        if line[0] == "CONNECT" and len(line) > 1:
                            what = "http " + line[1]
                        elif len(line) > 1 and line[1].startswith("http://"):
                            what = "http " + line[1][7:].split("/")[0]
                        else:
                            what = "direct -"
                except Exception:
                    what = "silent -"
                print("SEEN", port, what, flush=True)
                c.close()
            def serve(port):
                s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", port)); s.listen(16)
                while True:
                    c, _ = s.accept()
                    threading.Thread(target=first, args=(c, port), daemon=True).start()
            for p in sys.argv[1:]:
                threading.Thread(target=serve, args=(int(p),), daemon=True).start()
            time.sleep(600)
            """;

    private LoopbackWire() {}

    /** Why the commands cannot run in a network namespace here, or null when they can. */
    static String unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "needs root for unshare -n";
        }
        try {
            Process p = new ProcessBuilder("unshare", "-n", "true").start();
            return p.waitFor() == 0 ? null : "unshare -n failed";
        } catch (Exception e) {
            return "no unshare";
        }
    }

    /**
     * Runs each shell command (in the namespace, one at a time, each bounded to 20 s) with listeners on
     * {@code ports}; returns command index -> its first connection (see the class comment), absent when it made none.
     */
    static Map<Integer, String> firstConnections(List<String> commands, Path dir, int... ports) throws Exception {
        Path listener = dir.resolve("listener.py");
        Files.writeString(listener, LISTENER);
        StringBuilder s = new StringBuilder("ip link set lo up\npython3 ").append(listener);
        for (int port : ports) {
            s.append(' ').append(port);
        }
        s.append(" &\nsleep 1\n");
        for (int i = 0; i < commands.size(); i++) {
            s.append("echo CASE ").append(i).append("\ntimeout 20 bash -c ").append(quote(commands.get(i)))
                    .append(" > /dev/null 2>&1\nsleep 0.1\n");
        }
        s.append("kill %1\n");
        Path script = dir.resolve("wire.sh");
        Files.writeString(script, s.toString());
        Process p = new ProcessBuilder("unshare", "-n", "bash", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30L * commands.size() + 30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        Map<Integer, String> seen = new LinkedHashMap<>();
        int current = -1;
        for (String line : out.split("\n")) {
            if (line.startsWith("CASE ")) {
                current = Integer.parseInt(line.substring(5).trim());
            } else if (line.startsWith("SEEN ") && current >= 0) {
                seen.putIfAbsent(current, line.substring(5).trim());
            }
        }
        return seen;
    }

    /** {@code s} as one single-quoted shell word. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** {@code K='v' ...} for {@code env}. */
    static String assignments(Map<String, String> env) {
        StringBuilder s = new StringBuilder();
        env.forEach((k, v) -> s.append(' ').append(k).append('=').append(quote(v)));
        return s.toString();
    }
}
