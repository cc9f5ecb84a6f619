package io.proxyaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Env file forms; the go-env-1.19.* resources are real output of Debian's go 1.19.8 ({@code go env}, {@code go env -json}). */
class EnvFileParserTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = EnvFileParserTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> parse(String text) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        for (EnvFileParser.Assignment a : EnvFileParser.parse("t.env", text)) {
            out.put(a.key(), a.value());
        }
        return out;
    }

    @Test
    void realGoEnvOutputOfGo119() throws Exception {
        Map<String, String> env = parse(resource("go-env-1.19.txt"));
        assertEquals("https://goproxy.cn|https://proxy.golang.org,direct", env.get("GOPROXY"));
        assertEquals("*.corp.example,github.com/acme", env.get("GOPRIVATE"));
        assertEquals("sum.golang.google.cn", env.get("GOSUMDB"));
        assertEquals("go1.19.8", env.get("GOVERSION"));
        assertEquals("", env.get("GO111MODULE"));
        assertEquals("-ldflags=-X=a.b=c", env.get("GOFLAGS"));
    }

    @Test
    void realGoEnvJsonOfGo119() throws Exception {
        Map<String, String> env = parse(resource("go-env-1.19.json"));
        assertEquals("https://goproxy.cn|https://proxy.golang.org,direct", env.get("GOPROXY"));
        assertEquals("legacy.corp.example", env.get("GOINSECURE"));
        assertEquals("-g -O2", env.get("CGO_CFLAGS"));
    }

    @Test
    void newerGoEnvSingleQuotesWithEscapedQuote() throws Exception {
        // envcmd.go shellQuote: ' + strings.ReplaceAll(s, "'", "'\\''") + '
        Map<String, String> env = parse("GOPROXY='https://proxy.golang.org,direct'\nGOFLAGS='-tags=it'\\''s'\nGOPRIVATE=''\n");
        assertEquals("https://proxy.golang.org,direct", env.get("GOPROXY"));
        assertEquals("-tags=it's", env.get("GOFLAGS"));
        assertEquals("", env.get("GOPRIVATE"));
    }

    @Test
    void shellExportsWithQuotesAndEscapes() throws Exception {
        Map<String, String> env = parse("""
                # proxy settings
                export HTTPS_PROXY="http://p:3128"   # trailing comment
                export NO_PROXY='localhost, .corp.example'
                export http_proxy=http://p:3128
                export\tGOPRIVATE="a.com,\\"b\\".com"
                """);
        assertEquals("http://p:3128", env.get("HTTPS_PROXY"));
        assertEquals("localhost, .corp.example", env.get("NO_PROXY"));
        assertEquals("http://p:3128", env.get("http_proxy"));
        assertEquals("a.com,\"b\".com", env.get("GOPRIVATE"));
    }

    @Test
    void dotenvKeepsUnquotedBlanksAndCrLf() throws Exception {
        Map<String, String> env = parse("NO_PROXY=corp.com sum.golang.org\r\nHTTPS_PROXY=http://p:3128 # comment\r\n\r\n");
        assertEquals("corp.com sum.golang.org", env.get("NO_PROXY"));
        assertEquals("http://p:3128", env.get("HTTPS_PROXY"));
    }

    @Test
    void windowsGoEnvAndGitKeys() throws Exception {
        Map<String, String> env = parse("set GOPROXY=https://proxy.golang.org,direct\n"
                + "git.url.git@github.com:.insteadOf=https://github.com/\ngit.http.https://git.corp.com.proxy=http://q:8080\n");
        assertEquals("https://proxy.golang.org,direct", env.get("GOPROXY"));
        assertEquals("https://github.com/", env.get("git.url.git@github.com:.insteadOf"));
        assertEquals("http://q:8080", env.get("git.http.https://git.corp.com.proxy"));
    }

    @Test
    void errorsNameFileAndLine() {
        ConfigException a = assertThrows(ConfigException.class, () -> EnvFileParser.parse("x.env", "A=1\nB='open\n"));
        assertEquals("x.env:2: unterminated single quote", a.getMessage());
        ConfigException b = assertThrows(ConfigException.class, () -> EnvFileParser.parse("x.env", "\n\njust words\n"));
        assertTrue(b.getMessage().startsWith("x.env:3: expected KEY=VALUE"), b.getMessage());
        ConfigException c = assertThrows(ConfigException.class, () -> EnvFileParser.parse("x.env", "export NO_PROXY=a.com b.com\n"));
        assertTrue(c.getMessage().startsWith("x.env:1: unquoted blank in value"), c.getMessage());
        ConfigException d = assertThrows(ConfigException.class, () -> EnvFileParser.parse("x.env", "{\n \"GOPROXY\": 5\n}"));
        assertEquals("x.env:2: value of GOPROXY is not a string", d.getMessage());
        ConfigException e = assertThrows(ConfigException.class, () -> EnvFileParser.parse("x.env", "{\n \"GOPROXY\": \"x\",\n"));
        assertTrue(e.getMessage().startsWith("x.env:"), e.getMessage());
        ConfigException f = assertThrows(ConfigException.class, () -> EnvFileParser.parse("x.env", "1BAD=x\n"));
        assertEquals("x.env:1: invalid variable name '1BAD'", f.getMessage());
        ConfigException g = assertThrows(ConfigException.class, () -> EnvFileParser.parse("x.env", "HTTPS_PROXY http://u:pw@p:1\n"));
        assertFalse(g.getMessage().contains("pw"), g.getMessage());
    }

    @Test
    void assignmentsKeepLineNumbers() throws Exception {
        List<EnvFileParser.Assignment> list = EnvFileParser.parse("x", "# c\n\nA=1\nexport B=2\n");
        assertEquals(3, list.get(0).line());
        assertEquals(4, list.get(1).line());
    }
}
