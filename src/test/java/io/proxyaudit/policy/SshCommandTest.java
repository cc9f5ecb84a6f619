package io.proxyaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The proxy hop of git's ssh command. Each row: the command (as GIT_SSH_COMMAND), the option that routes it
 * ({@code -} for none), the address ssh connects to instead of the git host ({@code -} when none or unknown), and the
 * rule it checks.
 */
class SshCommandTest {
    private static final String[][] ROWS = {
        // OpenSSH ssh_config(5) ProxyCommand, given with -o as "keyword=value" or "keyword value"
        {"ssh -o ProxyCommand=\"nc -X connect -x proxy:3128 %h %p\"", "ProxyCommand", "http://proxy:3128", "nc(1) OpenBSD -X connect -x"},
        {"ssh -o 'ProxyCommand nc -X connect -x proxy %h %p'", "ProxyCommand", "http://proxy:3128", "nc(1): HTTPS proxy default port 3128"},
        {"ssh -oProxyCommand='nc -x socks.corp %h %p'", "ProxyCommand", "socks5://socks.corp:1080", "nc(1): -X defaults to SOCKS 5, port 1080"},
        {"ssh -o proxycommand='nc -X 4 -x s:9050 %h %p'", "ProxyCommand", "socks4://s:9050", "ssh_config(5): keywords are case-insensitive"},
        {"ssh -o ProxyCommand='ncat --proxy p:8080 --proxy-type http %h %p'", "ProxyCommand", "http://p:8080", "ncat(1) --proxy"},
        {"ssh -o ProxyCommand='connect-proxy -H p:3128 %h %p'", "ProxyCommand", "http://p:3128", "connect.c -H"},
        {"ssh -o ProxyCommand='/usr/bin/corkscrew p 8080 %h %p ~/.auth'", "ProxyCommand", "http://p:8080", "corkscrew(1)"},
        {"ssh -o ProxyCommand='socat - PROXY:p:%h:%p,proxyport=3128'", "ProxyCommand", "http://p:3128", "socat(1) PROXY: address"},
        {"ssh -o ProxyCommand='ssh -W %h:%p bastion'", "ProxyCommand", "ssh://bastion:22", "ssh(1) -W through a jump host"},
        {"ssh -o ProxyCommand='ssh -q -p 2222 me@bastion -W %h:%p'", "ProxyCommand", "ssh://bastion:2222", "ssh(1) -p"},
        {"ssh -o ProxyCommand='exec nc -X connect -x [fd00::2]:3128 %h %p'", "ProxyCommand", "http://[fd00::2]:3128", "exec, IPv6 literal"},
        {"ssh -o ProxyCommand='/opt/corp/tunnel %h %p'", "ProxyCommand", "-", "an unknown relay: routed, target unknown"},
        {"ssh -o ProxyCommand=none", "-", "-", "ssh_config(5): none disables ProxyCommand"},
        // OpenSSH ssh(1) -J / ssh_config(5) ProxyJump
        {"ssh -J jump", "ProxyJump", "ssh://jump:22", "ssh(1) -J"},
        {"ssh -Jme@jump:2222,second", "ProxyJump", "ssh://jump:2222", "ProxyJump: the first hop of a list"},
        {"ssh -o ProxyJump=ssh://jump.corp:2200", "ProxyJump", "ssh://jump.corp:2200", "ProxyJump URI form"},
        {"ssh -o ProxyJump=none", "-", "-", "ssh_config(5): none disables ProxyJump"},
        // ssh_config(5): the first obtained value is used; ProxyJump and ProxyCommand compete, the first wins
        {"ssh -J first -o ProxyCommand='nc -x p:1 %h %p'", "ProxyJump", "ssh://first:22", "first of ProxyJump/ProxyCommand wins"},
        {"ssh -o ProxyCommand='nc -X connect -x a:1 %h %p' -o ProxyCommand='nc -X connect -x b:2 %h %p'", "ProxyCommand", "http://a:1", "first ProxyCommand wins"},
        // options with arguments are skipped whole; the destination ends the options (ssh.c getopt)
        {"ssh -i ~/.ssh/id -p 22 -F /dev/null -o StrictHostKeyChecking=no -qJ jump", "ProxyJump", "ssh://jump:22", "ssh.c: -i -p -F take arguments, -q is a flag"},
        {"ssh -i -J", "-", "-", "-i takes -J as its file name"},
        {"ssh -o BatchMode=yes", "-", "-", "no proxy option"},
        {"FOO=1 exec ssh -J jump", "ProxyJump", "ssh://jump:22", "assignments and exec before the program"},
        // git connect.c determine_ssh_variant: plink/tortoiseplink are not OpenSSH
        {"plink -proxycmd x", "-", "-", "not OpenSSH: options not read"},
        {"ssh -o 'ProxyCommand=nc", "-", "-", "an unbalanced quote: the shell refuses it"},
    };

