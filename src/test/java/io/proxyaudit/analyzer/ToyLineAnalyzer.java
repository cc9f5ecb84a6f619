package io.proxyaudit.analyzer;

import io.proxyaudit.proto.StreamFramer;
import java.nio.charset.StandardCharsets;

/**
 * A toy line protocol on test port 7777, registered only by {@link AnalyzerRegistrationTest}: the client
 * says {@code HELLO name}, the server {@code WELCOME}, over TCP; {@code PING} datagrams over UDP. It shows
 * what a new protocol needs: a probe, a resumable framer, events to the flow, and one registration line.
 */
final class ToyLineAnalyzer implements TcpAnalyzer, UdpAnalyzer {
    static final int PORT = 7777;
    private static final int MAX_LINE = 256;

    @Override
    public String name() {
        return "toy-line";
    }

    @Override
    public int probe(TcpDirection d, byte[] buf, int off, int len) {
        return d.hasPort(PORT) ? MATCH : NO;
    }

    @Override
    public StreamFramer open(TcpDirection d, byte[] buf, int off, int len) {
        return new LineFramer(d);
    }

    @Override
    public boolean probe(UdpDatagram datagram, byte[] buf, int off, int len) {
        return datagram.hasPort(PORT);
    }

    @Override
    public void onDatagram(UdpDatagram datagram, byte[] buf, int off, int len) {
        if (new String(buf, off, Math.min(len, 4), StandardCharsets.US_ASCII).equals("PING")) {
            datagram.note("toy-ping");
        } else {
            datagram.malformed("toy-line");
        }
    }

    /** Lines up to LF; a line longer than MAX_LINE ends the framing. */
    private static final class LineFramer implements StreamFramer {
        private final TcpDirection d;
        private int state = MORE;

        LineFramer(TcpDirection d) {
            this.d = d;
        }

        @Override
        public int state() {
            return state;
        }

        @Override
        public long feed(byte[] buf, int off, int len) {
            int pos = 0;
            while (pos < len) {
                int eol = -1;
                for (int i = off + pos; i < off + len && i - off - pos < MAX_LINE; i++) {
                    if (buf[i] == '\n') {
                        eol = i;
                        break;
                    }
                }
                if (eol < 0) {
                    if (len - pos >= MAX_LINE) {
                        d.malformed("toy-line");
                        state = DONE;
                    }
                    return pos;
                }
                String line = new String(buf, off + pos, eol - off - pos, StandardCharsets.US_ASCII);
                if (line.startsWith("HELLO ")) {
                    d.markClient();
                    d.note("toy-hello");
                } else if (line.equals("WELCOME")) {
                    d.note("toy-welcome");
                }
                pos = eol - off + 1;
            }
            return pos;
        }
    }
}
