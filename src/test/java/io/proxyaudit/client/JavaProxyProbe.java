package io.proxyaudit.client;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Run in a child JVM by {@link JavaDifferentialTest}: asks the real {@code ProxySelector.getDefault().select(uri)}.
 * stdin: one case a line, the URI then {@code key=value} system properties, tab-separated; every property of
 * {@link #PROPERTIES} not given is cleared first (DefaultProxySelector reads them at each call). stdout: a line per
 * case, {@code DIRECT}, {@code HTTP host:port}, {@code SOCKS host:port} or {@code ERROR <exception>}.
 */
public final class JavaProxyProbe {
    static final List<String> PROPERTIES = List.of("http.proxyHost", "http.proxyPort", "https.proxyHost", "https.proxyPort",
            "proxyHost", "proxyPort", "socksProxyHost", "socksProxyPort", "http.nonProxyHosts", "https.nonProxyHosts");

    private JavaProxyProbe() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] f = line.split("\t", -1);
            PROPERTIES.forEach(System::clearProperty);
            for (int i = 1; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                System.setProperty(f[i].substring(0, eq), f[i].substring(eq + 1));
            }
            String answer;
            try {
                List<Proxy> proxies = ProxySelector.getDefault().select(new URI(f[0]));
                Proxy p = proxies.get(0);
                if (p.type() == Proxy.Type.DIRECT) {
                    answer = "DIRECT";
                } else {
                    InetSocketAddress a = (InetSocketAddress) p.address();
                    answer = p.type() + " " + a.getHostString() + ":" + a.getPort();
                }
            } catch (RuntimeException | java.net.URISyntaxException e) {
                answer = "ERROR " + e.getClass().getSimpleName();
            }
            out.println(answer);
        }
        out.flush();
    }
}
