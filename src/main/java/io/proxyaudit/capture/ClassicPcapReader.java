package io.proxyaudit.capture;

/**
 * Classic libpcap files: a 24-byte file header, then 16-byte record headers each followed by the
 * captured bytes (format: draft-ietf-opsawg-pcap, sections 4 and 5). Both byte orders, microsecond
 * (0xA1B2C3D4) and nanosecond (0xA1B23C4D) magic.
 *
 * <p>A record header with an impossible length is not the end: we look for the next plausible record
 * header (sane time stamp and lengths, and the header after it sane too), report the bytes skipped and
 * go on. tshark stops at such a record instead.
 */
final class ClassicPcapReader extends StreamingReader {
    static final int MAGIC_USEC = 0xA1B2C3D4;
    static final int MAGIC_NSEC = 0xA1B23C4D;
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    /** Two plausible time stamps more than this apart are not neighbours (used only while resynchronising). */
    private static final long RESYNC_MAX_TS_GAP_SECONDS = 366L * 24 * 3600;

    private final boolean le;
    private final boolean nanos;
    private final long snaplen;
    private final int linkType;
    private final int maxRecord;
    private long lastTsSeconds = Long.MIN_VALUE;

    ClassicPcapReader(StreamBuffer in, SummaryBuilder sum, ReaderOptions options, Runnable onClose)
            throws CaptureFormatException {
        super(in, sum, onClose);
        this.maxRecord = options.maxRecordLength();
        int got = in.require(FILE_HEADER);
        int magicBe = in.i32(in.pos, false);
        le = magicBe != MAGIC_USEC && magicBe != MAGIC_NSEC;
        nanos = in.i32(in.pos, le) == MAGIC_NSEC;
        sum.format = "pcap";
        sum.byteOrder(le);
        sum.tsResolution(nanos ? "ns" : "us");
        if (got < FILE_HEADER) {
            throw new CaptureFormatException("pcap file header cut short (" + got + " of 24 bytes)");
        }
        int major = in.u16(in.pos + 4, le);
        int minor = in.u16(in.pos + 6, le);
        snaplen = in.u32(in.pos + 16, le);
        int network = in.i32(in.pos + 20, le);
        // LINKTYPE in the low 16 bits; bits 26-31 carry FCS information (pcap draft, section 4)
        linkType = network & 0xffff;
        sum.linkType(linkType);
        if (major != 2) {
            throw new CaptureFormatException("unsupported pcap version " + major + "." + minor);
        }
        if ((network & 0x03ff0000) != 0) {
            sum.warn(20, "reserved-linktype-bits", String.format(
                    "link type field 0x%08x has reserved bits set; using link type %d", network, linkType));
        }
        in.pos += FILE_HEADER;
    }

    @Override
    protected boolean readNext(PacketRecord r) {
        while (true) {
            long off = in.offset();
            int avail = in.require(RECORD_HEADER);
            if (avail == 0) {
                return false;
            }
            if (avail < RECORD_HEADER) {
                sum.warn(off, "truncated-record", "record header cut short (" + avail + " of 16 bytes); end of capture");
                sum.count("truncated_records");
                in.pos += avail;
                return false;
            }
            int p = in.pos;
            long tsSec = in.u32(p, le);
            long tsFrac = in.u32(p + 4, le);
            long caplen = in.u32(p + 8, le);
            long origlen = in.u32(p + 12, le);
            if (!lengthAcceptable(caplen, origlen)) {
                String what = caplen > maxRecord
                        ? "record header claims " + caplen + " captured bytes (more than " + maxRecord + ")"
                        : "record header claims " + caplen + " captured bytes, more than the snap length "
                                + snaplen + " and the wire length " + origlen;
                resynchronise(off, what);
                continue;
            }
            int total = RECORD_HEADER + (int) caplen;
            avail = in.require(total);
            if (avail < total) {
                sum.warn(off, "truncated-record", "last record cut short: " + (avail - RECORD_HEADER) + " of "
                        + caplen + " captured bytes present; end of capture");
                sum.count("truncated_records");
                in.pos += avail;
                return false;
            }
            p = in.pos;
            r.data = in.buf;
            r.offset = p + RECORD_HEADER;
            r.capturedLength = (int) caplen;
            r.originalLength = (int) Math.min(Integer.MAX_VALUE, origlen);
            r.timestampNanos = tsSec * 1_000_000_000L + (nanos ? tsFrac : tsFrac * 1000L);
            r.linkType = linkType;
            r.interfaceId = 0;
            r.fileOffset = off;
            lastTsSeconds = tsSec;
            in.pos += total;
            return true;
        }
    }

    /** Lenient like tshark: only lengths over the maximum, or over both snap and wire length, are corrupt. */
    private boolean lengthAcceptable(long caplen, long origlen) {
        if (caplen > maxRecord) {
            return false;
        }
        return !(snaplen >= 64 && caplen > snaplen && caplen > origlen);
    }

    /** Strict check used while searching for a record boundary in damaged data. */
    private boolean plausibleHeader(int p) {
        long tsSec = in.u32(p, le);
        long tsFrac = in.u32(p + 4, le);
        long caplen = in.u32(p + 8, le);
        long origlen = in.u32(p + 12, le);
        if (tsFrac >= (nanos ? 1_000_000_000L : 1_000_000L)) {
            return false;
        }
        if (caplen == 0 || caplen > maxRecord || caplen > origlen || origlen > (1 << 24)) { // empty records are useless: zero fill is not a header
            return false;
        }
        if (snaplen > 0 && caplen > snaplen) {
            return false;
        }
        return lastTsSeconds == Long.MIN_VALUE || Math.abs(tsSec - lastTsSeconds) <= RESYNC_MAX_TS_GAP_SECONDS;
    }

    private void resynchronise(long badOffset, String what) {
        sum.count("bad_record_headers");
        in.pos += 1;
        while (true) {
            int avail = in.require(RECORD_HEADER);
            if (avail < RECORD_HEADER) {
                long skipped = in.offset() - badOffset + avail;
                in.pos += avail;
                sum.skippedBytes += skipped;
                sum.warn(badOffset, "bad-record-length", what + "; no plausible record header after it, skipped "
                        + skipped + " bytes to the end of the capture");
                return;
            }
            if (plausibleHeader(in.pos)) {
                int caplen = in.i32(in.pos + 8, le);
                int need = 2 * RECORD_HEADER + caplen;
                int got = in.require(need);
                boolean nextOk = got == RECORD_HEADER + caplen // the record ends the file exactly
                        || (got >= need && plausibleHeader(in.pos + RECORD_HEADER + caplen));
                if (nextOk) {
                    long skipped = in.offset() - badOffset;
                    sum.skippedBytes += skipped;
                    sum.count("resynchronisations");
                    sum.warn(badOffset, "bad-record-length", what + "; skipped " + skipped
                            + " bytes to the next plausible record header at byte offset " + in.offset());
                    return;
                }
            }
            in.pos += 1;
        }
    }
}
