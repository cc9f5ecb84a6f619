package io.proxyaudit.capture;

import java.util.Map;

/** libpcap names of the LINKTYPE_* values (https://www.tcpdump.org/linktypes.html), as capinfos -T prints them. */
public final class LinkTypes {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "NULL"), Map.entry(1, "EN10MB"), Map.entry(6, "IEEE802"), Map.entry(9, "PPP"),
            Map.entry(10, "FDDI"), Map.entry(12, "RAW"), Map.entry(14, "RAW"), Map.entry(50, "PPP_HDLC"),
            Map.entry(51, "PPP_ETHER"), Map.entry(101, "RAW"), Map.entry(104, "C_HDLC"),
            Map.entry(105, "IEEE802_11"), Map.entry(108, "LOOP"), Map.entry(113, "LINUX_SLL"),
            Map.entry(127, "IEEE802_11_RADIO"), Map.entry(192, "PPI"), Map.entry(228, "IPV4"),
            Map.entry(229, "IPV6"), Map.entry(239, "NFLOG"), Map.entry(274, "ETHERNET_MPACKET"),
            Map.entry(276, "LINUX_SLL2"), Map.entry(281, "DSA_TAG_DSA"), Map.entry(285, "DSA_TAG_EDSA"));

    private LinkTypes() {}

    /** The libpcap name, or {@code LINKTYPE_<n>} when we do not know it. */
    public static String name(int linkType) {
        return NAMES.getOrDefault(linkType, "LINKTYPE_" + linkType);
    }
}
