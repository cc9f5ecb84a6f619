package io.proxyaudit.capture;

import java.nio.charset.StandardCharsets;

/**
 * pcapng files (draft-ietf-opsawg-pcapng): section header blocks of either byte order (several per file),
 * interface description blocks with {@code if_tsresol}/{@code if_tsoffset}, enhanced, simple and obsolete
 * packet blocks, name resolution blocks; other blocks are skipped by their length.
 *
 * <p>A block whose length is impossible, or whose trailing length differs from the leading one, is
 * reported and skipped: we search (4-byte aligned) for the next block with a known type and matching
 * lengths and go on from there.
 */
final class PcapngReader extends StreamingReader {
    static final int SHB = 0x0A0D0D0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int IDB = 1;
    private static final int PB_OBSOLETE = 2;
    private static final int SPB = 3;
    private static final int NRB = 4;
    private static final int ISB = 5;
    private static final int EPB = 6;
    /** Largest block we buffer (Wireshark's MAX_BLOCK_SIZE is 16 MiB plus a little). */
    static final int MAX_BLOCK = 16 << 20;
    private static final int MAX_NAME_BYTES = 1024;
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final int maxRecord;
    private boolean le;
    // interfaces of the current section (grown on an IDB, never per packet)
    private int ifCount;
    private int[] ifLinkType = new int[4];
    private long[] ifSnap = new long[4];
    private boolean[] ifPow2 = new boolean[4];
    private int[] ifExp = new int[4];
    private long[] ifOffsetNanos = new long[4];
    private int[] ifGlobal = new int[4];
    private boolean sawSection;

