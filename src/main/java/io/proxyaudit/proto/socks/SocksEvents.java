package io.proxyaudit.proto.socks;

/** What the SOCKS framers report. */
public interface SocksEvents {
    void onRequest(SocksRequest request);

    /** The proxy's answer ({@link SocksStatus}): {@code granted} opens the tunnel. */
    void onReply(String status, boolean granted);

    void onMalformed();
}
