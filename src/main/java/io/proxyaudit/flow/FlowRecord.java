package io.proxyaudit.flow;

import io.proxyaudit.proto.quic.QuicHandshake;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.proto.tls.ServerHello;
import java.util.List;

/**
 * One transport connection (TCP) or UDP conversation, as written in the {@code flow} NDJSON record.
 * Time stamps are epoch nanoseconds. Byte counts are transport payload bytes.
 *
 * @param state        {@code syn-only} (no answer: the blocked-attempt signature), {@code rejected} (RST to SYN),
 *                     {@code established}, {@code closed} (FIN/RST seen), {@code timeout} (ended by idle timeout),
 *                     {@code open} (still live at end of capture), {@code midstream} (handshake not captured),
 *                     {@code udp}
 * @param synCount     SYNs sent by the client (retransmissions show as &gt; 1)
 * @param clientHello  the ClientHello sent directly on the connection, or null
 * @param tunnelHello  for a CONNECT tunnel, the ClientHello sent inside it, or null
 * @param http         request/response pairs in order (bounded; {@link #httpDropped} counts the rest)
 * @param connect      the CONNECT request on this connection, or null
 * @param serverNames  names for the server address from DNS answers seen before the flow started (and pcapng NRBs)
 * @param host         best destination name: tunnelled SNI, CONNECT target host, HTTP Host, SNI, DNS name, else the IP
 * @param flags        problems and notes: {@code tls-malformed}, {@code http-malformed}, {@code head-truncated},
 *                     {@code gap}, {@code client-from-ports} ...
 * @param truncated    the capture's snap length cut some of the flow's payload (it is counted whole in the bytes)
 * @param quic         for a QUIC flow, what its Initial packets showed (its ClientHello is {@code clientHello}), else null
 * @param socks        the SOCKS request on this connection and the proxy's answer, or null
 * @param process      the process a pcapng packet comment named (ptcpdump): the first one on a packet from the
 *                     client, else the first on a packet from the server; null when the capture names none
 */
public record FlowRecord(
        long id,
        String transport,
        long startNanos,
        long endNanos,
        String clientIp,
        int clientPort,
        String serverIp,
        int serverPort,
        long packetsC2s,
        long packetsS2c,
        long bytesC2s,
        long bytesS2c,
        String state,
        int synCount,
        ClientHello clientHello,
        ServerHello serverHello,
        ClientHello tunnelHello,
        ServerHello tunnelServerHello,
        List<HttpExchange> http,
        int httpDropped,
        ConnectInfo connect,
        List<String> serverNames,
        String host,
        List<String> flags,
        boolean truncated,
        QuicHandshake quic,
        SocksInfo socks,
        ProcessInfo process) {

    /** A flow whose packets named no process. */
    public FlowRecord(long id, String transport, long startNanos, long endNanos, String clientIp, int clientPort,
            String serverIp, int serverPort, long packetsC2s, long packetsS2c, long bytesC2s, long bytesS2c,
            String state, int synCount, ClientHello clientHello, ServerHello serverHello, ClientHello tunnelHello,
            ServerHello tunnelServerHello, List<HttpExchange> http, int httpDropped, ConnectInfo connect,
            List<String> serverNames, String host, List<String> flags, boolean truncated, QuicHandshake quic,
            SocksInfo socks) {
        this(id, transport, startNanos, endNanos, clientIp, clientPort, serverIp, serverPort, packetsC2s, packetsS2c,
                bytesC2s, bytesS2c, state, synCount, clientHello, serverHello, tunnelHello, tunnelServerHello, http,
                httpDropped, connect, serverNames, host, flags, truncated, quic, socks, null);
    }

    /** A flow that is neither QUIC nor SOCKS, with its payload captured whole. */
    public FlowRecord(long id, String transport, long startNanos, long endNanos, String clientIp, int clientPort,
            String serverIp, int serverPort, long packetsC2s, long packetsS2c, long bytesC2s, long bytesS2c,
            String state, int synCount, ClientHello clientHello, ServerHello serverHello, ClientHello tunnelHello,
            ServerHello tunnelServerHello, List<HttpExchange> http, int httpDropped, ConnectInfo connect,
            List<String> serverNames, String host, List<String> flags) {
        this(id, transport, startNanos, endNanos, clientIp, clientPort, serverIp, serverPort, packetsC2s, packetsS2c,
                bytesC2s, bytesS2c, state, synCount, clientHello, serverHello, tunnelHello, tunnelServerHello, http,
                httpDropped, connect, serverNames, host, flags, false, null, null, null);
    }
}
