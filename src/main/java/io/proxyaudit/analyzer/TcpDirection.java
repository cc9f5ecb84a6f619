package io.proxyaudit.analyzer;

/** One direction of a TCP connection as an analyzer sees it: its events plus the connection's shared state. */
public interface TcpDirection extends AppEvents {
    /** True when the bytes are inside an HTTP CONNECT tunnel (after the CONNECT on this connection). */
    boolean tunnelled();

    /** Leaves the tunnel (a refused CONNECT: the client's next bytes are another request) or enters it. */
    void tunnelled(boolean yes);

    /** State {@code owner} shares between the two directions of this connection, or null. */
    Object shared(TcpAnalyzer owner);

    void share(TcpAnalyzer owner, Object state);
}
