package io.proxyaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --config-file}: each client file by its name, one-line errors with file and line, no credentials kept. */
class ConfigFilesTest {
    @TempDir
    Path dir;

    private ProxyConfig read(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        ProxyConfig.Builder b = ProxyConfig.builder();
        ConfigFiles.read(b, f);
        return b.build();
    }

    private String error(String name, String text) {
        return assertThrows(ConfigException.class, () -> read(name, text)).getMessage();
    }

    @Test
    void npmrcKeepsOnlyProxySettings() throws Exception {
        ProxyConfig c = read(".npmrc", "; comment\nregistry=https://r/\n//registry.npmjs.org/:_authToken=npm_SECRET\n"
                + "https-proxy = \"http://alice:pw@p:3128\"\nnoproxy=corp\n");
        assertEquals("http://alice:pw@p:3128", c.get("npm.https-proxy"));
        assertEquals("corp", c.get("npm.noproxy"));
        assertEquals(".npmrc:4", c.source("npm.https-proxy"));
        String shown = c.entries().toString();
        assertFalse(shown.contains("SECRET") || shown.contains(":pw@"), shown);
    }

    @Test
    void mavenSettingsProxies() throws Exception {
        ProxyConfig c = read("settings.xml", "<?xml version=\"1.0\"?>\n<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\">"
                + "<proxies><proxy><id>corp</id><active>true</active><protocol>http</protocol><host>p.corp</host>"
                + "<port>3128</port><username>u</username><password>TOPSECRET</password>"
                + "<nonProxyHosts>*.corp|localhost</nonProxyHosts></proxy></proxies></settings>\n");
        assertEquals("p.corp", c.get("maven.proxy.01.host"));
        assertEquals("*.corp|localhost", c.get("maven.proxy.01.nonProxyHosts"));
        assertEquals("***", c.get("maven.proxy.01.username"));
        assertFalse(c.values().toString().contains("TOPSECRET"));
        assertTrue(c.anyProxyConfigured());
        String e = error("settings.xml", "<settings>\n<proxies>\n</settings>\n");
        assertTrue(e.contains("settings.xml:3: not well-formed XML"), e);
        assertFalse(e.contains("Exception"), e);
        assertTrue(error("settings.xml", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><settings>&e;</settings>")
                .contains("not well-formed XML"));
    }

    @Test
    void gradlePipCargoDocker() throws Exception {
        ProxyConfig g = read("gradle.properties", "org.gradle.jvmargs=-Xmx2g\nsystemProp.https.proxyHost=p\n"
                + "systemProp.https.proxyPort=3128\nsystemProp.https.proxyPassword=SECRET\n");
        assertEquals("p", g.get("gradle.systemProp.https.proxyHost"));
        assertNull(g.get("gradle.systemProp.https.proxyPassword"));
        assertEquals("gradle.properties:2", g.source("gradle.systemProp.https.proxyHost"));

        ProxyConfig p = read("pip.conf", "[global]\nproxy = http://g:1\n[install]\nproxy = http://i:2\n");
        assertEquals("http://i:2", p.get("pip.proxy"));
        assertTrue(error("pip.ini", "[global]\njust words\n").contains("pip.ini:2: not 'key = value'"));

        ProxyConfig cargo = read(".cargo/config.toml", "[net]\nretry = 2\n[http]\nproxy = \"http://c:1\" # corp\n");
        assertEquals("http://c:1", cargo.get("cargo.http.proxy"));
        assertEquals("http://c:1", read(".cargo/config", "http.proxy = 'http://c:1'\n").get("cargo.http.proxy"));
        assertTrue(error("config.toml", "[http]\nproxy = http://c:1\n").contains("config.toml:2: http.proxy must be a quoted string"));

        ProxyConfig d = read("daemon.json", "{\"debug\": true, \"proxies\": {\"https-proxy\": \"http://d:1\", \"no-proxy\": \"*.corp\"}}");
        assertEquals("http://d:1", d.get("docker.https-proxy"));
        assertEquals("*.corp", d.get("docker.no-proxy"));
        String e = error("daemon.json", "{\n\"proxies\": {\"https-proxy\": }\n}");
        assertTrue(e.contains("daemon.json:2: not JSON"), e);
    }

    @Test
    void unknownNamesAreRefusedWithTheKnownOnes() {
        String e = error("proxy.cfg", "x=1\n");
        assertTrue(e.contains("not a configuration file proxyaudit reads") && e.contains("settings.xml"), e);
    }
}
