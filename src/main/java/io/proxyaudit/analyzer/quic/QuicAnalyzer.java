package io.proxyaudit.analyzer.quic;

import io.proxyaudit.analyzer.UdpAnalyzer;
import io.proxyaudit.analyzer.UdpDatagram;
import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.quic.ClientInitials;
import io.proxyaudit.proto.quic.QuicHandshake;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.proto.tls.TlsParser;

/**
 * QUIC (RFC 9000, v2 RFC 9369) on any UDP port: a flow whose first datagram with a payload is a client Initial
 * of a known version. The client's Initial packets are decrypted (their keys are public, RFC 9001 §5.2) only
 * until the ClientHello carried in their CRYPTO frames is complete; it is parsed by the TLS parser with
 * JA4's {@code q} prefix. Everything later in the connection is encrypted with keys not in the capture.
 */
public final class QuicAnalyzer implements UdpAnalyzer {
    @Override
    public String name() {
        return "quic";
    }

    @Override
    public boolean probe(UdpDatagram datagram, byte[] buf, int off, int len) {
        return ClientInitials.looksLikeInitial(buf, off, len);
    }

    @Override
    public void onDatagram(UdpDatagram datagram, byte[] buf, int off, int len) {
        ClientInitials c = (ClientInitials) datagram.state();
        if (c == null) {
            c = new ClientInitials();
            datagram.state(c);
        }
        if (!datagram.fromClient()) {
            c.fromServer(buf, off, len);
            datagram.quic(summary(c));
            return;
        }
        int failedBefore = c.undecryptable();
        if (c.fromClient(buf, off, len)) {
            ParseResult<ClientHello> r = TlsParser.parseClientHelloMessage(c.clientHello(), 'q');
            if (r.status() == ParseResult.Status.OK && r.value() != null) {
                datagram.clientHello(r.value());
            } else {
                datagram.malformed("tls");
            }
        }
        if (c.undecryptable() > failedBefore) {
            datagram.malformed("quic");
        }
        datagram.quic(summary(c));
    }

    private static QuicHandshake summary(ClientInitials c) {
        return new QuicHandshake(c.version() == null ? null : c.version().label(), c.initials(), c.undecryptable(),
                c.retry(), c.versionNegotiation(), c.clientHello() != null);
    }
}
