package io.proxyaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.client.Client;
import io.proxyaudit.policy.ConfigException;
import io.proxyaudit.policy.Role;
import org.junit.jupiter.api.Test;

/** The {@code --allow} file format (docs/allowlist.md): what each line means, and the one-line error for a bad one. */
class AllowlistTest {
    private static Allowlist parse(String text) throws ConfigException {
        return Allowlist.parse("allow.txt", text);
    }

    /** {line, host, server ip, port, client, role, matches?}: one entry against one direct flow. */
    private static final Object[][] MATCHES = {
            {"proxy.golang.org", "proxy.golang.org", "10.0.0.1", 443, Client.GO_HTTP, Role.MODULE_PROXY, true},
            {"Proxy.Golang.ORG.", "proxy.golang.org", "10.0.0.1", 443, Client.GO_HTTP, Role.MODULE_PROXY, true},
            {"proxy.golang.org", "sum.golang.org", "10.0.0.1", 443, Client.GO_HTTP, Role.CHECKSUM_DB, false},
            {"proxy.golang.org:443", "proxy.golang.org", "10.0.0.1", 443, Client.GO_HTTP, null, true},
            {"proxy.golang.org:80", "proxy.golang.org", "10.0.0.1", 443, Client.GO_HTTP, null, false},
            {"*.golang.org", "proxy.golang.org", "10.0.0.1", 443, Client.GO_HTTP, null, true},
            {"*.golang.org", "a.b.golang.org", "10.0.0.1", 443, Client.GO_HTTP, null, true},
            {"*.golang.org", "golang.org", "10.0.0.1", 443, Client.GO_HTTP, null, false},
            {"*.golang.org", "notgolang.org", "10.0.0.1", 443, Client.GO_HTTP, null, false},
            {"10.0.0.1", "proxy.golang.org", "10.0.0.1", 443, Client.GO_HTTP, null, true},
            {"10.0.0.1:443", "proxy.golang.org", "10.0.0.1", 22, Client.GIT_SSH, null, false},
            {"10.0.0.0/8", "proxy.golang.org", "10.200.3.4", 443, Client.GO_HTTP, null, true},
            {"10.0.0.0/8:443", "proxy.golang.org", "11.0.0.1", 443, Client.GO_HTTP, null, false},
            {"0.0.0.0/0", "x.example", "192.0.2.7", 5000, Client.OTHER, null, true},
            {"2001:db8::/32", "x.example", "2001:db8:1::5", 443, Client.OTHER, null, true},
            {"2001:db8::/32", "x.example", "10.0.0.1", 443, Client.OTHER, null, false},
            {"[2001:db8::1]:443", "x.example", "2001:db8::1", 443, Client.OTHER, null, true},
            {"[2001:db8::1]:443", "x.example", "2001:db8::1", 80, Client.OTHER, null, false},
            {"[2001:db8::/48]:443", "x.example", "2001:db8::9", 443, Client.OTHER, null, true},
            {"git.lab.test client=git-ssh", "git.lab.test", "10.0.0.1", 22, Client.GIT_SSH, Role.VCS, true},
            {"git.lab.test client=git-ssh", "git.lab.test", "10.0.0.1", 443, Client.GIT_HTTP, Role.VCS, false},
            {"git.lab.test role=vcs", "git.lab.test", "10.0.0.1", 443, Client.GIT_HTTP, Role.VCS, true},
            {"git.lab.test role=vcs", "git.lab.test", "10.0.0.1", 443, Client.GO_HTTP, Role.GO_GET, false},
            {"*.lab.test:443 client=other role=other  # trailing comment", "www.lab.test", "10.0.0.1", 443,
                    Client.OTHER, Role.OTHER, true},
            // a name entry matches the flow's name, not an address it happened to have; an address entry the address
            {"www.lab.test", "10.0.0.1", "10.0.0.1", 443, Client.OTHER, null, false},
            {"10.0.0.1", "10.0.0.1", null, 443, Client.OTHER, null, true},
    };

    @Test
    void eachEntryMatchesWhatItSays() throws ConfigException {
        for (Object[] c : MATCHES) {
            Allowlist a = parse((String) c[0]);
            Allowlist.Entry e = a.match((String) c[1], (String) c[2], (Integer) c[3], (Client) c[4], (Role) c[5]);
            assertEquals(c[6], e != null, c[0] + " against " + c[1] + " " + c[2] + ":" + c[3] + " " + c[4] + " " + c[5]);
            if (e != null) {
                assertEquals("allow.txt:1", e.source());
            }
        }
    }

    @Test
    void theFirstMatchingLineIsReportedAndCommentsAndBlankLinesAreSkipped() throws ConfigException {
        Allowlist a = parse("# CI's direct destinations\n\n   \nsum.golang.org  client=git-curl\r\n"
                + "*.golang.org:443   # Go's own\nsum.golang.org\n");
        assertEquals(3, a.entries().size());
        Allowlist.Entry e = a.match("sum.golang.org", "10.0.0.2", 443, Client.GO_HTTP, Role.CHECKSUM_DB);
        assertNotNull(e);
        assertEquals("allow.txt:5", e.source());
        assertEquals("*.golang.org:443", e.text());
        assertEquals("allow.txt:4", a.match("sum.golang.org", null, 443, Client.GIT_HTTP, null).source());
        assertTrue(parse("# only comments\n\n").isEmpty());
        assertNull(Allowlist.NONE.match("x", "10.0.0.1", 1, Client.OTHER, Role.OTHER));
    }

