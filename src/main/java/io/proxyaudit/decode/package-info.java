/**
 * Link, IP and transport headers of one record, into a reused
 * {@link io.proxyaudit.decode.DecodedPacket}.
 *
 * <p>Link types: Ethernet (802.1Q/802.1ad tags, 802.3 LLC/SNAP, PPPoE, MPLS), Linux SLL and SLL2, raw IP
 * (101, 12, 14, 228, 229), BSD NULL/LOOP, NFLOG, FDDI, PPP, Cisco HDLC, pflog, 802.3br mPackets; others
 * are counted per link type. IPv4 with options, IPv6 with extension headers; fragments of both are
 * reassembled in a bounded table ({@code IpFragmentTable}); TCP and UDP give ports and payload, ICMP is
 * counted. Call {@link io.proxyaudit.decode.PacketDecoder#finish()} at the end of a capture so that
 * fragments still waiting are counted as dropped.
 */
package io.proxyaudit.decode;
