package io.proxyaudit.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.policy.ConfigEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyConfigTest {
    @TempDir
    Path dir;

    @Test
    void precedenceEnvThenFilesThenAssignments() throws Exception {
        Path f1 = Files.writeString(dir.resolve("a.env"), "HTTPS_PROXY=http://file1:1\nGOPROXY=https://corp/go\nHOME=/x\n");
        Path f2 = Files.writeString(dir.resolve("b.env"), "export HTTPS_PROXY=http://file2:2\n");
        ProxyConfig.Builder b = ProxyConfig.builder()
                .inherit(Map.of("HTTPS_PROXY", "http://env:0", "NO_PROXY", "corp", "PATH", "/bin"))
                .file(f1).file(f2).assign("NO_PROXY=other");
        ProxyConfig c = b.build();
        assertEquals("http://file2:2", c.get("HTTPS_PROXY"));
        assertEquals("b.env:1", c.source("HTTPS_PROXY"));
        assertEquals("other", c.get("NO_PROXY"));
        assertEquals("--env", c.source("NO_PROXY"));
        assertEquals("https://corp/go", c.goEnv("GOPROXY"));
        assertNull(c.get("PATH"));
        assertNull(c.get("HOME"));
        assertEquals(1, b.ignoredKeys());
    }

    @Test
    void gitConfigFromTheEnvironmentBecomesGitKeys() throws Exception {
        Path f = Files.writeString(dir.resolve("ci.env"), "git.http.proxy=http://file:1\n");
        ProxyConfig c = ProxyConfig.builder()
                .inherit(Map.of("GIT_CONFIG_COUNT", "2", "GIT_CONFIG_KEY_0", "HTTP.Proxy", "GIT_CONFIG_VALUE_0", "http://q:8080",
                        "GIT_CONFIG_KEY_1", "Http.https://Git.Corp.proxy", "GIT_CONFIG_VALUE_1", ""))
                .file(f).build();
        // git config.c git_config_from_parameters: read after the config files, so it wins over the env file's key
        assertEquals("http://q:8080", c.get("git.http.proxy"));
        assertTrue(c.source("git.http.proxy").startsWith("GIT_CONFIG_KEY_0"), c.source("git.http.proxy"));
        // section and variable lower-cased, the URL subsection kept; an empty value stays "set but empty"
        assertEquals("", c.get("git.http.https://Git.Corp.proxy"));
    }

    @Test
    void gitConfigWithBogusCountOrMissingKeyAddsNothing() throws Exception {
        ProxyConfig bogus = ProxyConfig.builder().assign("GIT_CONFIG_COUNT=x").assign("GIT_CONFIG_KEY_0=http.proxy")
                .assign("GIT_CONFIG_VALUE_0=http://q:1").build();
        assertNull(bogus.get("git.http.proxy"));
        assertEquals("x", bogus.get("GIT_CONFIG_COUNT"));
        ProxyConfig missing = ProxyConfig.builder().assign("GIT_CONFIG_COUNT=1").assign("GIT_CONFIG_KEY_0=http.proxy").build();
        assertNull(missing.get("git.http.proxy"));
    }

    @Test
    void goDefaultsAndPrivateFallbacks() {
        ProxyConfig c = ProxyConfig.of(Map.of("GOPRIVATE", "git.corp", "GOPROXY", ""));
        assertEquals("https://proxy.golang.org,direct", c.goEnv("GOPROXY"));
        assertEquals("sum.golang.org", c.goEnv("GOSUMDB"));
        assertEquals("git.corp", c.goEnv("GONOPROXY"));
        assertEquals("git.corp", c.goEnv("GONOSUMDB"));
        assertEquals("default", c.source("GOSUMDB"));
    }

    @Test
    void goVersionFromGoEnvUnlessGiven() {
        assertEquals(new Version(1, 19, 8), ProxyConfig.of(Map.of("GOVERSION", "go1.19.8")).goVersion());
        assertEquals(Version.DEFAULT_GO, ProxyConfig.of(Map.of()).goVersion());
        assertEquals(Version.DEFAULT_CURL, ProxyConfig.of(Map.of()).curlVersion());
        assertEquals(new Version(1, 22, 0), ProxyConfig.builder().put("GOVERSION", "go1.19.8", "x")
                .goVersion(new Version(1, 22, 0)).build().goVersion());
    }

    @Test
    void entriesAreRedacted() throws Exception {
        ProxyConfig c = ProxyConfig.builder().assign("HTTPS_PROXY=http://alice:pw1@p:3128")
                .assign("GOPROXY=https://tok3n@corp.example/go,direct").proxy("http://bob:pw2@10.0.0.9:8080").build();
        List<ConfigEntry> entries = c.entries();
        String all = entries.toString();
        assertFalse(all.contains("pw1") || all.contains("pw2") || all.contains("tok3n"), all);
        assertTrue(all.contains("http://alice:***@p:3128"), all);
        assertTrue(all.contains("https://***@corp.example/go,direct"), all);
        assertTrue(all.contains("http://bob:***@10.0.0.9:8080"), all);
    }

    @Test
    void badAssignmentsAndProxies() {
        assertThrows(ConfigException.class, () -> ProxyConfig.builder().assign("NOEQUALS"));
        // a variable of the job proxyaudit does not model: a warning, the value not kept (issue 17)
        ProxyConfig home = assertDoesNotThrow(() -> ProxyConfig.builder().assign("HOME=/x").build());
        assertEquals(List.of("--env HOME: not a variable proxyaudit models; ignored (known: proxy variables in upper"
                + " and lower case, Go's GO* variables, GIT_SSH_COMMAND, GIT_SSH, GIT_CONFIG_*, git.<key>)"), home.warnings());
        assertNull(home.get("HOME"));
        ConfigException e = assertThrows(ConfigException.class, () -> ProxyConfig.builder().assign("HO ME=/x"));
        assertTrue(e.getMessage().startsWith("--env HO ME: not a variable name"), e.getMessage());
        ConfigException p = assertThrows(ConfigException.class, () -> ProxyConfig.builder().proxy("http://u:pw@ bad"));
        assertFalse(p.getMessage().contains("pw"), p.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> ProxyConfig.builder().file(dir.resolve("nope.env")));
        assertEquals(dir.resolve("nope.env") + ": no such file or directory", missing.getMessage());
    }

    @Test
    void knownProxiesIncludeEnvGitAndExtra() throws Exception {
        ProxyConfig c = ProxyConfig.builder().assign("HTTPS_PROXY=p1:3128").assign("git.http.proxy=http://q:8080")
                .proxy("10.0.0.9:8080").build();
        List<String> hosts = c.knownProxies().stream().map(ProxyUrl::host).distinct().toList();
        assertEquals(List.of("p1", "q", "10.0.0.9"), hosts);
        assertTrue(c.anyProxyConfigured());
        assertFalse(ProxyConfig.builder().proxy("10.0.0.9:8080").build().anyProxyConfigured());
    }

    @Test
    void aBuilderCopiedOrShippedToAnotherJvmLayersLikeTheOriginal() throws Exception {
        // the Spark job builds the command line's configuration on the driver, ships the builder (Java serialization)
        // and copies it per capture before the capture's sidecar goes on top
        Path cmd = Files.writeString(dir.resolve("ci.env"), "HTTPS_PROXY=http://cmd:1\nGOPRIVATE=corp.example\n");
        Path side = Files.writeString(dir.resolve("capture.env"), "HTTPS_PROXY=http://side:2\n");
        ProxyConfig.Builder base = ProxyConfig.builder().file(cmd).assign("NO_PROXY=a").proxy("http://10.0.0.5:3128");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(bytes)) {
            o.writeObject(base);
        }
        ProxyConfig.Builder shipped;
        try (java.io.ObjectInputStream i = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            shipped = (ProxyConfig.Builder) i.readObject();
        }
        ProxyConfig expected = base.copy().file(side).build();
        ProxyConfig copy;
        try (java.io.InputStream in = Files.newInputStream(side)) {
            copy = shipped.copy().file(side.toString(), "capture.env", in).build();
        }
        assertEquals(expected.entries(), copy.entries());
        assertEquals("http://side:2", copy.get("HTTPS_PROXY"));
        assertEquals("capture.env:1", copy.source("HTTPS_PROXY"));
        assertEquals(expected.knownProxies(), copy.knownProxies());
        // the copies are independent: the base still has the command line's proxy
        assertEquals("http://cmd:1", base.build().get("HTTPS_PROXY"));
        assertEquals("http://cmd:1", shipped.build().get("HTTPS_PROXY"));
    }

    @Test
    void anEnvFileFromAStreamHasTheFilesLimitsAndMessages() throws Exception {
        byte[] big = new byte[(int) ProxyConfig.Builder.MAX_ENV_FILE_BYTES + 1];
        ConfigException e = assertThrows(ConfigException.class, () -> ProxyConfig.builder()
                .file("s3a://b/x.env", "x.env", new java.io.ByteArrayInputStream(big)));
        assertEquals("s3a://b/x.env: env file larger than 4 MiB", e.getMessage());
        e = assertThrows(ConfigException.class, () -> ProxyConfig.builder()
                .file("s3a://b/x.env", "x.env", new java.io.ByteArrayInputStream(new byte[] {'A', '=', (byte) 0xff})));
        assertEquals("s3a://b/x.env: not UTF-8 text (byte offset 2)", e.getMessage());
        e = assertThrows(ConfigException.class, () -> ProxyConfig.builder().file(dir.resolve("absent.env")));
        assertTrue(e.getMessage().startsWith(dir.resolve("absent.env") + ": "), e.getMessage());
    }
}
