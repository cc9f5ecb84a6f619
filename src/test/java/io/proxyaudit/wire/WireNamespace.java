package io.proxyaudit.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link WireProbe} in a new network and mount namespace ({@code unshare -n -m}, needs root): only
 * {@code lo}, brought up, with 10.0.0.0/8 and fd00::/16 made local (so origins have their own addresses and
 * nothing routes off the machine), a link-local fe80::5 for zone-id targets, and {@link WireHosts#hostsFile()}
 * bind-mounted on {@code /etc/hosts} so curl and git resolve the same names the same way.
 */
final class WireNamespace {
    private WireNamespace() {}

    /** Why the probe cannot run here, or null when it can (root, unshare, ip, curl and git present). */
    static String unavailable() {
        if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
            return "not Linux";
        }
        for (String tool : new String[] {"unshare", "ip", "mount", "curl", "git"}) {
            if (!onPath(tool)) {
                return tool + " is not installed (.ci/run installs curl and git)";
            }
        }
        try {
            Process p = new ProcessBuilder("unshare", "-n", "-m", "true").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "cannot create a network namespace (unshare -n -m needs root): " + out;
            }
        } catch (IOException | InterruptedException e) {
            return "cannot run unshare: " + e.getMessage();
        }
        return null;
    }

    /** True when {@code tool} is in /usr/bin, /bin, /usr/sbin or /sbin (the probe runs programs with that PATH). */
    private static boolean onPath(String tool) {
        for (String d : new String[] {"/usr/bin", "/bin", "/usr/sbin", "/sbin"}) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The version line of a program ({@code curl --version}, {@code git --version}). */
    static String version(String program) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().findFirst().orElse("").strip();
    }

    /** Runs the cases in the namespace; returns the probe's lines (see {@link WireProbe}). */
    static List<String> observe(List<WireCase> cases, Path work) throws IOException, InterruptedException {
        return observe(cases, work, false);
    }

    /**
     * As {@link #observe(List, Path)}; with {@code dns} the namespace's resolver is the listener's DNS server
     * ({@code /etc/resolv.conf} and {@code /etc/nsswitch.conf}, "hosts: files dns", bind-mounted too), so a name
     * outside the hosts file is looked up where the probe sees it.
     */
    static List<String> observe(List<WireCase> cases, Path work, boolean dns) throws IOException, InterruptedException {
        Path casesFile = work.resolve("cases.tsv");
        Path outFile = work.resolve("observed.tsv");
        Path hosts = work.resolve("hosts");
        List<String> lines = new ArrayList<>();
        cases.forEach(c -> lines.add(c.tsv()));
        Files.write(casesFile, lines, StandardCharsets.UTF_8);
        Files.writeString(hosts, WireHosts.hostsFile(), StandardCharsets.UTF_8);
        Path resolv = work.resolve("resolv.conf");
        Path nsswitch = work.resolve("nsswitch.conf");
        Files.writeString(resolv, "nameserver " + WireListener.DNS_ADDRESS + "\noptions timeout:1 attempts:1\n");
        Files.writeString(nsswitch, "hosts: files dns\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = String.join("\n",
                "set -e",
                "ip link set lo up",
                "ip route add local 10.0.0.0/8 dev lo table local",
                "ip -6 route add local fd00::/16 dev lo table local",
                "ip -6 addr add fe80::5/64 dev lo nodad",
                "mount --bind \"$1\" /etc/hosts",
                "if [ \"$6\" = -dns ]; then mount --bind \"$7\" /etc/resolv.conf; mount --bind \"$8\" /etc/nsswitch.conf; fi",
                "exec \"$2\" -Xshare:auto -XX:TieredStopAtLevel=1 -cp \"$3\" io.proxyaudit.wire.WireProbe \"$4\" \"$5\" \"$6\"");
        Process p = new ProcessBuilder("unshare", "-n", "-m", "sh", "-c", script, "wire", hosts.toString(), java,
                System.getProperty("java.class.path"), casesFile.toString(), outFile.toString(), dns ? "-dns" : "-",
                resolv.toString(), nsswitch.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("the probe failed in the namespace: " + log.strip());
        }
        return Files.readAllLines(outFile, StandardCharsets.UTF_8);
    }
}
