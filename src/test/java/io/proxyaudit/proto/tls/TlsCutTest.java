package io.proxyaudit.proto.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.StreamFramer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ClientHellos cut by a snap length at every possible length: what is reported is what the whole hello says,
 * restricted to the whole extensions before the cut; JA4 is never given for a cut hello.
 */
class TlsCutTest {

    @Test
    void everyCutOfRealHellosReportsAPrefixOfTheWholeHello() {
        for (byte[] stream : List.of(TlsSamples.CHROME_LATEST, TlsSamples.ECH, TlsSamples.TLS12_IP_SNI)) {
            ClientHello whole = TlsParser.parseClientHello(stream, 0, stream.length).value();
            int firstWithSni = -1;
            for (int cut = 0; cut < stream.length; cut++) {
                ParseResult<ClientHello> r = TlsParser.parseCutClientHello(stream, 0, cut);
                if (cut < 9) { // record header and handshake header
                    assertEquals(ParseResult.Status.NEED_MORE, r.status(), "cut at " + cut);
                    continue;
                }
                assertEquals(ParseResult.Status.OK, r.status(), "cut at " + cut + ": " + r.problem());
                ClientHello h = r.value();
                assertTrue(h.truncated());
                assertNull(h.ja4(), "no JA4 from a partial extension list");
                assertEquals(whole.extensions().subList(0, h.extensions().size()), h.extensions(), "cut at " + cut);
                if (h.sni() != null) {
                    assertEquals(whole.sni(), h.sni(), "cut at " + cut);
                    if (firstWithSni < 0) {
                        firstWithSni = cut;
                    }
                } else {
                    assertTrue(firstWithSni < 0, "the SNI, once within the cut, stays found (cut at " + cut + ")");
                }
                if (!h.alpn().isEmpty()) {
                    assertEquals(whole.alpn(), h.alpn());
                }
            }
            assertNotEquals(-1, firstWithSni, "SNI found in some cut");
            // the SNI is read exactly when its whole extension lies within the cut
            int sniEnd = extensionEnd(stream, 0x0000);
            assertEquals(sniEnd, firstWithSni);
        }
    }

    @Test
    void theFramerReportsTheCutHelloAndStops() {
        byte[] b = TlsSamples.CHROME_LATEST;
        List<ClientHello> seen = new ArrayList<>();
        ClientHelloFramer f = new ClientHelloFramer(new TlsEvents() {
            @Override
            public void onClientHello(ClientHello hello) {
                seen.add(hello);
            }
        });
        int cut = extensionEnd(b, 0x0000);
        assertEquals(0, f.feed(b, 0, cut));
        assertEquals(-1, f.truncated(b, 0, cut, b.length - cut));
        assertEquals(StreamFramer.DONE, f.state());
        assertEquals("pdx-col.eum-appdynamics.com", seen.get(0).sni());
    }

    /**
     * Stream offset just after the extension {@code type} of the single-record hello at the start of {@code b},
     * walked here field by field (RFC 8446 §4.1.2) rather than with the parser under test.
     */
    static int extensionEnd(byte[] b, int type) {
        int p = 5 + 4 + 2 + 32;
        p += 1 + (b[p] & 0xff);
        p += 2 + u16(b, p);
        p += 1 + (b[p] & 0xff);
        int end = p + 2 + u16(b, p);
        p += 2;
        while (p < end) {
            int t = u16(b, p);
            int n = u16(b, p + 2);
            p += 4 + n;
            if (t == type) {
                return p;
            }
        }
        return -1;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
}