    PcapngReader(StreamBuffer in, SummaryBuilder sum, ReaderOptions options, Runnable onClose)
            throws CaptureFormatException {
        super(in, sum, onClose);
        this.maxRecord = options.maxRecordLength();
        sum.format = "pcapng";
        int got = in.require(16);
        if (got < 16) {
            throw new CaptureFormatException("pcapng section header cut short (" + got + " bytes)");
        }
        int bom = in.i32(in.pos + 8, false);
        if (bom == BYTE_ORDER_MAGIC) {
            le = false;
        } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
            le = true;
        } else {
            throw new CaptureFormatException(String.format(
                    "pcapng section header has a bad byte-order magic 0x%08x", bom));
        }
        int major = in.u16(in.pos + 12, le);
        int minor = in.u16(in.pos + 14, le);
        if (major != 1) {
            throw new CaptureFormatException("unsupported pcapng version " + major + "." + minor);
        }
    }

    @Override
    protected boolean readNext(PacketRecord r) {
        while (true) {
            long off = in.offset();
            int avail = in.require(12);
            if (avail == 0) {
                return false;
            }
            if (avail < 12) {
                truncated(off, "block header cut short (" + avail + " bytes)", avail);
                return false;
            }
            int p = in.pos;
            int type = in.i32(p, le);
            if (type == SHB && !byteOrderOf(p)) {
                resynchronise(off, "section header block with a bad byte-order magic");
                continue;
            }
            long len = in.u32(p + 4, le);
            if (len < 12 || (len & 3) != 0 || len > MAX_BLOCK) {
                resynchronise(off, "block of type 0x" + Integer.toHexString(type) + " claims an impossible length " + len);
                continue;
            }
            avail = in.require((int) len);
            if (avail < len) {
                truncated(off, "last block cut short (" + avail + " of " + len + " bytes)", avail);
                return false;
            }
            p = in.pos;
            long trailer = in.u32(p + (int) len - 4, le);
            if (trailer != len) {
                if (type == SHB) { // the byte-order magic was good: it is a section, even if damaged
                    sum.sections++;
                    sum.byteOrder(le);
                    ifCount = 0;
                }
                resynchronise(off, "block of type 0x" + Integer.toHexString(type) + " has leading length " + len
                        + " but trailing length " + trailer);
                continue;
            }
            boolean delivered = false;
            switch (type) {
                case SHB -> sectionHeader(p, (int) len, off);
                case IDB -> interfaceDescription(p, (int) len, off);
                case EPB -> delivered = enhancedPacket(p, (int) len, off, r);
                case SPB -> delivered = simplePacket(p, (int) len, off, r);
                case PB_OBSOLETE -> delivered = obsoletePacket(p, (int) len, off, r);
                case NRB -> nameResolution(p, (int) len, off);
                case ISB -> sum.count("interface_statistics_blocks");
                default -> sum.count("unknown_blocks");
            }
            in.pos = p + (int) len;
            if (delivered) {
                return true;
            }
        }
    }

    private void truncated(long off, String what, int avail) {
        sum.warn(off, "truncated-record", what + "; end of capture");
        sum.count("truncated_records");
        in.pos += avail;
    }

    /** Sets the byte order from an SHB at {@code p}; false when its magic is bad. */
    private boolean byteOrderOf(int p) {
        int bom = in.i32(p + 8, false);
        if (bom == BYTE_ORDER_MAGIC) {
            le = false;
            return true;
        }
        if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
            le = true;
            return true;
        }
        return false;
    }

    private void sectionHeader(int p, int len, long off) {
        sum.sections++;
        sum.byteOrder(le);
        ifCount = 0;
        if (len < 28) {
            sum.warn(off, "bad-block", "section header block too short (" + len + " bytes)");
            return;
        }
        int major = in.u16(p + 12, le);
        int minor = in.u16(p + 14, le);
        if (major != 1 && sawSection) {
            sum.warn(off, "unsupported-version", "section of unsupported pcapng version " + major + "." + minor
                    + "; reading it anyway");
        }
        sawSection = true;
    }

    private void interfaceDescription(int p, int len, long off) {
        if (len < 20) {
            sum.warn(off, "bad-block", "interface description block too short (" + len + " bytes)");
            sum.count("bad_blocks");
            return;
        }
        int linkType = in.u16(p + 8, le);
        long snap = in.u32(p + 12, le);
        boolean pow2 = false;
        int exp = 6;
        long offsetSeconds = 0;
        int q = p + 16;
        int end = p + len - 4;
        while (q + 4 <= end) {
            int code = in.u16(q, le);
            int olen = in.u16(q + 2, le);
            if (code == 0) {
                break;
            }
            if (q + 4 + olen > end) {
                sum.warn(off, "bad-option", "interface option " + code + " of length " + olen + " overruns its block");
                break;
            }
            if (code == 9 && olen >= 1) { // if_tsresol: MSB 0 = 10^-v, 1 = 2^-v
                int v = in.u8(q + 4);
                pow2 = (v & 0x80) != 0;
                exp = v & 0x7f;
            } else if (code == 14 && olen >= 8) { // if_tsoffset: seconds added to every time stamp
                offsetSeconds = in.i32(q + 4, le) & 0xffffffffL;
                long other = in.i32(q + 8, le) & 0xffffffffL;
                offsetSeconds = le ? (other << 32) | offsetSeconds : (offsetSeconds << 32) | other;
            }
            q += 4 + ((olen + 3) & ~3);
        }
        if ((pow2 && exp > 62) || (!pow2 && exp > 18)) {
            sum.warn(off, "bad-option", "unusable time stamp resolution " + (pow2 ? "2^-" : "10^-") + exp
                    + "; assuming microseconds");
            pow2 = false;
            exp = 6;
        }
        if (ifCount == ifLinkType.length) {
            int n = ifCount * 2;
            ifLinkType = java.util.Arrays.copyOf(ifLinkType, n);
            ifSnap = java.util.Arrays.copyOf(ifSnap, n);
            ifPow2 = java.util.Arrays.copyOf(ifPow2, n);
            ifExp = java.util.Arrays.copyOf(ifExp, n);
            ifOffsetNanos = java.util.Arrays.copyOf(ifOffsetNanos, n);
            ifGlobal = java.util.Arrays.copyOf(ifGlobal, n);
        }
        ifLinkType[ifCount] = linkType;
        ifSnap[ifCount] = snap;
        ifPow2[ifCount] = pow2;
        ifExp[ifCount] = exp;
        ifOffsetNanos[ifCount] = offsetSeconds * 1_000_000_000L;
        ifGlobal[ifCount] = sum.interfaces;
        ifCount++;
        sum.interfaces++;
        sum.linkType(linkType);
        sum.tsResolution(resolutionName(pow2, exp));
    }

    static String resolutionName(boolean pow2, int exp) {
        if (pow2) {
            return "2^-" + exp;
        }
        return switch (exp) {
            case 0 -> "s";
            case 3 -> "ms";
            case 6 -> "us";
            case 9 -> "ns";
            default -> "10^-" + exp;
        };
    }

    /** Converts a 64-bit time stamp in interface units to epoch nanoseconds. */
    private long toNanos(long units, int iface) {
        int e = ifExp[iface];
        long secs;
        long fracNanos;
        if (ifPow2[iface]) {
            secs = e == 0 ? units : units >>> e;
            long frac = e == 0 ? 0 : units & ((1L << e) - 1);
            fracNanos = e <= 33 ? (frac * 1_000_000_000L) >>> e : ((frac >>> (e - 30)) * 1_000_000_000L) >>> 30;
        } else {
            long unitsPerSecond = POW10[e];
            secs = Long.divideUnsigned(units, unitsPerSecond);
            long frac = Long.remainderUnsigned(units, unitsPerSecond);
            fracNanos = e <= 9 ? frac * POW10[9 - e] : frac / POW10[e - 9];
        }
        return secs * 1_000_000_000L + fracNanos + ifOffsetNanos[iface];
    }

    private boolean checkInterface(long iface, long off, String block) {
        if (iface >= ifCount) {
            sum.warn(off, "unknown-interface", block + " for interface " + iface + " but the section has only "
                    + ifCount + " interface(s); skipped");
            sum.count("packets_unknown_interface");
            return false;
        }
        return true;
    }

    private boolean fill(PacketRecord r, int dataAt, long caplen, long origlen, int room, int iface, long ts,
            long off, String block) {
        if (caplen > room || caplen > maxRecord) {
            sum.warn(off, "bad-record-length", block + " claims " + caplen + " captured bytes but "
                    + (caplen > room ? "its block holds only " + room : "the maximum is " + maxRecord) + "; skipped");
            sum.count("bad_record_headers");
            sum.skippedBytes += room;
            return false;
        }
        r.data = in.buf;
        r.offset = dataAt;
        r.capturedLength = (int) caplen;
        r.originalLength = (int) Math.min(Integer.MAX_VALUE, origlen);
        r.timestampNanos = ts;
        r.linkType = ifLinkType[iface];
        r.interfaceId = ifGlobal[iface];
        r.fileOffset = off;
        r.optionsLength = 0;
        return true;
    }

    private boolean enhancedPacket(int p, int len, long off, PacketRecord r) {
        if (len < 32) {
            sum.warn(off, "bad-block", "enhanced packet block too short (" + len + " bytes)");
            sum.count("bad_blocks");
            return false;
        }
        long iface = in.u32(p + 8, le);
        if (!checkInterface(iface, off, "enhanced packet block")) {
            return false;
        }
        long units = (in.u32(p + 12, le) << 32) | in.u32(p + 16, le);
        long caplen = in.u32(p + 20, le);
        if (!fill(r, p + 28, caplen, in.u32(p + 24, le), len - 32, (int) iface, toNanos(units, (int) iface), off,
                "enhanced packet block")) {
            return false;
        }
        // options follow the packet data padded to 32 bits; they cost nothing unless the block has some
        int options = p + 28 + (int) ((caplen + 3) & ~3L);
        int end = p + len - 4;
        if (options < end) {
            r.optionsOffset = options;
            r.optionsLength = end - options;
            r.optionsLittleEndian = le;
        }
        return true;
    }

    private boolean obsoletePacket(int p, int len, long off, PacketRecord r) {
        sum.count("obsolete_packet_blocks");
        if (len < 32) {
            sum.warn(off, "bad-block", "packet block too short (" + len + " bytes)");
            sum.count("bad_blocks");
            return false;
        }
        int iface = in.u16(p + 8, le);
        if (!checkInterface(iface, off, "packet block")) {
            return false;
        }
        long units = (in.u32(p + 12, le) << 32) | in.u32(p + 16, le);
        return fill(r, p + 28, in.u32(p + 20, le), in.u32(p + 24, le), len - 32, iface, toNanos(units, iface), off,
                "packet block");
    }

    private boolean simplePacket(int p, int len, long off, PacketRecord r) {
        sum.count("simple_packet_blocks");
        if (len < 16) {
            sum.warn(off, "bad-block", "simple packet block too short (" + len + " bytes)");
            sum.count("bad_blocks");
            return false;
        }
        if (!checkInterface(0, off, "simple packet block")) {
            return false;
        }
        long origlen = in.u32(p + 8, le);
        // captured length is implied: the smaller of wire length, snap length and the block's room
        long caplen = Math.min(origlen, len - 16);
        if (ifSnap[0] > 0) {
            caplen = Math.min(caplen, ifSnap[0]);
        }
        return fill(r, p + 12, caplen, origlen, len - 16, 0, Long.MIN_VALUE, off, "simple packet block");
    }

    private void nameResolution(int p, int len, long off) {
        int q = p + 8;
        int end = p + len - 4;
        CaptureListener l = sum.listener();
        while (q + 4 <= end) {
            int type = in.u16(q, le);
            int rlen = in.u16(q + 2, le);
            if (type == 0) {
                break;
            }
            if (q + 4 + rlen > end) {
                sum.warn(off, "bad-block", "name resolution record of length " + rlen + " overruns its block");
                break;
            }
            int addrLen = type == 1 ? 4 : type == 2 ? 16 : 0;
            if (addrLen > 0 && rlen > addrLen) {
                byte[] addr = java.util.Arrays.copyOfRange(in.buf, q + 4, q + 4 + addrLen);
                int s = q + 4 + addrLen;
                int recEnd = q + 4 + rlen;
                while (s < recEnd) {
                    int z = s;
                    while (z < recEnd && in.buf[z] != 0) {
                        z++;
                    }
                    if (z > s) {
                        String name = new String(in.buf, s, Math.min(z - s, MAX_NAME_BYTES), StandardCharsets.UTF_8);
                        sum.count("name_resolution_entries");
                        l.onNameResolution(addr, name);
                    }
                    s = z + 1;
                }
            }
            q += 4 + ((rlen + 3) & ~3);
        }
    }

    private static boolean knownType(int t) {
        return t == SHB || (t >= 1 && t <= 10) || t == 0x00000BAD || t == 0x40000BAD;
    }

    /** Searches 4-byte steps from the damaged block for a block with a known type and matching lengths. */
    private void resynchronise(long badOffset, String what) {
        sum.count("bad_blocks");
        boolean savedLe = le;
        in.pos += 4;
        while (true) {
            int avail = in.require(12);
            if (avail < 12) {
                long skipped = in.offset() - badOffset + avail;
                in.pos += avail;
                sum.skippedBytes += skipped;
                sum.warn(badOffset, "bad-block-length", what + "; no plausible block after it, skipped " + skipped
                        + " bytes to the end of the capture");
                return;
            }
            int p = in.pos;
            int type = in.i32(p, le);
            if (knownType(type) && (type != SHB || byteOrderOf(p))) {
                long len = in.u32(p + 4, le);
                if (len >= 12 && (len & 3) == 0 && len <= MAX_BLOCK && in.require((int) len) >= len
                        && in.u32(in.pos + (int) len - 4, le) == len) {
                    long skipped = in.offset() - badOffset;
                    sum.skippedBytes += skipped;
                    sum.count("resynchronisations");
                    sum.warn(badOffset, "bad-block-length", what + "; skipped " + skipped
                            + " bytes to the next plausible block at byte offset " + in.offset());
                    return;
                }
                le = savedLe;
            }
            in.pos += 4;
        }
    }
}
