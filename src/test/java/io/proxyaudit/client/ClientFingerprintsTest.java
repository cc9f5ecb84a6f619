package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditedFlow;
import io.proxyaudit.audit.CaptureAudit;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint table against the lab's raw measurements (lab/ja4/ja4-measured.tsv, written by
 * lab/measure-ja4.sh from the real programs): every measured JA4 is recomputed from its committed capture, agrees
 * with FoxIO's ja4plus as recorded, is in {@link ClientFingerprints#MEASURED} with the row's client, and a shared
 * fingerprint names the TLS stack its programs share, never one of them.
 */
class ClientFingerprintsTest {
    static final Path DIR = Path.of("lab", "ja4");

    record Row(String program, String version, String library, String client, String sni, String ja4, String ja4plus,
            String agree, String capture) {}

    static List<Row> rows() throws Exception {
        List<String> lines = Files.readAllLines(DIR.resolve("ja4-measured.tsv"));
        assertTrue(lines.get(0).startsWith("program\tversion\ttls_library\tclient\tsni\tja4_proxyaudit\tja4_ja4plus\tagree"),
                "TSV header: " + lines.get(0));
        List<Row> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split("\t", -1);
            out.add(new Row(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[9]));
        }
        return out;
    }

    @Test
    void everyMeasuredJa4IsRecomputedFromItsCaptureAndAgreesWithJa4plus() throws Exception {
        int measured = 0;
        for (Row r : rows()) {
            if (r.ja4().equals("-")) {
                continue;
            }
            measured++;
            assertEquals("yes", r.agree(), r.program() + ": ja4plus gave " + r.ja4plus());
            assertEquals(r.ja4(), r.ja4plus(), r.program());
            CaptureAudit.Outcome o = CaptureAudit.run(DIR.resolve(r.capture()).toString(), ProxyConfig.builder().build(),
                    FlowOptions.defaults(), ReaderOptions.defaults(), w -> {});
            assertTrue(o.complete(), r.capture() + ": " + o.error());
            Set<String> got = new TreeSet<>();
            for (AuditedFlow f : o.result().flows()) {
                if (f.flow().clientHello() != null && r.sni().equals(f.flow().clientHello().sni())) {
                    got.add(f.flow().clientHello().ja4());
                }
            }
            assertEquals(Set.of(r.ja4()), got, r.program() + " " + r.capture());
        }
        assertTrue(measured >= 15, "measured rows: " + measured);
    }

    @Test
    void theTableIsTheMeasurements() throws Exception {
        Set<String> tsv = new TreeSet<>();
        for (Row r : rows()) {
            if (!r.ja4().equals("-")) {
                tsv.add(r.ja4() + " " + r.client());
            }
        }
        Set<String> table = ClientFingerprints.MEASURED.stream().map(f -> f.ja4() + " " + f.client().name())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(tsv, table);
        for (ClientFingerprints.Fingerprint f : ClientFingerprints.MEASURED) {
            assertFalse(f.version().isBlank() || f.library().isBlank() || f.program().isBlank(), f.toString());
        }
    }

    @Test
    void aSharedFingerprintNamesItsStackNotAProgram() throws Exception {
        for (Row r : rows()) {
            if (r.ja4().equals("-")) {
                continue;
            }
            Client client = Client.valueOf(r.client());
            assertTrue(ClientFingerprints.candidates(r.ja4()).contains(client), r.program());
            Client family = ClientFingerprints.family(r.ja4());
            if (ClientFingerprints.candidates(r.ja4()).size() == 1 && client != Client.OTHER) {
                assertEquals(client, family, r.program());
            } else if (family != null) {
                assertTrue(ClientFingerprints.candidates(r.ja4()).contains(family), r.program());
                assertTrue(ClientFingerprints.sharesStack(client, family), r.program() + " on " + family);
            }
        }
        // what the measurements show (lab/ja4/ja4-measured.tsv): which stacks are shared
        String pip = "t13d4312h1_c7886603b240_b26ce05bbdd6";
        assertEquals(EnumSet.of(Client.PIP, Client.PYTHON), ClientFingerprints.candidates(pip));
        assertEquals(Client.PYTHON, ClientFingerprints.family(pip), "pip's urllib3 hello is Python's");
        assertNull(ClientFingerprints.only(pip), "pip and python-requests sent the very same hello");
        String jvm = "t13d371200_db35923f8641_7c76daad20ec";
        assertEquals(EnumSet.of(Client.JAVA, Client.MAVEN, Client.GRADLE), ClientFingerprints.candidates(jvm));
        assertEquals(Client.JAVA, ClientFingerprints.family(jvm));
        assertNull(ClientFingerprints.only(jvm));
        String httpClient = "t13d3713h2_db35923f8641_7c76daad20ec";
        assertEquals(Client.JAVA, ClientFingerprints.only(httpClient), "only Java's HttpClient offered h2");
        String npm = "t13d591000_a33745022dd6_1f22a2ca17c4";
        assertEquals(EnumSet.of(Client.NPM, Client.NODE), ClientFingerprints.candidates(npm));
        assertEquals(Client.NODE, ClientFingerprints.family(npm));
        assertNull(ClientFingerprints.only(npm), "npm, Node's https and Debian's Node 18 fetch sent the same hello");
        assertEquals(Client.NODE, ClientFingerprints.only("t13d5911h1_a33745022dd6_1f22a2ca17c4"),
                "only Node 20's fetch offered ALPN http/1.1");
        String git = "t13d2912h2_723694b0fccc_288f874c93d6";
        assertEquals(EnumSet.of(Client.GIT_HTTP, Client.CARGO), ClientFingerprints.candidates(git));
        assertEquals(Client.GIT_HTTP, ClientFingerprints.family(git), "Debian's cargo links git's libcurl-gnutls");
        assertEquals(Client.CARGO, ClientFingerprints.family("t13d3012h2_1d37bd780c83_882d495ac381"), "rustup's cargo");
        assertTrue(ClientFingerprints.measured(Client.NPM));
        String dockerd = "t13d110900_cafd58515627_97f8aa674fd9";
        assertEquals(EnumSet.of(Client.DOCKER), ClientFingerprints.candidates(dockerd), "moby's cipher list is dockerd's own");
        assertEquals(Client.DOCKER, ClientFingerprints.family(dockerd));
        assertTrue(ClientFingerprints.measured(Client.DOCKER));
        assertEquals(Client.CURL, ClientFingerprints.family("t13d3112h2_e8f1e7e78f70_b26ce05bbdd6"),
                "only curl was measured with libcurl's OpenSSL hello (ClientDetectorTest: it still does not rule git out)");
        assertEquals(Client.GO_HTTP, ClientFingerprints.family("t13d1911h2_9dc949149365_e7c285222651"));
        assertEquals(Set.of(), ClientFingerprints.candidates("t13d1517h2_8daaf6152771_cb7bf5808d99"));
        assertNull(ClientFingerprints.family("no-underscore"));
        assertNull(ClientFingerprints.family(null));
    }
}