    /** {file text, the whole one-line error}. */
    private static final String[][] BAD = {
            {"ok.example\n*\n", "allow.txt:2: a bare '*' would allow every host: name the hosts (*.example.com), or "
                    + "give 0.0.0.0/0 and ::/0 if every address is meant"},
            {"foo*.example.com", "allow.txt:1: 'foo*.example.com': '*' only as a whole first label (*.example.com)"},
            {"*.*.example.com", "allow.txt:1: '*.*.example.com': '*' only as a whole first label (*.example.com)"},
            {"host.example:0", "allow.txt:1: port '0' is not a number from 1 to 65535"},
            {"host.example:65536", "allow.txt:1: port '65536' is not a number from 1 to 65535"},
            {"host.example:https", "allow.txt:1: port 'https' is not a number from 1 to 65535"},
            {"host.example:", "allow.txt:1: port '' is not a number from 1 to 65535"},
            {":443", "allow.txt:1: no host before the port"},
            {"host.example client=wget", "allow.txt:1: client 'wget' is not one of go-http, git-curl, git-ssh, "
                    + "git-daemon, pip, python, npm, node, maven, gradle, java, cargo, docker, curl, other"},
            {"host.example role=web", "allow.txt:1: role 'web' is not one of module-proxy, checksum-db, go-get, vcs, "
                    + "toolchain, python-index, npm-registry, maven-repository, gradle, crates-registry, "
                    + "container-registry, vcs-download, proxy, dns, dns-over-tls, dns-over-https, other"},
            {"host.example client=go-http client=other", "allow.txt:1: client= given twice"},
            {"host.example role=vcs role=vcs", "allow.txt:1: role= given twice"},
            {"host.example port=443", "allow.txt:1: 'port=443': expected client=NAME or role=ROLE after the host (one "
                    + "entry a line: HOST[:PORT] [client=NAME] [role=ROLE])"},
            {"a.example b.example", "allow.txt:1: 'b.example': expected client=NAME or role=ROLE after the host (one "
                    + "entry a line: HOST[:PORT] [client=NAME] [role=ROLE])"},
            {"10.0.0.0/33", "allow.txt:1: '10.0.0.0/33': prefix length must be 0 to 32"},
            {"2001:db8::/129", "allow.txt:1: '2001:db8::/129': prefix length must be 0 to 128"},
            {"example.com/8", "allow.txt:1: 'example.com/8': a CIDR needs an IP address before '/'"},
            {"10.0.0.0/x", "allow.txt:1: '10.0.0.0/x': prefix length must be 0 to 32"},
            {"[2001:db8::1", "allow.txt:1: '[2001:db8::1': '[' without ']'"},
            {"[2001:db8::1]443", "allow.txt:1: '[2001:db8::1]443': expected :PORT after ']'"},
            {"[example.com]:443", "allow.txt:1: '[example.com]:443': brackets are for IPv6 addresses"},
            {"2001:db8::zz", "allow.txt:1: '2001:db8::zz': not an IPv6 address (give a port after one as "
                    + "[ADDRESS]:PORT)"},
            {"example.com\nhttp://example.com", "allow.txt:2: port '//example.com' is not a number from 1 to 65535"},
            {"ex!ample.com", "allow.txt:1: 'ex!ample.com': not a host name (letters, digits, '-', '_' and dots, labels "
                    + "of 1 to 63 characters, at most 253 in all)"},
            {"a..example.com", "allow.txt:1: 'a..example.com': not a host name (letters, digits, '-', '_' and dots, "
                    + "labels of 1 to 63 characters, at most 253 in all)"},
            {"evil\u001b[31m.example", "allow.txt:1: 'evil?[31m.example': not a host name (letters, digits, '-', "
                    + "'_' and dots, labels of 1 to 63 characters, at most 253 in all)"},
            {"x".repeat(1001), "allow.txt:1: line longer than 1000 characters"},
    };

    @Test
    void aBadLineIsOneErrorNamingFileAndLine() {
        for (String[] c : BAD) {
            ConfigException e = assertThrows(ConfigException.class, () -> parse(c[0]), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
            assertFalse(e.getMessage().contains("\n"), c[0]);
        }
    }

    @Test
    void aFileWithTooManyEntriesIsRefused() {
        String many = "a.example\n".repeat(Allowlist.MAX_ENTRIES + 1);
        ConfigException e = assertThrows(ConfigException.class, () -> parse(many));
        assertEquals("allow.txt:" + (Allowlist.MAX_ENTRIES + 1) + ": more than " + Allowlist.MAX_ENTRIES + " entries",
                e.getMessage());
    }
}
