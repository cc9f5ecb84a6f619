package io.proxyaudit.wire;

import io.proxyaudit.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs inside a loopback-only network namespace ({@link RunCommandWireTest} starts it there): a tiny HTTP proxy on
 * port 3128 (it answers every request, absolute-URI or CONNECT, with 200 and closes) and an origin on 443 (reads
 * the ClientHello, then closes) listen on every address, then each line of the cases file is one
 * {@code proxyaudit run} in this process; writes {@code id TAB exit code} per case.
 *
 * <p>Usage: {@code RunProbe CASES OUT}, a case line being {@code id TAB arg TAB arg ...}.
 */
public final class RunProbe {
    private RunProbe() {}

    public static void main(String[] args) throws Exception {
        serve(3128, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        serve(443, null);
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            int rc = Main.run(Arrays.copyOfRange(f, 1, f.length));
            out.add(f[0] + "\t" + rc);
        }
        Files.write(Path.of(args[1]), out, StandardCharsets.UTF_8);
        System.exit(0);
    }

    private static void serve(int port, String answer) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(port), 16);
        Thread t = new Thread(() -> {
            while (true) {
                try (Socket c = s.accept()) {
                    c.setSoTimeout(2000);
                    InputStream in = c.getInputStream();
                    byte[] b = new byte[4096];
                    if (in.read(b) > 0 && answer != null) {
                        c.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException e) {
                    // the next connection
                }
            }
        }, "probe-" + port);
        t.setDaemon(true);
        t.start();
    }
}
