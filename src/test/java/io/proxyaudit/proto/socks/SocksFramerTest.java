package io.proxyaudit.proto.socks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.proto.StreamFramer;
import io.proxyaudit.proto.Hex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SOCKS framers on the byte layouts of RFC 1928 §3-§6, RFC 1929 §2 and the SOCKS4/4a protocol notes. */
class SocksFramerTest {
    private final List<SocksRequest> requests = new ArrayList<>();
    private final List<String> replies = new ArrayList<>();
    private int malformed;
    private final SocksEvents events = new SocksEvents() {
        @Override
        public void onRequest(SocksRequest request) {
            requests.add(request);
        }

        @Override
        public void onReply(String status, boolean granted) {
            replies.add(status + (granted ? "+" : "-"));
        }

        @Override
        public void onMalformed() {
            malformed++;
        }
    };

    @Test
    void socks5WithANameForTheProxyToResolve() {
        SocksConnection c = new SocksConnection();
        SocksClientFramer client = new SocksClientFramer(c, events);
        SocksServerFramer server = new SocksServerFramer(c, events);
        byte[] greeting = bytes("05 01 00");
        assertEquals(1, SocksClientFramer.sniff(greeting, 0, greeting.length));
        assertEquals(3, client.feed(greeting, 0, 3));
        assertEquals(2, server.feed(bytes("05 00"), 0, 2));
        byte[] request = bytes("05 01 00 03 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 01 bb 16 03 01");
        assertEquals(18, client.feed(request, 0, request.length));
        assertEquals(StreamFramer.HANDOFF, client.state());
        assertEquals(new SocksRequest("5", "connect", "example.org", true, 443, "none", false), requests.get(0));
        byte[] reply = bytes("05 00 00 01 0a 00 00 01 04 38");
        assertEquals(10, server.feed(reply, 0, reply.length));
        assertEquals(StreamFramer.HANDOFF, server.state());
        assertEquals(List.of("succeeded+"), replies);
    }

    @Test
    void socks5UserAndPasswordAreNeverKeptAndAnIpv6TargetIsWrittenAsAnAddress() {
        SocksConnection c = new SocksConnection();
        SocksClientFramer client = new SocksClientFramer(c, events);
        SocksServerFramer server = new SocksServerFramer(c, events);
        client.feed(bytes("05 02 00 02"), 0, 4);
        server.feed(bytes("05 02"), 0, 2);
        byte[] auth = bytes("01 04 75 73 65 72 06 73 65 63 72 65 74");
        assertEquals(auth.length, client.feed(auth, 0, auth.length));
        server.feed(bytes("01 00"), 0, 2);
        byte[] request = bytes("05 01 00 04 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 00 50");
        client.feed(request, 0, request.length);
        SocksRequest r = requests.get(0);
        assertEquals("2001:db8:0:0:0:0:0:1", r.host());
        assertFalse(r.hostIsName());
        assertEquals("username-password", r.auth());
        assertTrue(r.credentialsSent());
        assertFalse(r.toString().contains("secret"));
    }

    @Test
    void aFailedLoginOrARefusalClosesTheTunnel() {
        SocksConnection c = new SocksConnection();
        new SocksClientFramer(c, events).feed(bytes("05 01 02"), 0, 3);
        SocksServerFramer server = new SocksServerFramer(c, events);
        server.feed(bytes("05 02 01 01"), 0, 4);
        assertEquals(StreamFramer.DONE, server.state());
        assertEquals(List.of("authentication-failed-"), replies);

        SocksConnection c2 = new SocksConnection();
        new SocksClientFramer(c2, events).feed(bytes("05 01 00"), 0, 3);
        SocksServerFramer refusing = new SocksServerFramer(c2, events);
        byte[] r = bytes("05 00 05 05 00 01 00 00 00 00 00 00");
        refusing.feed(r, 0, r.length);
        assertEquals("connection-refused-", replies.get(1));
    }

    @Test
    void socks4AndSocks4a() {
        SocksConnection c = new SocksConnection();
        byte[] s4 = bytes("04 01 00 50 5d b8 d8 22 62 6f 62 00");
        assertEquals(1, SocksClientFramer.sniff(s4, 0, s4.length));
        SocksClientFramer client = new SocksClientFramer(c, events);
        assertEquals(s4.length, client.feed(s4, 0, s4.length));
        assertEquals(new SocksRequest("4", "connect", "93.184.216.34", false, 80, "userid", true), requests.get(0));
        SocksServerFramer server = new SocksServerFramer(c, events);
        server.feed(bytes("00 5a 00 00 00 00 00 00"), 0, 8);
        assertEquals(List.of("granted+"), replies);

        byte[] s4a = bytes("04 01 01 bb 00 00 00 01 00 65 78 61 6d 70 6c 65 2e 6f 72 67 00");
        SocksClientFramer a = new SocksClientFramer(new SocksConnection(), events);
        assertEquals(0, a.feed(s4a, 0, 12)); // the name is not complete yet
        assertEquals(s4a.length, a.feed(s4a, 0, s4a.length));
        assertEquals(new SocksRequest("4a", "connect", "example.org", true, 443, "none", false), requests.get(1));
    }

    @Test
    void otherProtocolsAreNotSocks() {
        for (String s : new String[] {"16 03 01 02 00 01", "47 45 54 20 2f", "05 00", "05 05 00 01 02 7f 04",
                "04 07 00 50 01 02 03 04 00"}) {
            byte[] b = bytes(s);
            assertEquals(0, SocksClientFramer.sniff(b, 0, b.length), s);
        }
    }

    @Test
    void aBrokenRequestIsCountedNotThrown() {
        SocksClientFramer client = new SocksClientFramer(new SocksConnection(), events);
        client.feed(bytes("05 01 00"), 0, 3);
        client.feed(bytes("05 01 00 09 00 00"), 0, 6);
        assertEquals(1, malformed);
        assertEquals(StreamFramer.DONE, client.state());
        assertNull(requests.isEmpty() ? null : requests.get(0));
    }

    private static byte[] bytes(String hex) {
        return Hex.bytes(hex);
    }
}
