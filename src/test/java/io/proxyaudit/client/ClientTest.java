package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The client names are an output API: the ones a flow can carry are exactly those docs/ndjson-schema.md documents. */
class ClientTest {
    @Test
    void flowClientNamesAreTheDocumentedOnes() throws Exception {
        String doc = Files.readString(Path.of("docs", "ndjson-schema.md"));
        int at = doc.indexOf("| `client` |");
        String paragraph = doc.substring(at, doc.indexOf(';', at));
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("`([a-z-]+)`").matcher(paragraph);
        while (m.find()) {
            documented.add(m.group(1));
        }
        documented.remove("client");
        Set<String> ours = Arrays.stream(Client.values()).filter(c -> c != Client.NONE).map(Client::wire)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(documented, ours);
    }

    /** git transport.c {@code transport_get}: ssh for ssh URLs and scp-like paths, git:// its own, else curl. */
    @Test
    void gitTransportFollowsTheUrl() {
        assertEquals(Client.GIT_HTTP, Client.gitTransport("https://github.com/o/r"));
        assertEquals(Client.GIT_HTTP, Client.gitTransport("http://git.corp/r"));
        assertEquals(Client.GIT_SSH, Client.gitTransport("ssh://git@github.com/o/r"));
        assertEquals(Client.GIT_SSH, Client.gitTransport("git+ssh://git@github.com/o/r"));
        assertEquals(Client.GIT_SSH, Client.gitTransport("SSH://git@github.com/o/r"));
        assertEquals(Client.GIT_SSH, Client.gitTransport("git@github.com:o/r.git"));
        assertEquals(Client.GIT_DAEMON, Client.gitTransport("git://git.corp/r"));
    }
}
