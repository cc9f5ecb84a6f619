package io.proxyaudit.fuzz;

import static io.proxyaudit.fuzz.ParseChecks.bounded;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.proto.tls.ServerHello;
import io.proxyaudit.proto.tls.TlsParser;

/**
 * Fuzzes the TLS record/handshake reader and the ClientHello/ServerHello decoder (Kaitai spec):
 * a parse never throws, its strings (SNI, ALPN, flags) are bounded and printable, JA4 has its shape.
 */
class TlsParserFuzzTest {
    /** FoxIO JA4 a_b_c: transport, version (13..10, s3/s2 SSL, d1..d3 DTLS, 00 unknown), SNI, counts, ALPN. */
    static final String JA4 = "[tqd](1[0-3]|s[23]|d[1-3]|00)[di][0-9]{2}[0-9]{2}[0-9a-zA-Z]{2}_[0-9a-f]{12}_[0-9a-f]{12}";

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void clientHelloStreamHead(FuzzedDataProvider in) {
        int pad = in.consumeInt(0, 3);
        byte[] data = in.consumeRemainingAsBytes();
        byte[] buf = ParseChecks.framed(data, pad);
        ParseResult<ClientHello> r = TlsParser.parseClientHello(buf, pad, data.length);
        checkClientHello(ParseChecks.check(r, data.length));
        ParseChecks.equalOutcome(r, TlsParser.parseClientHello(data, 0, data.length));
    }

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void clientHelloMessage(byte[] message) {
        ParseResult<ClientHello> r = TlsParser.parseClientHelloMessage(message, 'q');
        checkClientHello(ParseChecks.check(r, message.length));
    }

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void serverHelloStreamHead(byte[] data) {
        ServerHello sh = ParseChecks.check(TlsParser.parseServerHello(data, 0, data.length), data.length);
        if (sh != null) {
            bounded(sh.alpn(), 4 * 255, "server ALPN");
        }
    }

    /** A stream head cut by a snap length: whatever is reported is bounded, marked truncated and has no JA4. */
    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void cutClientHello(byte[] data) {
        ParseResult<ClientHello> r = TlsParser.parseCutClientHello(data, 0, data.length);
        if (r.status() == ParseResult.Status.OK) {
            checkClientHello(r.value());
        }
    }

    static void checkClientHello(ClientHello ch) {
        if (ch == null) {
            return;
        }
        bounded(ch.sni(), 4 * 255, "SNI");
        ParseChecks.boundedAll(ch.alpn(), 64, 4 * 255, "ALPN");
        ParseChecks.boundedAll(ch.flags(), 64, 128, "flags");
        assertTrue(ch.truncated() ? ch.ja4() == null : ch.ja4() != null && ch.ja4().matches(JA4),
                "JA4 shape: " + ch.ja4() + (ch.truncated() ? " (cut hello: none)" : ""));
        assertTrue(ch.cipherSuites().size() <= 32768 && ch.extensions().size() <= 32768, "list sizes");
    }
}
