package io.proxyaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POSIX XCU 2.2 quoting and 2.6.5 field splitting, as {@code sh -c} applies them to GIT_SSH_COMMAND. */
class ShellWordsTest {
    /** text, then the words {@code sh -c 'printf "<%s>" TEXT'} prints (checked with dash, Debian 12 /bin/sh). */
    private static final String[][] CASES = {
        {"ssh -o ProxyCommand=\"nc -X connect -x p:3128 %h %p\"", "ssh", "-o", "ProxyCommand=nc -X connect -x p:3128 %h %p"},
        {"ssh -o 'ProxyCommand nc -x p:1080 %h %p'", "ssh", "-o", "ProxyCommand nc -x p:1080 %h %p"},
        {"  ssh\t-J  jump  ", "ssh", "-J", "jump"},
        {"ssh -o ProxyCommand=nc\\ -x\\ p:1\\ %h\\ %p", "ssh", "-o", "ProxyCommand=nc -x p:1 %h %p"},
        {"a\"b\"'c'd", "abcd"},
        {"\"a\\\"b\\$c\\x\"", "a\"b$c\\x"},            // in double quotes \ quotes only $ ` " \ newline
        {"'a\\b'", "a\\b"},                             // nothing is special in single quotes
        {"\"\"", ""},                                   // an empty quoted word is a word
        {"ssh $HOME/x", "ssh", "$HOME/x"},              // no expansion: left as written
        {"ssh -J j; echo x", "ssh", "-J", "j"},         // the first command only
        {"a\\\nb", "ab"},                               // backslash-newline continues the line
    };

    @Test
    void splitsLikeTheShell() {
        for (String[] c : CASES) {
            assertEquals(Arrays.asList(c).subList(1, c.length), ShellWords.split(c[0]), c[0]);
        }
    }

    @Test
    void refusesWhatTheShellRefuses() {
        assertNull(ShellWords.split("ssh -o 'ProxyCommand=nc"));
        assertNull(ShellWords.split("ssh \"x"));
        assertNull(ShellWords.split("ssh x\\"));
        assertNull(ShellWords.split("x".repeat(ShellWords.MAX_CHARS + 1)));
        assertNull(ShellWords.split("a ".repeat(ShellWords.MAX_WORDS + 1)));
    }

    @Test
    void joinQuotesWhatNeedsIt() {
        List<String> w = List.of("ssh", "-o", "ProxyCommand=nc -x p:1 %h %p", "it's");
        assertEquals("ssh -o 'ProxyCommand=nc -x p:1 %h %p' 'it'\\''s'", ShellWords.join(w));
        assertEquals(w, ShellWords.split(ShellWords.join(w)));
    }
}
