package io.proxyaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.policy.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointCatalogueTest {
    private static final EndpointCatalogue CAT = EndpointCatalogue.of(ProxyConfig.of(Map.of(
            "GOPROXY", "https://athens.corp.example/go|direct", "GOPRIVATE", "*.corp.example,git.acme.io/team",
            "GOSUMDB", "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 https://sumproxy.corp.example",
            "HTTPS_PROXY", "http://proxy.corp:3128")));

    @ParameterizedTest(name = "{0}:{1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "proxy.golang.org|443|-|MODULE_PROXY",
        "sum.golang.org|443|-|CHECKSUM_DB",
        "golang.org|443|-|GO_GET",
        "dl.google.com|443|-|TOOLCHAIN",
        "github.com|22|-|VCS",
        "api.bitbucket.org|443|-|VCS",
        "athens.corp.example|443|-|MODULE_PROXY",
        "sumproxy.corp.example|443|-|CHECKSUM_DB",
        "git.corp.example|443|-|VCS",
        "git.acme.io|443|-|VCS",
        "proxy.corp|3128|-|PROXY",
        "example.com|443|-|OTHER",
        "gitlab.com|443|/group/proj?go-get=1|GO_GET",
        "mirror.local|80|/golang.org/toolchain/@v/list|TOOLCHAIN",
        "mirror.local|80|/rsc.io/quote/@v/v1.5.2.info|MODULE_PROXY",
        "mirror.local|80|/sumdb/sum.golang.org/supported|CHECKSUM_DB",
        "sum.golang.org|80|/lookup/rsc.io/quote@v1.5.2|CHECKSUM_DB",
        "git.corp.example|80|/team/lib/info/refs?service=git-upload-pack|VCS",
        "PROXY.GOLANG.ORG.|443|-|MODULE_PROXY",
        "pypi.org|443|-|PYTHON_INDEX",
        "files.pythonhosted.org|443|-|PYTHON_INDEX",
        "registry.npmjs.org|443|-|NPM_REGISTRY",
        "repo.maven.apache.org|443|-|MAVEN_REPOSITORY",
        "repo1.maven.org|443|-|MAVEN_REPOSITORY",
        "plugins.gradle.org|443|-|GRADLE",
        "services.gradle.org|443|-|GRADLE",
        "crates.io|443|-|CRATES_REGISTRY",
        "index.crates.io|443|-|CRATES_REGISTRY",
        "static.crates.io|443|-|CRATES_REGISTRY",
        "registry-1.docker.io|443|-|CONTAINER_REGISTRY",
        "auth.docker.io|443|-|CONTAINER_REGISTRY",
        "production.cloudflare.docker.com|443|-|CONTAINER_REGISTRY",
        "objects.githubusercontent.com|443|-|VCS_DOWNLOAD",
        "codeload.github.com|443|-|VCS_DOWNLOAD",
        "sub.pypi.org|443|-|OTHER",
    })
    void roles(String host, int port, String target, Role role) {
        assertEquals(role, CAT.role(host, port, "-".equals(target) ? List.of() : List.of(target)));
    }

    /** The package ecosystems' roles are no Go roles: their bypasses never fail --fail-on go. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = Role.class, names = {"PYTHON_INDEX", "NPM_REGISTRY",
            "MAVEN_REPOSITORY", "GRADLE", "CRATES_REGISTRY", "CONTAINER_REGISTRY", "VCS_DOWNLOAD"})
    void ecosystemRolesAreNotGoRelated(Role role) {
        org.junit.jupiter.api.Assertions.assertFalse(role.isGoRelated());
    }

    @Test
    void proxyMatchedByAddressOrName() {
        assertNotNull(CAT.proxyAt("10.0.0.7", 3128, List.of("proxy.corp.")));
        assertNull(CAT.proxyAt("10.0.0.7", 3129, List.of("proxy.corp")));
        assertNull(CAT.proxyAt("10.0.0.7", 3128, List.of()));
    }
}
