package io.proxyaudit.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.policy.ConfigException;
import io.proxyaudit.policy.EnvFileParser;
import io.proxyaudit.policy.Redaction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Hostile env files: secrets with URL sub-delimiters in them, escape sequences aimed at the terminal. */
class HostileConfigTest {
    /** RFC 3986 §3.2.1 lets userinfo hold sub-delims unescaped; Go's url.Parse splits at the last '@'. */
    @ParameterizedTest
    @ValueSource(strings = {"pa,ss1", "pa;ss2", "pa=ss3", "p@ss4", "pa|ss5", "_\\EM&0,"})
    void passwordWithSeparatorsIsRedacted(String password) {
        for (String scheme : new String[] {"http://", "socks5://", ""}) {
            String url = scheme + "alice:" + password + "@proxy.example:3128";
            String shown = Redaction.redact(url);
            assertFalse(shown.contains(password), url + " -> " + shown);
            assertTrue(shown.contains("alice:***@"), url + " -> " + shown);
        }
    }

    @Test
    void listsKeepTheirOtherElements() {
        assertEquals("https://u:***@corp/go,https://***@b.example/x,direct",
                Redaction.redact("https://u:p,w@corp/go,https://tok@b.example/x,direct"));
    }

    @Test
    void escapeSequenceInABadLineDoesNotReachTheTerminal() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> EnvFileParser.parse("env.txt", "HTTPS_PROXY http://u:p@x\u001b[2J\u0007\n"));
        assertFalse(e.getMessage().chars().anyMatch(c -> c < 0x20), e.getMessage());
        assertTrue(e.getMessage().contains("\\x1b"), e.getMessage());
        assertFalse(e.getMessage().contains(":p@"), "password redacted: " + e.getMessage());
    }
}
