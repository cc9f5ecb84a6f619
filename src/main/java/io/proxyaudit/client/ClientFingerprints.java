package io.proxyaudit.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JA4 fingerprints of real HTTP clients, measured in the lab with the programs themselves on Debian 12 (the
 * machine's own Node 20, pyenv Python and Go toolchains beside Debian's packages): {@code lab/measure-ja4.sh}
 * captures each program's ClientHello, proxyaudit computes the JA4 and FoxIO's ja4plus checks it; the raw
 * measurements are {@code lab/ja4/ja4-measured.tsv} with one capture per program beside it.
 *
 * <p>A client is recognised by the cipher and extension parts of its JA4 (after the first {@code _}): the first part
 * changes with SNI and ALPN, which the same program varies (Java's HttpClient offers h2, HttpsURLConnection no ALPN).
 * Many programs share a TLS library and so a fingerprint: pip and Debian's python3-requests (urllib3 1.26 sets the
 * same cipher string over the same OpenSSL), npm and Node's https module (and Debian's Node 18 fetch), Maven,
 * Gradle and every other JVM program (JSSE), git and Debian's cargo (both libcurl-gnutls). dockerd's hello is its own:
 * Go's crypto/tls with the cipher list of moby's tlsconfig.ServerDefault, and no ALPN. A fingerprint therefore
 * names a TLS stack ({@link #family}); {@link ClientDetector} takes the client from it together with the destination
 * (the ecosystem's client on its registry when it runs on that stack), and from the whole JA4 where only one program
 * of the stack was measured with it ({@link #only}).
 */
public final class ClientFingerprints {
    /** One measured program: name and version as the lab ran it, its TLS library, its JA4, and the client it is. */
    public record Fingerprint(String program, String version, String library, String ja4, Client client) {
        /** The cipher and extension parts: what identifies the TLS stack. */
        public String family() {
            return ja4.substring(ja4.indexOf('_') + 1);
        }
    }

    /** Every measurement of lab/ja4/ja4-measured.tsv (row for row, checked by ClientFingerprintsTest). */
    public static final List<Fingerprint> MEASURED = List.of(
            new Fingerprint("go", "1.19.8 (Debian golang-1.19)", "Go crypto/tls",
                    "t13d1910h2_9dc949149365_97f8aa674fd9", Client.GO_HTTP),
            new Fingerprint("go", "1.21.13 (GOTOOLCHAIN)", "Go crypto/tls",
                    "t13d1911h2_9dc949149365_e7c285222651", Client.GO_HTTP),
            new Fingerprint("go", "1.22.12 (GOTOOLCHAIN)", "Go crypto/tls",
                    "t13d1911h2_9dc949149365_e7c285222651", Client.GO_HTTP),
            new Fingerprint("go", "1.24.11 (GOTOOLCHAIN)", "Go crypto/tls",
                    "t13d1311h2_f57a46bbacb6_e7c285222651", Client.GO_HTTP),
            new Fingerprint("go", "1.26.8 (/usr/local/go)", "Go crypto/tls",
                    "t13d1312h2_f57a46bbacb6_ab7e3b40a677", Client.GO_HTTP),
            new Fingerprint("git", "2.39.5 (Debian)", "libcurl-gnutls 7.88.1, GnuTLS 3.7.9",
                    "t13d2912h2_723694b0fccc_288f874c93d6", Client.GIT_HTTP),
            new Fingerprint("cargo", "1.65.0 (Debian cargo 0.66, git index)", "libcurl-gnutls 7.88.1, GnuTLS 3.7.9",
                    "t13d2912h2_723694b0fccc_288f874c93d6", Client.CARGO),
            new Fingerprint("cargo", "1.95.0 (rustup, sparse index)", "libcurl and OpenSSL linked statically",
                    "t13d3012h2_1d37bd780c83_882d495ac381", Client.CARGO),
            new Fingerprint("curl", "7.88.1 (Debian)", "OpenSSL 3.0",
                    "t13d3112h2_e8f1e7e78f70_b26ce05bbdd6", Client.CURL),
            new Fingerprint("pip", "23.0.1 (Debian, python 3.11.2)", "OpenSSL 3.0 (vendored urllib3 1.26)",
                    "t13d4312h1_c7886603b240_b26ce05bbdd6", Client.PIP),
            new Fingerprint("pip", "23.2.1 (pyenv python 3.11.7)", "OpenSSL 3.0 (vendored urllib3 1.26)",
                    "t13d4312h1_c7886603b240_b26ce05bbdd6", Client.PIP),
            new Fingerprint("python requests", "2.28.1, urllib3 1.26.12 (Debian, python 3.11.2)", "OpenSSL 3.0",
                    "t13d4312h1_c7886603b240_b26ce05bbdd6", Client.PYTHON),
            new Fingerprint("python requests", "2.34.2, urllib3 2.7.0 (pyenv python 3.11.7)", "OpenSSL 3.0",
                    "t13d1812h1_85036bcba153_b26ce05bbdd6", Client.PYTHON),
            new Fingerprint("python urllib.request", "3.11.2 (Debian)", "OpenSSL 3.0",
                    "t13d3113h1_e8f1e7e78f70_d339722ba4af", Client.PYTHON),
            new Fingerprint("python urllib.request", "3.11.7 (pyenv)", "OpenSSL 3.0",
                    "t13d1813h1_85036bcba153_d339722ba4af", Client.PYTHON),
            new Fingerprint("node fetch", "20.20.2 (undici 6.24.1)", "OpenSSL 3.0 (bundled)",
                    "t13d5911h1_a33745022dd6_1f22a2ca17c4", Client.NODE),
            new Fingerprint("node https", "20.20.2", "OpenSSL 3.0 (bundled)",
                    "t13d591000_a33745022dd6_1f22a2ca17c4", Client.NODE),
            new Fingerprint("npm", "11.19.1 (node 20.20.2)", "OpenSSL 3.0 (bundled)",
                    "t13d591000_a33745022dd6_1f22a2ca17c4", Client.NPM),
            new Fingerprint("node fetch", "18.20.4 (Debian, undici 5.15)", "OpenSSL 3.0 (Debian libssl3)",
                    "t13d591000_a33745022dd6_1f22a2ca17c4", Client.NODE),
            new Fingerprint("node https", "18.20.4 (Debian)", "OpenSSL 3.0 (Debian libssl3)",
                    "t13d591000_a33745022dd6_1f22a2ca17c4", Client.NODE),
            new Fingerprint("java HttpsURLConnection", "17.0.15 (Debian)", "JSSE",
                    "t13d371200_db35923f8641_7c76daad20ec", Client.JAVA),
            new Fingerprint("java HttpClient", "17.0.15 (Debian)", "JSSE",
                    "t13d3713h2_db35923f8641_7c76daad20ec", Client.JAVA),
            new Fingerprint("maven", "3.8.7 (Debian, java 17.0.15)", "JSSE (wagon-http)",
                    "t13d371200_db35923f8641_7c76daad20ec", Client.MAVEN),
            new Fingerprint("gradle", "4.4.1 (Debian, java 17.0.15)", "JSSE",
                    "t13d371200_db35923f8641_7c76daad20ec", Client.GRADLE),
            new Fingerprint("dockerd", "20.10.24 (Debian docker.io, go1.19.8)",
                    "Go crypto/tls (moby tlsconfig.ServerDefault)", "t13d110900_cafd58515627_97f8aa674fd9", Client.DOCKER));

    private static final Map<String, Set<Client>> BY_FAMILY = index(true);
    private static final Map<String, Set<Client>> BY_JA4 = index(false);

    private static Map<String, Set<Client>> index(boolean family) {
        Map<String, Set<Client>> m = new HashMap<>();
        for (Fingerprint f : MEASURED) {
            m.computeIfAbsent(family ? f.family() : f.ja4(), k -> EnumSet.noneOf(Client.class)).add(f.client());
        }
        m.replaceAll((k, v) -> Collections.unmodifiableSet(v));
        return Map.copyOf(m);
    }

    private ClientFingerprints() {}

    /**
     * The TLS stack a fingerprint names, as a client: the one client measured with it, or, where several share it, the
     * runtime they all run on ({@link #runtime}: Python for pip, Node for npm, Java for Maven and Gradle, git's
     * libcurl-gnutls for Debian's cargo); null when unknown, when the programs run on different stacks, or when it is
     * only {@link Client#OTHER}'s (curl's libcurl+OpenSSL hello is also git's and cargo's where libcurl is built with
     * OpenSSL, so it never rules git out).
     */
    public static Client family(String ja4) {
        Set<Client> clients = candidates(ja4);
        if (clients.size() == 1) {
            Client only = clients.iterator().next();
            return only == Client.OTHER ? null : only;
        }
        Client stack = null;
        for (Client c : clients) {
            Client r = runtime(c);
            if (stack != null && stack != r) {
                return null;
            }
            stack = r;
        }
        return stack == Client.OTHER ? null : stack;
    }

    /**
     * The client whose TLS stack {@code client} sends its ClientHello with: pip Python's (its vendored urllib3 over
     * the ssl module), npm Node's, Maven and Gradle the JVM's (JSSE), cargo libcurl's (Debian's cargo links the same
     * libcurl-gnutls as git), the Docker daemon Go's crypto/tls; every other client its own.
     */
    public static Client runtime(Client client) {
        return switch (client) {
            case PIP -> Client.PYTHON;
            case NPM -> Client.NODE;
            case MAVEN, GRADLE -> Client.JAVA;
            case CARGO -> Client.GIT_HTTP;
            case DOCKER -> Client.GO_HTTP;
            default -> client;
        };
    }

    /** True when {@code client} sends the hello of the stack {@code family} names ({@link #family}). */
    public static boolean sharesStack(Client client, Client family) {
        return client == family || runtime(client) == family;
    }

    /**
     * The one client measured with exactly this JA4, its first part included, or null. Programs of one TLS stack differ
     * there (ALPN, extension count): Node 20's fetch (undici) offers ALPN http/1.1 where npm and Node's https module
     * offer none; Java's HttpClient offers h2 where Maven's and Gradle's transports offer none.
     */
    public static Client only(String ja4) {
        Set<Client> clients = ja4 == null ? Set.of() : BY_JA4.getOrDefault(ja4, Set.of());
        return clients.size() == 1 ? clients.iterator().next() : null;
    }

    /** True when the lab measured {@code client}'s hello (so a JA4 it never sent speaks against it). */
    public static boolean measured(Client client) {
        for (Fingerprint f : MEASURED) {
            if (f.client() == client) {
                return true;
            }
        }
        return false;
    }

    /** Every client a measured program with this fingerprint is (empty when none was measured). */
    public static Set<Client> candidates(String ja4) {
        String key = familyPart(ja4);
        return key == null ? Set.of() : BY_FAMILY.getOrDefault(key, Set.of());
    }

    /** The measured programs that sent this fingerprint's cipher and extension parts, in table order. */
    public static List<Fingerprint> programs(String ja4) {
        String key = familyPart(ja4);
        List<Fingerprint> out = new ArrayList<>();
        for (Fingerprint f : MEASURED) {
            if (f.family().equals(key)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The programs grouped by fingerprint family, in table order (for documentation and tests). */
    public static Map<String, List<Fingerprint>> byFamily() {
        Map<String, List<Fingerprint>> out = new LinkedHashMap<>();
        for (Fingerprint f : MEASURED) {
            out.computeIfAbsent(f.family(), k -> new ArrayList<>()).add(f);
        }
        return out;
    }

    private static String familyPart(String ja4) {
        if (ja4 == null) {
            return null;
        }
        int us = ja4.indexOf('_');
        return us < 0 ? null : ja4.substring(us + 1);
    }
}
