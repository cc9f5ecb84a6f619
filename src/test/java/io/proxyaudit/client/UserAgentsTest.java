package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * User-Agent strings as the programs build them (the format strings in the sources {@link UserAgents} cites, with
 * real versions filled in; the Go, git and python-requests ones are also on the wire in samples/ and the corpus).
 */
class UserAgentsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Go-http-client/1.1                                                                                       | go-http | go
            Go-http-client/2.0                                                                                       | go-http | go
            git/2.39.5                                                                                               | git-curl | git
            curl/7.88.1                                                                                              | curl    | curl
            Wget/1.21.3                                                                                              | other   | wget
            pip/23.0.1 {"ci":null,"cpu":"x86_64","implementation":{"name":"CPython","version":"3.11.2"},"installer":{"name":"pip","version":"23.0.1"}} | pip | pip
            npm/9.2.0 node/v18.13.0 linux x64 workspaces/false                                                       | npm     | npm
            npm/9.2.0 node/v18.13.0 linux x64 workspaces/false ci/github-actions                                     | npm     | npm
            Apache-Maven/3.8.7 (Java 17.0.9; Linux 6.1.0-13-amd64)                                                   | maven   | maven
            Gradle/8.5 (Linux;6.1.0-13-amd64;amd64) (Eclipse Adoptium;17.0.9;17.0.9+9)                              | gradle  | gradle
            gradlew/8.5 (Linux;6.1.0-13-amd64;amd64) (Eclipse Adoptium;17.0.9;17.0.9+9)                             | gradle  | gradle
            cargo/1.75.0 (1d8b05cdd 2023-11-20)                                                                      | cargo   | cargo
            cargo 1.65.0 (4bc8f24d3 2022-10-20)                                                                      | cargo   | cargo
            cargo                                                                                                    | cargo   | cargo
            git/1.0 (git2-curl 0.17.0)                                                                               | cargo   | cargo
            docker/20.10.24+dfsg1 go/go1.19.8 git-commit/5d6db84 kernel/6.1.0-13-amd64 os/linux arch/amd64 UpstreamClient(Docker-Client/20.10.24+dfsg1 \\(linux\\)) | docker | docker
            Docker-Client/20.10.24+dfsg1 (linux)                                                                     | docker  | docker
            containerd/v1.6.20                                                                                       | docker  | containerd
            python-requests/2.28.1                                                                                   | python  | python
            Python-urllib/3.11                                                                                       | python  | python
            python-urllib3/1.26.12                                                                                   | python  | python
            undici                                                                                                   | node    | node
            node                                                                                                     | node    | node
            node-fetch/1.0 (+https://github.com/bitinn/node-fetch)                                                   | node    | node
            Java/17.0.9                                                                                              | java    | java
            Java-http-client/17.0.9                                                                                  | java    | java
            Apache-HttpClient/4.5.14 (Java/17.0.9)                                                                   | java    | java
            """)
    void familiesFromTheProgramsSources(String userAgent, String client, String program) {
        Attribution a = UserAgents.of(userAgent);
        assertEquals(client, a.client().wire(), userAgent);
        assertEquals(program, a.program(), userAgent);
        assertEquals(Attribution.Evidence.USER_AGENT, a.evidence());
        assertEquals(Attribution.Confidence.HIGH, a.confidence());
        assertEquals("User-Agent " + userAgent, a.detail());
    }

    /**
     * A library's User-Agent on its ecosystem's host: Maven 3.8's wagon-http sends its CONNECT with Apache
     * HttpClient's default agent (the squid log of r2-registries-jvm-properties); elsewhere it stays Java's.
     */
    @org.junit.jupiter.api.Test
    void apacheHttpClientOnAMavenRepositoryIsMaven() {
        String ua = "Apache-HttpClient/4.5.14 (Java/17.0.15)";
        Attribution onMaven = UserAgents.of(ua, Client.MAVEN);
        assertEquals(List.of("maven", "user-agent", "medium", "maven"), List.of(onMaven.client().wire(),
                onMaven.evidence().wire(), onMaven.confidence().wire(), onMaven.program()));
        assertEquals("java", UserAgents.of(ua, Client.NPM).client().wire());
        assertEquals("java", UserAgents.of(ua, Client.GRADLE).client().wire(), "Gradle sets its own agent on the builder");
        assertEquals("maven", UserAgents.of("Apache-Maven/3.8.7 (Java 17.0.15; Linux 6.1.0)", Client.MAVEN).client().wire());
    }

    /** Not a family: browsers, a prefix that only looks alike, node as a word of another agent. */
    @ParameterizedTest
    @ValueSource(strings = {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36", "gitlab-runner 16.0", "nodejs-app/1", "cargo-edit/0.12",
            "pipx/1.2", "Victor/1.0", "", "Go-http-client", "java/17"})
    void othersAreNoFamily(String userAgent) {
        assertNull(UserAgents.of(userAgent));
    }
}
