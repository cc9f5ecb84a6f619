package io.proxyaudit.analyzer;

/** One datagram of a UDP flow as its analyzer sees it: the events plus which side sent it and the flow's state. */
public interface UdpDatagram extends AppEvents {
    /** True when the flow's client sent this datagram (the first sender, unless the ports say otherwise). */
    boolean fromClient();

    /** The state the flow's analyzer keeps for this flow, or null before {@link #state(Object)}. */
    Object state();

    void state(Object state);
}
