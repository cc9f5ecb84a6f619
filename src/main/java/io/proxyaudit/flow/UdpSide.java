package io.proxyaudit.flow;

import io.proxyaudit.analyzer.UdpDatagram;

/** A datagram of a UDP flow, as its bound analyzer sees it: the flow's events, its sender and its analyzer state. */
final class UdpSide extends FlowSide implements UdpDatagram {
    UdpSide(FlowContext ctx) {
        super(ctx);
    }

    @Override
    public boolean fromClient() {
        return flow.clientSide == side;
    }

    @Override
    public Object state() {
        return flow.sharedState(flow.udpAnalyzer);
    }

    @Override
    public void state(Object state) {
        flow.shareState(flow.udpAnalyzer, state);
    }
}
