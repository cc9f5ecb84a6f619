package io.proxyaudit.proto.dns;

import io.kaitai.struct.ByteBufferKaitaiStream;
import io.kaitai.struct.KaitaiStream;
import io.proxyaudit.proto.ParseResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * DNS message parser (RFC 1035 §4.1) for one UDP payload or one TCP-framed message. The header and the
 * fixed fields after each name are read with the Kaitai Struct spec {@code src/main/kaitai/dns_message.ksy};
 * names go through {@link DnsNameReader}. Whatever could be read is kept: a cut message is OK with the
 * flag {@code truncated}; only a message shorter than its 12-byte header is MALFORMED.
 */
public final class DnsParser {
    static final int HEADER = 12;
    /** Records kept per section; more are counted by the flag {@code records-cut}. */
    static final int MAX_RECORDS_PER_SECTION = 256;
    /** Raw RDATA kept for types without a presentation form. */
    static final int MAX_RAW_RDATA = 512;

    private DnsParser() {}

    public static ParseResult<DnsMessage> parse(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return ParseResult.malformed("bad byte view");
        }
        if (len < HEADER) {
            return ParseResult.malformed("DNS message of " + len + " bytes, the header needs 12");
        }
        KaitaiStream io = new ByteBufferKaitaiStream(ByteBuffer.wrap(buf, off, len).slice());
        io.proxyaudit.proto.ksy.DnsMessage.Header h = new io.proxyaudit.proto.ksy.DnsMessage.Header(io);
        List<String> flags = new ArrayList<>();
        if (h.tc()) {
            DnsNameReader.addFlag(flags, "truncated"); // TC bit (§4.1.1)
        }
        Cursor c = new Cursor(buf, off, len, io, flags);
        List<DnsQuestion> questions = new ArrayList<>();
        for (int i = 0; i < h.qdcount() && c.ok; i++) {
            DnsQuestion q = c.question();
            if (q != null && questions.size() < MAX_RECORDS_PER_SECTION) {
                questions.add(q);
            } else if (q != null) {
                DnsNameReader.addFlag(flags, "records-cut");
            }
        }
        List<DnsResourceRecord> answers = c.records(h.ancount());
        List<DnsResourceRecord> authorities = c.records(h.nscount());
        List<DnsResourceRecord> additionals = c.records(h.arcount());
        DnsMessage m = new DnsMessage(h.transactionId(), h.qr(), (int) h.opcode(), (int) h.rcode(), h.tc(),
                List.copyOf(questions), answers, authorities, additionals, List.copyOf(flags));
        return ParseResult.ok(m, c.pos);
    }

    /** Walks the sections; stops ({@code ok = false}) at the first place the message is cut. */
    private static final class Cursor {
        final byte[] b;
        final int off;
        final int len;
        final KaitaiStream io;
        final List<String> flags;
        int pos = HEADER;
        boolean ok = true;

        Cursor(byte[] b, int off, int len, KaitaiStream io, List<String> flags) {
            this.b = b;
            this.off = off;
            this.len = len;
            this.io = io;
            this.flags = flags;
        }

        private String name() {
            StringBuilder sb = new StringBuilder();
            int next = DnsNameReader.read(b, off, len, pos, sb, flags);
            if (next < 0) {
                cut();
                return null;
            }
            pos = next;
            return sb.toString();
        }

        private void cut() {
            ok = false;
            DnsNameReader.addFlag(flags, "truncated");
        }

        DnsQuestion question() {
            String name = name();
            if (name == null) {
                return null;
            }
            if (len - pos < 4) {
                cut();
                return null;
            }
            io.seek(pos);
            io.proxyaudit.proto.ksy.DnsMessage.QuestionTail t = new io.proxyaudit.proto.ksy.DnsMessage.QuestionTail(io);
            pos += 4;
            return new DnsQuestion(name, t.qtype(), t.qclass());
        }

        List<DnsResourceRecord> records(int count) {
            List<DnsResourceRecord> out = new ArrayList<>();
            for (int i = 0; i < count && ok; i++) {
                DnsResourceRecord r = record();
                if (r == null) {
                    break;
                }
                if (out.size() < MAX_RECORDS_PER_SECTION) {
                    out.add(r);
                } else {
                    DnsNameReader.addFlag(flags, "records-cut");
                }
            }
            return List.copyOf(out);
        }

        private DnsResourceRecord record() {
            String name = name();
            if (name == null) {
                return null;
            }
            if (len - pos < 10) {
                cut();
                return null;
            }
            io.seek(pos);
            io.proxyaudit.proto.ksy.DnsMessage.RecordTail t = new io.proxyaudit.proto.ksy.DnsMessage.RecordTail(io);
            pos += 10;
            int rdlength = t.rdlength();
            if (len - pos < rdlength) {
                cut();
                return null;
            }
            int rd = pos;
            pos += rdlength;
            String value = null;
            byte[] raw = null;
            switch (t.rtype()) {
                case DnsResourceRecord.TYPE_A:
                    if (rdlength == 4) {
                        value = (b[off + rd] & 0xff) + "." + (b[off + rd + 1] & 0xff) + "."
                                + (b[off + rd + 2] & 0xff) + "." + (b[off + rd + 3] & 0xff);
                    }
                    break;
                case DnsResourceRecord.TYPE_AAAA:
                    if (rdlength == 16) {
                        value = Ipv6Text.format(b, off + rd);
                    }
                    break;
                case DnsResourceRecord.TYPE_CNAME:
                case DnsResourceRecord.TYPE_NS:
                case DnsResourceRecord.TYPE_PTR:
                    value = rdataName(rd, rdlength);
                    break;
                default:
                    raw = Arrays.copyOfRange(b, off + rd, off + rd + Math.min(rdlength, MAX_RAW_RDATA));
                    break;
            }
            if (value == null && raw == null) {
                DnsNameReader.addFlag(flags, "short-record");
                raw = Arrays.copyOfRange(b, off + rd, off + rd + Math.min(rdlength, MAX_RAW_RDATA));
            }
            return new DnsResourceRecord(name, t.rtype(), t.rclass(), t.ttl(), value, raw);
        }

        /** A name inside RDATA; pointers may reach anywhere in the message, labels must end within RDATA. */
        private String rdataName(int rd, int rdlength) {
            StringBuilder sb = new StringBuilder();
            List<String> own = new ArrayList<>();
            int next = DnsNameReader.read(b, off, len, rd, sb, own);
            for (String f : own) {
                DnsNameReader.addFlag(flags, f);
            }
            if (next < 0 || next > rd + rdlength) {
                return null;
            }
            return sb.toString();
        }
    }
}
