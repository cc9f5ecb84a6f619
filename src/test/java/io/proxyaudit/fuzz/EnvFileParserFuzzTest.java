package io.proxyaudit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.proxyaudit.policy.ConfigException;
import io.proxyaudit.policy.EnvFileParser;
import io.proxyaudit.policy.Redaction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes the env-file parser (go env, go env -json, shell, dotenv, Windows set) and credential redaction.
 * Invariants: only {@link ConfigException} is thrown; its message is one line naming {@code file:line},
 * bounded, without control characters (it reaches the terminal); keys are valid; a password in a proxy
 * URL never survives redaction.
 */
class EnvFileParserFuzzTest {
    private static final String NAME = "env.txt";

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void envFile(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            List<EnvFileParser.Assignment> as = EnvFileParser.parse(NAME, text);
            for (EnvFileParser.Assignment a : as) {
                assertTrue(EnvFileParser.validKey(a.key()), "invalid key accepted: " + a.key());
                assertTrue(a.value().length() <= 64 * 1024, "value not bounded: " + a.value().length());
                assertTrue(a.line() >= 1, "line " + a.line());
            }
        } catch (ConfigException e) {
            checkMessage(e.getMessage());
        }
    }

    /**
     * {@code scheme://user:PASSWORD@host:port} with a fuzzed password. Go's url.Parse takes the userinfo up
     * to the last '@' of the authority, so a password may itself contain '@' (net/url/url.go parseAuthority).
     */
    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void proxyUrlPasswordIsRedacted(FuzzedDataProvider in) {
        String scheme = in.pickValue(new String[] {"http", "https", "socks5", "socks5h"});
        String user = in.consumeString(12).replaceAll("[^A-Za-z0-9._-]", "");
        String password = in.consumeRemainingAsAsciiString().replaceAll("[^!-~]", "").replaceAll("[/:?#\\[\\]]", "");
        if (user.isEmpty() || password.length() < 6) {
            return;
        }
        String url = scheme + "://" + user + ":" + password + "@proxy.example:3128";
        String shown = Redaction.redact(url);
        // exact form: the password may also be a substring of the host name, so "contains" would mislead
        assertEquals(scheme + "://" + user + ":***@proxy.example:3128", shown, "redaction of " + url);
        String line = "HTTPS_PROXY " + url; // no '=': the parser quotes the line in its error
        try {
            EnvFileParser.parse(NAME, line);
        } catch (ConfigException e) {
            assertFalse(e.getMessage().contains(":" + password + "@"), "password in error message: " + e.getMessage());
        }
    }

    static void checkMessage(String m) {
        assertTrue(m != null && m.startsWith(NAME + ":"), "message names the file: " + m);
        // one line, bounded: Jackson quotes at most 256 characters of a bad token, each shown as at most \xHH
        assertTrue(m.length() <= 2000, "message not bounded: " + m.length());
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            assertFalse(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0),
                    "control character " + (int) c + " in message: " + m);
        }
    }
}
