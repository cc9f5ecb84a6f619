package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.flow.HttpExchange;
import io.proxyaudit.policy.Role;
import io.proxyaudit.proto.tls.ClientHello;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Client detection, signal by signal and in priority order. The JA4 values are the ones the lab's real programs
 * sent in samples/ (Go 1.19.8 in c-no-proxy-exemptions and others, git 2.39.5 with libcurl in e1/e2/d, the package
 * managers in r1..u, all in lab/ja4/ja4-measured.tsv; the Chromium one in m1 is unknown on purpose); the cargo and
 * Maven CONNECT User-Agents are the ones squid logged in r1..u.
 */
class ClientDetectorTest {
    private static final String GO_JA4 = "t13d1910h2_9dc949149365_97f8aa674fd9";
    private static final String GIT_JA4 = "t13d2912h2_723694b0fccc_288f874c93d6";
    private static final String CHROMIUM_JA4 = "t13d1517h2_8daaf6152771_cb7bf5808d99";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            ssh port to a VCS host                 | VCS          | github.com        | 22   | -                  | -                             | -         | git-ssh | port | medium
            git protocol port                      | OTHER        | git.corp          | 9418 | -                  | -                             | -         | git-daemon | port | medium
            Go User-Agent on a VCS host            | VCS          | git.lab.test      | 80   | Go-http-client/1.1 | /team/lib?go-get=1            | -         | go-http | user-agent | high
            git User-Agent                         | VCS          | git.lab.test      | 80   | git/2.39.5         | /team/lib                     | -         | git-curl | user-agent | high
            smart-HTTP path without User-Agent     | OTHER        | git.example       | 80   | -                  | /r.git/info/refs?service=x    | -         | git-curl | http-target | high
            Go User-Agent anywhere                 | OTHER        | example.com       | 80   | Go-http-client/1.1 | /                             | -         | go-http | user-agent | high
            Go's ClientHello to a VCS host         | VCS          | git.lab.test      | 443  | -                  | -                             | GO        | go-http | ja4 | medium
            libcurl's ClientHello to a VCS host    | VCS          | git.lab.test      | 443  | -                  | -                             | GIT       | git-curl | ja4 | medium
            curl's ClientHello to a VCS host       | VCS          | github.com        | 443  | -                  | -                             | t13d3112h2_e8f1e7e78f70_b26ce05bbdd6 | git-curl | endpoint | low
            curl's ClientHello elsewhere           | OTHER        | www.lab.test      | 443  | -                  | -                             | t13d3112h2_e8f1e7e78f70_b26ce05bbdd6 | curl | ja4 | medium
            unknown ClientHello to a VCS host      | VCS          | git.lab.test      | 443  | -                  | -                             | CHROMIUM  | git-curl | endpoint | low
            Go's ClientHello elsewhere: role rules | OTHER        | www.lab.test      | 443  | -                  | -                             | GO        | other | none | low
            module proxy role                      | MODULE_PROXY | proxy.golang.org  | 443  | -                  | -                             | -         | go-http | endpoint | low
            checksum role                          | CHECKSUM_DB  | sum.golang.org    | 443  | -                  | -                             | -         | go-http | endpoint | low
            go-get role                            | GO_GET       | golang.org        | 443  | -                  | -                             | -         | go-http | endpoint | low
            toolchain role                         | TOOLCHAIN    | dl.google.com     | 443  | -                  | -                             | -         | go-http | endpoint | low
            bitbucket API is cmd/go's              | VCS          | api.bitbucket.org | 443  | -                  | -                             | -         | go-http | endpoint | low
            any other host                         | OTHER        | example.com       | 443  | -                  | -                             | -         | other | none | low
            pip's index by endpoint only          | PYTHON_INDEX | pypi.org          | 443  | -                  | -                             | -         | pip | endpoint | low
            the npm registry by endpoint          | NPM_REGISTRY | registry.npmjs.org | 443 | -                  | -                             | -         | npm | endpoint | low
            Docker Hub by endpoint                | CONTAINER_REGISTRY | registry-1.docker.io | 443 | -            | -                             | -         | docker | endpoint | low
            Go's ClientHello to Docker Hub: dockerd | CONTAINER_REGISTRY | registry-1.docker.io | 443 | -          | -                             | GO        | docker | ja4 | medium
            dockerd's CONNECT (Go's User-Agent)    | CONTAINER_REGISTRY | registry-1.docker.io | 443 | Go-http-client/1.1 | registry-1.docker.io:443 | -      | docker | user-agent | medium
            dockerd 20.10's hello on Docker Hub    | CONTAINER_REGISTRY | registry-1.docker.io | 443 | -            | -                             | t13d110900_cafd58515627_97f8aa674fd9 | docker | ja4 | medium
            dockerd 20.10's hello on a private registry | OTHER   | registry.corp.example | 443 | -              | -                             | t13d110900_cafd58515627_97f8aa674fd9 | docker | ja4 | medium
            Go's ClientHello to PyPI: a Go program | PYTHON_INDEX | pypi.org         | 443  | -                  | -                             | GO        | other | ja4 | medium
            GitHub downloads: any program         | VCS_DOWNLOAD | codeload.github.com | 443 | -                 | -                             | -         | other | none | low
            requests User-Agent beats the role    | MODULE_PROXY | proxy.golang.org  | 80   | python-requests/2.28.1 | /                         | -         | python | user-agent | high
            curl User-Agent                       | OTHER        | example.com       | 80   | curl/7.88.1        | /                             | -         | curl  | user-agent | high
            Maven User-Agent on the npm registry  | NPM_REGISTRY | registry.npmjs.org | 80  | Apache-Maven/3.8.7 (Java 17.0.9; Linux 6.1.0) | / | -       | maven | user-agent | high
            cargo's git index fetch (git2-curl)   | VCS          | github.com        | 443  | git/1.0 (git2-curl 0.17.0) | github.com:443        | -         | cargo | user-agent | high
            cargo's GitHub fast path               | OTHER        | api.github.com    | 443  | cargo              | api.github.com:443            | -         | cargo | user-agent | high
            Maven's CONNECT (Apache HttpClient)    | MAVEN_REPOSITORY | repo.maven.apache.org | 443 | Apache-HttpClient/4.5.14 (Java/17.0.15) | repo.maven.apache.org:443 | - | maven | user-agent | medium
            pip's hello on PyPI                    | PYTHON_INDEX | pypi.org          | 443  | -                  | -                             | t13d4312h1_c7886603b240_b26ce05bbdd6 | pip | ja4 | medium
            npm's hello on the npm registry        | NPM_REGISTRY | registry.npmjs.org | 443 | -                  | -                             | t13d591000_a33745022dd6_1f22a2ca17c4 | npm | ja4 | medium
            Node 20 fetch's hello on the npm registry | NPM_REGISTRY | registry.npmjs.org | 443 | -               | -                             | t13d5911h1_a33745022dd6_1f22a2ca17c4 | node | ja4 | medium
            Maven's hello on Maven Central         | MAVEN_REPOSITORY | repo.maven.apache.org | 443 | -            | -                             | t13d371200_db35923f8641_7c76daad20ec | maven | ja4 | medium
            Java HttpClient's hello on Maven Central | MAVEN_REPOSITORY | repo.maven.apache.org | 443 | -          | -                             | t13d3713h2_db35923f8641_7c76daad20ec | java | ja4 | medium
            Debian cargo's hello on crates.io      | CRATES_REGISTRY | static.crates.io | 443 | -                 | -                             | GIT       | cargo | ja4 | medium
            Debian cargo's hello on GitHub: git's  | VCS          | github.com        | 443  | -                  | -                             | GIT       | git-curl | ja4 | medium
            rustup cargo's hello on GitHub         | VCS          | github.com        | 443  | -                  | -                             | t13d3012h2_1d37bd780c83_882d495ac381 | cargo | ja4 | medium
            Python's hello elsewhere               | OTHER        | example.com       | 443  | -                  | -                             | t13d1812h1_85036bcba153_b26ce05bbdd6 | python | ja4 | medium
            """)
    void forFlow(String what, Role role, String host, int port, String userAgent, String target, String hello, String expected,
            String evidence, String confidence) {
        List<HttpExchange> http = userAgent == null && target == null ? List.of()
                : List.of(new HttpExchange("GET", host, target, userAgent, 200, null, 1L));
        ClientHello ch = hello == null ? null : new ClientHello(0x0303, host, List.of("h2"), List.of(0x0304), List.of(0x1301),
                List.of(0), List.of(0x0403), switch (hello) {
                    case "GO" -> GO_JA4;
                    case "GIT" -> GIT_JA4;
                    case "CHROMIUM" -> CHROMIUM_JA4;
                    default -> hello; // a JA4 of lab/ja4/ja4-measured.tsv
                }, List.of());
        FlowRecord f = new FlowRecord(1, "tcp", 0, 1, "10.0.0.2", 40000, "10.0.0.9", port, 5, 5, 100, 1000, "closed", 1,
                ch, null, null, null, http, 0, null, List.of(), host, List.of());
        Attribution a = ClientDetector.forFlow(f, ch, role, host, port);
        assertEquals(expected, a.client().wire(), what);
        assertEquals(evidence, a.evidence().wire(), what);
        assertEquals(confidence, a.confidence().wire(), what);
    }

    /** A process comment decides before everything else, even a User-Agent of another family (the socket's owner is known). */
    @org.junit.jupiter.api.Test
    void processCommentComesFirst() {
        List<HttpExchange> http = List.of(new HttpExchange("GET", "pypi.org", "/simple/x/", "Go-http-client/1.1", 200, null, 1L));
        io.proxyaudit.flow.ProcessInfo pip = new io.proxyaudit.flow.ProcessInfo(7, "/usr/bin/python3.11",
                "/usr/bin/python3 -m pip install x", -1, -1, null, null, null);
        FlowRecord f = new FlowRecord(1, "tcp", 0, 1, "10.0.0.2", 40000, "10.0.0.9", 80, 5, 5, 100, 1000, "closed", 1,
                null, null, null, null, http, 0, null, List.of(), "pypi.org", List.of(), false, null, null, pip);
        Attribution a = ClientDetector.forFlow(f, null, Role.PYTHON_INDEX, "pypi.org", 80);
        assertEquals(List.of("pip", "process", "high", "python3.11", "process python3.11 (pid 7)"),
                List.of(a.client().wire(), a.evidence().wire(), a.confidence().wire(), a.program(), a.detail()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"VCS, github.com, git-curl", "VCS, api.bitbucket.org, go-http", "MODULE_PROXY, proxy.golang.org, go-http",
            "CHECKSUM_DB, sum.golang.org, go-http", "PYTHON_INDEX, files.pythonhosted.org, pip",
            "CRATES_REGISTRY, index.crates.io, cargo", "OTHER, example.com, go-http"})
    void forLookup(Role role, String name, String expected) {
        assertEquals(expected, ClientDetector.forLookup(role, name).wire());
    }
}
