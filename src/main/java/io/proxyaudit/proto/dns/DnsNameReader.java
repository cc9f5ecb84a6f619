package io.proxyaudit.proto.dns;

import io.proxyaudit.proto.BoundedText;
import java.util.List;

/**
 * Decodes a possibly compressed domain name (RFC 1035 §3.1, §4.1.4) from a message. Hand-written so
 * that hostile input is bounded: at most {@link #MAX_POINTERS} pointer jumps (more means a loop), at
 * most {@link #MAX_NAME_OCTETS} octets of name (§2.3.4), pointers must land inside the message.
 * Problems add a flag ({@code name-loop}, {@code name-too-long}, {@code bad-pointer}, {@code bad-label},
 * {@code truncated}) and the labels read so far are kept.
 */
final class DnsNameReader {
    /** §2.3.4: names are 255 octets or less on the wire (length bytes included). */
    static final int MAX_NAME_OCTETS = 255;
    /** A legal name has at most 127 labels, so more pointers than that cannot be a real name. */
    static final int MAX_POINTERS = 127;

    private DnsNameReader() {}

    /**
     * Reads the name starting at {@code pos} (relative to the message start {@code msgOff}).
     *
     * @param out   receives the presentation form without the trailing dot ("" for the root)
     * @return position just after the name where it appears (after its first pointer, if any),
     *         or -1 when the message ends inside the name
     */
    static int read(byte[] b, int msgOff, int msgLen, int pos, StringBuilder out, List<String> flags) {
        int octets = 1; // the root label's length byte
        int jumps = 0;
        int after = -1; // where the name ends in the record stream, fixed by the first pointer
        int p = pos;
        while (true) {
            if (p >= msgLen) {
                addFlag(flags, "truncated");
                return after;
            }
            int l = b[msgOff + p] & 0xff;
            int kind = l & 0xc0;
            if (kind == 0xc0) {
                if (p + 1 >= msgLen) {
                    addFlag(flags, "truncated");
                    return after;
                }
                int target = ((l & 0x3f) << 8) | (b[msgOff + p + 1] & 0xff);
                if (after < 0) {
                    after = p + 2;
                }
                if (target >= msgLen) {
                    addFlag(flags, "bad-pointer");
                    return after;
                }
                if (++jumps > MAX_POINTERS) {
                    addFlag(flags, "name-loop");
                    return after;
                }
                p = target;
                continue;
            }
            if (kind != 0) {
                // 01 and 10 prefixes: extended label types (RFC 6891 §5 deprecated them), not decodable
                addFlag(flags, "bad-label");
                return after >= 0 ? after : -1;
            }
            if (l == 0) {
                return after >= 0 ? after : p + 1;
            }
            octets += l + 1;
            if (octets > MAX_NAME_OCTETS) {
                addFlag(flags, "name-too-long");
                // skip the rest of this name in the record stream if we can still find its end
                return after >= 0 ? after : skipUncompressed(b, msgOff, msgLen, p, flags);
            }
            if (p + 1 + l > msgLen) {
                addFlag(flags, "truncated");
                return after;
            }
            if (out.length() > 0) {
                out.append('.');
            }
            BoundedText.appendPrintable(out, b, msgOff + p + 1, l, 4 * MAX_NAME_OCTETS);
            p += 1 + l;
        }
    }

    /** Position after a name's labels (up to the root or a pointer) without decoding, or -1. */
    private static int skipUncompressed(byte[] b, int msgOff, int msgLen, int p, List<String> flags) {
        while (p < msgLen) {
            int l = b[msgOff + p] & 0xff;
            if (l == 0) {
                return p + 1;
            }
            if ((l & 0xc0) == 0xc0) {
                return p + 2 <= msgLen ? p + 2 : -1;
            }
            if ((l & 0xc0) != 0) {
                return -1;
            }
            p += 1 + l;
        }
        addFlag(flags, "truncated");
        return -1;
    }

    static void addFlag(List<String> flags, String flag) {
        if (!flags.contains(flag)) {
            flags.add(flag);
        }
    }
}
