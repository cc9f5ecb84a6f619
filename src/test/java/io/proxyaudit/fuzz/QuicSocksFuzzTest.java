package io.proxyaudit.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.proxyaudit.proto.StreamFramer;
import io.proxyaudit.proto.quic.ClientInitials;
import io.proxyaudit.proto.socks.SocksClientFramer;
import io.proxyaudit.proto.socks.SocksConnection;
import io.proxyaudit.proto.socks.SocksEvents;
import io.proxyaudit.proto.socks.SocksRequest;
import io.proxyaudit.proto.socks.SocksServerFramer;

/**
 * Fuzzes the QUIC Initial reader (datagrams from both sides, a valid v1 long-header start forced on some so the
 * decryption path runs) and the SOCKS framers: never throw, never consume more than they were given, bounded
 * output (a SOCKS target name is at most 255 characters, no credentials kept).
 */
class QuicSocksFuzzTest {
    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void quicInitials(FuzzedDataProvider in) {
        ClientInitials c = new ClientInitials();
        int datagrams = in.consumeInt(1, 6);
        for (int i = 0; i < datagrams; i++) {
            boolean client = in.consumeBoolean();
            boolean forceV1 = in.consumeBoolean();
            byte[] d = in.consumeBytes(1500);
            if (forceV1 && d.length > 6) {
                d[0] = (byte) (0xc0 | (d[0] & 0x0f));
                d[1] = 0;
                d[2] = 0;
                d[3] = 0;
                d[4] = 1;
                d[5] = (byte) Math.min(20, d[5] & 0xff);
            }
            if (client) {
                c.fromClient(d, 0, d.length);
            } else {
                c.fromServer(d, 0, d.length);
            }
        }
        assertTrue(c.clientHello() == null || c.clientHello().length <= 64 * 1024, "hello bounded");
    }

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void socks(FuzzedDataProvider in) {
        SocksConnection conn = new SocksConnection();
        SocksEvents events = new SocksEvents() {
            @Override
            public void onRequest(SocksRequest r) {
                assertTrue(r.host().length() <= 255, "target name bounded");
            }

            @Override
            public void onReply(String status, boolean granted) {}

            @Override
            public void onMalformed() {}
        };
        StreamFramer client = new SocksClientFramer(conn, events);
        StreamFramer server = new SocksServerFramer(conn, events);
        byte[] c = in.consumeBytes(600);
        byte[] s = in.consumeRemainingAsBytes();
        long used = client.feed(c, 0, c.length);
        assertTrue(used >= 0 && used <= c.length, "client consumed " + used + " of " + c.length);
        used = server.feed(s, 0, s.length);
        assertTrue(used >= 0 && used <= s.length, "server consumed " + used + " of " + s.length);
    }
}