    @Test
    void table() {
        for (String[] r : ROWS) {
            SshCommand c = SshCommand.of(ProxyConfig.of(Map.of("GIT_SSH_COMMAND", r[0])));
            String why = r[3] + ": " + r[0];
            if (r[1].equals("-")) {
                assertNull(c.hop(), why);
                continue;
            }
            assertEquals(r[1], c.hop().option(), why);
            assertEquals(r[2], c.hop().target() == null ? "-" : c.hop().target().url(), why);
        }
    }

    /** git connect.c get_ssh_command: GIT_SSH_COMMAND, else core.sshCommand; GIT_SSH only without both. */
    @Test
    void precedenceOfGitsConnectC() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GIT_SSH", "/usr/local/bin/corp-ssh");
        assertTrue(SshCommand.of(ProxyConfig.of(env)).source().startsWith("GIT_SSH "));
        assertNull(SshCommand.of(ProxyConfig.of(env)).hop());
        env.put("git.core.sshCommand", "ssh -J core");
        assertEquals("ssh://core:22", SshCommand.of(ProxyConfig.of(env)).hop().target().url());
        env.put("GIT_SSH_COMMAND", "ssh -J env");
        assertEquals("ssh://env:22", SshCommand.of(ProxyConfig.of(env)).hop().target().url());
        // set but empty: getenv() is not NULL, so git uses it (and core.sshCommand is not consulted)
        env.put("GIT_SSH_COMMAND", "");
        assertNull(SshCommand.of(ProxyConfig.of(env)).hop());
        assertTrue(SshCommand.of(ProxyConfig.of(env)).source().startsWith("GIT_SSH_COMMAND"));
    }

    /** git config.c git_config_from_parameters: GIT_CONFIG_COUNT/KEY/VALUE, then GIT_CONFIG_PARAMETERS, over files. */
    @Test
    void gitCommandLineConfigFromTheEnvironment() throws Exception {
        ProxyConfig.Builder b = ProxyConfig.builder();
        b.put("git.core.sshcommand", "ssh -J fromfile", "ci.env:1");
        b.put("GIT_CONFIG_COUNT", "2", "env");
        b.put("GIT_CONFIG_KEY_0", "http.proxy", "env");
        b.put("GIT_CONFIG_VALUE_0", "http://q:8080", "env");
        b.put("GIT_CONFIG_KEY_1", "Core.SSHCommand", "env");
        b.put("GIT_CONFIG_VALUE_1", "ssh -J fromcount", "env");
        ProxyConfig c = b.build();
        assertEquals("http://q:8080", c.get("git.http.proxy"));
        assertEquals("ssh://fromcount:22", SshCommand.of(c).hop().target().url());
        assertTrue(SshCommand.of(c).source().contains("GIT_CONFIG_KEY_1"));
        b.put("GIT_CONFIG_PARAMETERS", "'core.sshCommand'='ssh -J fromparams' 'x.y'='z'", "env");
        assertEquals("ssh://fromparams:22", SshCommand.of(b.build()).hop().target().url());
        assertTrue(b.build().warnings().isEmpty());
        // what git refuses is a warning here, and its entries are left out
        b.put("GIT_CONFIG_COUNT", "3", "env");
        ProxyConfig missing = b.build();
        assertEquals(1, missing.warnings().size());
        assertTrue(missing.warnings().get(0).contains("GIT_CONFIG_KEY_2 is missing"), missing.warnings().toString());
        assertNull(missing.get("git.http.proxy"));
    }

    @Test
    void credentialsAndControlCharactersNeverReachTheText() {
        SshCommand c = SshCommand.of(ProxyConfig.of(Map.of("GIT_SSH_COMMAND",
                "ssh -o ProxyCommand='ncat --proxy u:secret@p:3128 --proxy-auth u:secret2 %h %p'\u001b[31m")));
        assertEquals("http://p:3128", c.hop().target().url());
        String text = c.describe() + c.display();
        assertFalse(text.contains("secret"), text);
        assertFalse(text.contains("\u001b"), text);
        SshCommand longOne = SshCommand.of(ProxyConfig.of(Map.of("GIT_SSH_COMMAND", "ssh -J j " + "x".repeat(5000))));
        assertTrue(longOne.display().length() <= SshCommand.MAX_DISPLAY + 3);
    }
}
