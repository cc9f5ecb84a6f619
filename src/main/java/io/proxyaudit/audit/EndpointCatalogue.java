package io.proxyaudit.audit;

import io.proxyaudit.policy.HostPort;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.ProxyCommandTarget;
import io.proxyaudit.policy.ProxyUrl;
import io.proxyaudit.policy.Role;
import io.proxyaudit.policy.SshCommand;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a destination is to a build (proxy-semantics.md §2.8 for Go's). Public endpoints:
 * <ul>
 *   <li>module-proxy: proxy.golang.org, goproxy.cn, goproxy.io, proxy.golang.com.cn, mirrors.aliyun.com,
 *       mirrors.tencent.com, and every host in GOPROXY;</li>
 *   <li>checksum-db: sum.golang.org, sum.golang.google.cn, and the host of a GOSUMDB URL;</li>
 *   <li>go-get (discovery): golang.org, go.dev, gopkg.in, k8s.io, sigs.k8s.io, google.golang.org, go.uber.org;</li>
 *   <li>toolchain: dl.google.com (go.dev/dl);</li>
 *   <li>vcs: github.com, gitlab.com, bitbucket.org, api.bitbucket.org, go.googlesource.com, code.launchpad.net, and
 *       the hosts named by GOPRIVATE/GONOPROXY/GOINSECURE patterns ({@code *.corp.com} covers subdomains);</li>
 *   <li>one role per package ecosystem: python-index (pypi.org, files.pythonhosted.org), npm-registry
 *       (registry.npmjs.org), maven-repository (repo.maven.apache.org, repo1.maven.org), gradle (plugins.gradle.org,
 *       services.gradle.org), crates-registry (crates.io, index.crates.io, static.crates.io), container-registry
 *       (registry-1.docker.io, auth.docker.io, production.cloudflare.docker.com, ghcr.io, quay.io), vcs-download
 *       (codeload.github.com, objects.githubusercontent.com, raw.githubusercontent.com); the public hosts only;</li>
 *   <li>proxy: every proxy in the configuration and {@code --proxy}.</li>
 * </ul>
 * When an HTTP request target is visible it decides first: {@code ?go-get=1} go-get,
 * {@code /golang.org/toolchain/@v/} toolchain, {@code /@v/} or {@code /@latest} module-proxy,
 * {@code /sumdb/} checksum-db, {@code /info/refs} or {@code git-upload-pack} vcs; {@code /lookup/} and
 * {@code /tile/} are checksum-db on a checksum host.
 */
public final class EndpointCatalogue {
    /** One catalogued host; {@code suffix} entries cover subdomains ({@code host} then starts with a dot). */
    public record Entry(String host, Role role, String source) {}

    private static final String[][] PUBLIC = {
        {"proxy.golang.org", "MODULE_PROXY"}, {"goproxy.cn", "MODULE_PROXY"}, {"goproxy.io", "MODULE_PROXY"},
        {"proxy.golang.com.cn", "MODULE_PROXY"}, {"mirrors.aliyun.com", "MODULE_PROXY"}, {"mirrors.tencent.com", "MODULE_PROXY"},
        {"sum.golang.org", "CHECKSUM_DB"}, {"sum.golang.google.cn", "CHECKSUM_DB"},
        {"golang.org", "GO_GET"}, {"go.dev", "GO_GET"}, {"gopkg.in", "GO_GET"}, {"k8s.io", "GO_GET"},
        {"sigs.k8s.io", "GO_GET"}, {"google.golang.org", "GO_GET"}, {"go.uber.org", "GO_GET"},
        {"dl.google.com", "TOOLCHAIN"},
        {"github.com", "VCS"}, {"gitlab.com", "VCS"}, {"bitbucket.org", "VCS"}, {"api.bitbucket.org", "VCS"},
        {"go.googlesource.com", "VCS"}, {"code.launchpad.net", "VCS"},
        {"pypi.org", "PYTHON_INDEX"}, {"files.pythonhosted.org", "PYTHON_INDEX"}, {"pypi.python.org", "PYTHON_INDEX"},
        {"test.pypi.org", "PYTHON_INDEX"}, {"test-files.pythonhosted.org", "PYTHON_INDEX"},
        {"registry.npmjs.org", "NPM_REGISTRY"}, {"registry.npmjs.com", "NPM_REGISTRY"}, {"registry.yarnpkg.com", "NPM_REGISTRY"},
        {"repo.maven.apache.org", "MAVEN_REPOSITORY"}, {"repo1.maven.org", "MAVEN_REPOSITORY"},
        {"oss.sonatype.org", "MAVEN_REPOSITORY"}, {"s01.oss.sonatype.org", "MAVEN_REPOSITORY"},
        {"plugins.gradle.org", "GRADLE"}, {"services.gradle.org", "GRADLE"}, {"downloads.gradle.org", "GRADLE"},
        {"downloads.gradle-dn.com", "GRADLE"},
        {"crates.io", "CRATES_REGISTRY"}, {"index.crates.io", "CRATES_REGISTRY"}, {"static.crates.io", "CRATES_REGISTRY"},
        {"registry-1.docker.io", "CONTAINER_REGISTRY"}, {"auth.docker.io", "CONTAINER_REGISTRY"},
        {"index.docker.io", "CONTAINER_REGISTRY"}, {"production.cloudflare.docker.com", "CONTAINER_REGISTRY"},
        {"ghcr.io", "CONTAINER_REGISTRY"}, {"quay.io", "CONTAINER_REGISTRY"}, {"registry.k8s.io", "CONTAINER_REGISTRY"},
        {"objects.githubusercontent.com", "VCS_DOWNLOAD"}, {"codeload.github.com", "VCS_DOWNLOAD"},
        {"raw.githubusercontent.com", "VCS_DOWNLOAD"}, {"release-assets.githubusercontent.com", "VCS_DOWNLOAD"},
    };

    /**
     * Public DNS-over-HTTPS resolvers: the hosts of the DoH templates, the DoT host names and the resolver addresses of
     * Chromium's list (chromium/chromium net/dns/public/doh_provider_entry.cc {@code DohProviderEntry::GetList}; the
     * same providers answer DoH on those names and addresses), plus Firefox's default TRR endpoint
     * mozilla.cloudflare-dns.com (Firefox for Android's Settings.kt {@code CLOUDFLARE_URI}) and Cloudflare's
     * cloudflare-dns.com. On port 853 any host is DNS over TLS (RFC 7858 §3.1), see {@link #role}.
     */
    static final String[] DOH = {
        "doh.cleanbrowsing.org", "adult-filter-dns.cleanbrowsing.org", "family-filter-dns.cleanbrowsing.org",
        "security-filter-dns.cleanbrowsing.org", "185.228.168.10", "185.228.169.11", "2a0d:2a00:1::1", "2a0d:2a00:2::1",
        "185.228.168.168", "185.228.169.168", "2a0d:2a00:1::", "2a0d:2a00:2::", "185.228.168.9", "185.228.169.9",
        "2a0d:2a00:1::2", "2a0d:2a00:2::2",
        "chrome.cloudflare-dns.com", "one.one.one.one", "1dot1dot1dot1.cloudflare-dns.com", "1.1.1.1", "1.0.0.1",
        "2606:4700:4700::1111", "2606:4700:4700::1001", "family.cloudflare-dns.com", "1.1.1.3", "1.0.0.3",
        "2606:4700:4700::1113", "2606:4700:4700::1003", "security.cloudflare-dns.com", "1.1.1.2", "1.0.0.2",
        "2606:4700:4700::1112", "2606:4700:4700::1002", "mozilla.cloudflare-dns.com", "cloudflare-dns.com",
        "doh.xfinity.com", "dot.xfinity.com", "75.75.75.75", "75.75.76.76", "2001:558:feed::1", "2001:558:feed::2",
        "doh.cox.net", "dot.cox.net", "68.105.28.11", "68.105.28.12", "2001:578:3f::30",
        "odvr.nic.cz", "185.43.135.1", "193.17.47.1", "2001:148f:fffe::1", "2001:148f:ffff::1",
        "protective.joindns4.eu", "86.54.11.1", "86.54.11.201", "2a13:1001::86:54:11:1", "2a13:1001::86:54:11:201",
        "doh.dns.sb", "dns.sb", "185.222.222.222", "45.11.45.11", "2a09::", "2a11::",
        "dns.google", "dns.google.com", "8888.google", "8.8.8.8", "8.8.4.4", "2001:4860:4860::8888",
        "2001:4860:4860::8844", "dns64.dns.google", "2001:4860:4860::64", "2001:4860:4860::6464",
        "public.dns.iij.jp", "dns.levonet.sk", "109.236.119.2", "109.236.120.2", "2a02:6ca3:0:1::2", "2a02:6ca3:0:2::2",
        "chromium.dns.nextdns.io", "doh.opendns.com", "208.67.222.222", "208.67.220.220", "2620:119:35::35",
        "2620:119:53::53", "doh.familyshield.opendns.com", "208.67.222.123", "208.67.220.123", "2620:119:35::123",
        "2620:119:53::123", "dns11.quad9.net", "9.9.9.11", "149.112.112.11", "2620:fe::11", "2620:fe::fe:11",
        "dns10.quad9.net", "9.9.9.10", "149.112.112.10", "2620:fe::10", "2620:fe::fe:10", "dns.quad9.net",
        "dns9.quad9.net", "9.9.9.9", "149.112.112.112", "2620:fe::fe", "2620:fe::9", "doh.quickline.ch",
        "dot.quickline.ch", "212.60.61.246", "212.60.63.246", "2001:1a88:10:ffff::1", "2001:1a88:10:ffff::2",
        "doh-01.spectrum.com", "doh-02.spectrum.com", "209.18.47.61", "209.18.47.62", "2001:1998:f00:1::1",
        "2001:1998:f00:2::1",
    };

    private final Map<String, Entry> exact = new LinkedHashMap<>();
    private final List<Entry> suffixes = new ArrayList<>();
    private final List<ProxyUrl> proxies;

    private EndpointCatalogue(List<ProxyUrl> proxies) {
        this.proxies = proxies;
    }

    /** The public catalogue plus every host the configuration names. */
    public static EndpointCatalogue of(ProxyConfig config) {
        List<ProxyUrl> proxies = new ArrayList<>(config.knownProxies());
        SshCommand.Hop hop = SshCommand.of(config).hop();
        if (hop != null && hop.target() != null) {
            // the ssh proxy or jump host of git's ssh command: a connection to it is the proxy hop (GitSshPolicy)
            ProxyCommandTarget.Target t = hop.target();
            proxies.add(new ProxyUrl(t.scheme(), null, false, t.host(), t.port(), null));
        }
        EndpointCatalogue c = new EndpointCatalogue(List.copyOf(proxies));
        for (String[] e : PUBLIC) {
            c.add(e[0], Role.valueOf(e[1]), "public");
        }
        for (String h : DOH) {
            c.add(h, Role.DNS_OVER_HTTPS, "public DoH resolver");
        }
        for (String entry : config.goEnv("GOPROXY").split("[,|]")) {
            String u = entry.trim();
            if (u.isEmpty() || u.equals("direct") || u.equals("off") || u.startsWith("file:")) {
                continue;
            }
            c.add(HostPort.ofUrl(u).host(), Role.MODULE_PROXY, "GOPROXY");
        }
        String[] sumdb = config.goEnv("GOSUMDB").trim().split("\\s+");
        if (sumdb.length > 1) {
            c.add(HostPort.ofUrl(sumdb[1]).host(), Role.CHECKSUM_DB, "GOSUMDB");
        }
        for (String key : new String[] {"GOPRIVATE", "GONOPROXY", "GOINSECURE"}) {
            for (String pattern : config.goEnv(key).split(",")) {
                String host = pattern.trim().split("/")[0];
                if (host.startsWith("*.") && host.indexOf('*', 1) < 0 && host.indexOf('?') < 0 && host.indexOf('[') < 0) {
                    c.add(host.substring(1), Role.VCS, key);
                } else if (!host.isEmpty() && host.indexOf('*') < 0 && host.indexOf('?') < 0 && host.indexOf('[') < 0) {
                    c.add(host, Role.VCS, key);
                }
            }
        }
        for (ProxyUrl p : c.proxies) {
            c.add(p.host(), Role.PROXY, "proxy");
        }
        return c;
    }

    private void add(String host, Role role, String source) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.isEmpty()) {
            return;
        }
        if (h.startsWith(".")) {
            suffixes.add(new Entry(h, role, source));
        } else {
            exact.putIfAbsent(h, new Entry(h, role, source));
        }
    }

    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>(exact.values());
        out.addAll(suffixes);
        return Collections.unmodifiableList(out);
    }

    /**
     * The role of a destination.
     *
     * @param host        name (or IP literal) of the destination
     * @param port        destination port
     * @param httpTargets request targets seen on the connection (origin form or absolute URI), may be empty
     */
    public Role role(String host, int port, List<String> httpTargets) {
        if (port == 853) {
            return Role.DNS_OVER_TLS; // RFC 7858 §3.1: the port IANA assigned to DNS over TLS
        }
        Role byHost = hostRole(host);
        for (String t : httpTargets) {
            if (t == null) {
                continue;
            }
            if (t.contains("?go-get=1") || t.contains("&go-get=1")) {
                return Role.GO_GET;
            }
            if (t.contains("/golang.org/toolchain/@v/")) {
                return Role.TOOLCHAIN;
            }
            if (t.contains("/@v/") || t.endsWith("/@latest")) {
                return Role.MODULE_PROXY;
            }
            if (t.contains("/sumdb/") || (byHost == Role.CHECKSUM_DB && (t.contains("/lookup/") || t.contains("/tile/")))) {
                return Role.CHECKSUM_DB;
            }
            if (t.contains("/info/refs") || t.contains("git-upload-pack")) {
                return Role.VCS;
            }
            if (t.contains("/dl/") && (host.equalsIgnoreCase("go.dev") || host.equalsIgnoreCase("golang.org"))) {
                return Role.TOOLCHAIN;
            }
            if (t.startsWith("/dns-query")) {
                return Role.DNS_OVER_HTTPS; // RFC 8484 §4.1: the URI template every listed resolver uses
            }
        }
        return byHost;
    }

    /** The role from the host name alone (OTHER when not catalogued). */
    public Role hostRole(String host) {
        if (host == null) {
            return Role.OTHER;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        Entry e = exact.get(h);
        if (e != null) {
            return e.role();
        }
        Entry best = null;
        for (Entry s : suffixes) {
            if (h.endsWith(s.host()) && (best == null || s.host().length() > best.host().length())) {
                best = s;
            }
        }
        return best == null ? Role.OTHER : best.role();
    }

    /**
     * The configured proxy listening at {@code ip:port}, matched by address or by one of the names DNS gave
     * for that address; null when none.
     */
    public ProxyUrl proxyAt(String ip, int port, List<String> names) {
        for (ProxyUrl p : proxies) {
            if (port != p.effectivePort() && port != p.effectivePortCurl()) {
                continue;
            }
            if (p.host().equalsIgnoreCase(ip)) {
                return p;
            }
            if (names != null) {
                for (String n : names) {
                    if (n != null && p.host().equalsIgnoreCase(stripDot(n))) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    /** True when {@code name} is the host name of a configured proxy (its lookups are expected). */
    public boolean isProxyName(String name) {
        String n = stripDot(name);
        for (ProxyUrl p : proxies) {
            if (p.host().equalsIgnoreCase(n)) {
                return true;
            }
        }
        return false;
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
