package io.proxyaudit.flow;

import io.proxyaudit.analyzer.TcpAnalyzer;
import io.proxyaudit.analyzer.TcpDirection;
import io.proxyaudit.proto.StreamFramer;

/**
 * One direction of a TCP connection between its {@link StreamReassembler} and the analyzers: while the
 * direction's protocol is unknown its first unparsed bytes are probed by the registered analyzers in
 * order; the first that matches opens the framer that gets every later byte (one analyzer per direction,
 * probed again only after a CONNECT hands the stream to a tunnel). The reassembler calls this only while
 * it holds unparsed bytes; a framer that is done stops the direction, which frees its buffer.
 */
final class TcpSide extends FlowSide implements TcpDirection, StreamReassembler.Consumer {
    private boolean tunnelled;
    private StreamFramer framer;

    TcpSide(FlowContext ctx, Flow flow, int side) {
        super(ctx);
        this.flow = flow;
        this.side = side;
    }

    @Override
    long now() {
        return ctx.clock;
    }

    @Override
    boolean tunnelledNow() {
        return tunnelled;
    }

    @Override
    public boolean tunnelled() {
        return tunnelled;
    }

    @Override
    public void tunnelled(boolean yes) {
        tunnelled = yes;
    }

    @Override
    public Object shared(TcpAnalyzer owner) {
        return flow.sharedState(owner);
    }

    @Override
    public void share(TcpAnalyzer owner, Object state) {
        flow.shareState(owner, state);
    }

    @Override
    public void onGap(StreamReassembler s) {
        if (framer == null || !framer.resynchronise()) {
            s.stop();
        }
    }

    @Override
    public void onCut(StreamReassembler s, byte[] buf, int off, int len, long missing) {
        try {
            if (framer == null && (len == 0 || detectCut(buf, off, len) != TcpAnalyzer.MATCH)) {
                s.stop(); // the protocol is not known, and the bytes after the hole cannot tell where a message starts
                return;
            }
            long used = framer.truncated(buf, off, len, missing);
            if (used < 0 || framer.state() == StreamFramer.DONE) {
                s.stop();
                return;
            }
            s.skip(Math.max(used, len + missing));
            if (framer.state() == StreamFramer.HANDOFF) {
                framer = null; // a CONNECT answered or sent in the cut segment: the tunnel starts after the hole
                tunnelled = true;
            }
        } catch (RuntimeException e) {
            parserError(s);
        }
    }

    @Override
    public void onData(StreamReassembler s, byte[] buf, int off, int len) {
        long pos;
        try {
            pos = parse(s, buf, off, len);
        } catch (RuntimeException e) {
            parserError(s);
            return;
        }
        if (s.collecting() && pos > 0) {
            s.skip(pos);
        }
    }

    /** A parser bug must not stop the run: flag and stop this direction. */
    private void parserError(StreamReassembler s) {
        ctx.counters.parserErrors++;
        if (flow.app == null) {
            flow.app = new AppState();
        }
        flow.app.flags |= AppState.FLAG_NOT_PARSED;
        s.stop();
    }

    /** Returns how far (from off) the stream was consumed; may go beyond len to skip a body. */
    private long parse(StreamReassembler s, byte[] buf, int off, int len) {
        long pos = 0;
        while (pos < len && s.collecting()) {
            int p = off + (int) pos;
            int n = len - (int) pos;
            if (framer == null) {
                int r = detect(buf, p, n);
                if (r == TcpAnalyzer.NEED_MORE) {
                    return pos;
                }
                if (r == TcpAnalyzer.SKIP_BYTE) {
                    pos++;
                } else if (r == TcpAnalyzer.NO) {
                    s.stop(); // nothing we parse
                    return pos;
                }
                continue;
            }
            pos += framer.feed(buf, p, n);
            int state = framer.state();
            if (state == StreamFramer.DONE) {
                s.stop();
                return pos;
            }
            if (state != StreamFramer.HANDOFF) {
                return pos; // the framer waits for more bytes
            }
            framer = null; // a CONNECT tunnel: what follows is probed again
            tunnelled = true;
        }
        return pos;
    }

    /** {@link #detect} for bytes the snap length cut: no more will come to decide. */
    private int detectCut(byte[] buf, int p, int n) {
        for (TcpAnalyzer a : ctx.tcpAnalyzers) {
            if (a.probeCut(this, buf, p, n) == TcpAnalyzer.MATCH) {
                framer = a.open(this, buf, p, n);
                return TcpAnalyzer.MATCH;
            }
        }
        return TcpAnalyzer.NO;
    }

    /** Asks the analyzers in registration order; the first MATCH binds its framer to this direction. */
    private int detect(byte[] buf, int p, int n) {
        for (TcpAnalyzer a : ctx.tcpAnalyzers) {
            int r = a.probe(this, buf, p, n);
            if (r == TcpAnalyzer.MATCH) {
                framer = a.open(this, buf, p, n);
                return r;
            }
            if (r != TcpAnalyzer.NO) {
                return r;
            }
        }
        return TcpAnalyzer.NO;
    }
}
