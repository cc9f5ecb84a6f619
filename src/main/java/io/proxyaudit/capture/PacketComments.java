package io.proxyaudit.capture;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code opt_comment} options of a pcapng packet block (draft-ietf-opsawg-pcapng §3.5: code 1, UTF-8, one
 * option per comment, several allowed), read from the option bytes {@link PacketRecord} points at. ptcpdump
 * writes the process that owns the socket this way. Bounded: at most {@link #MAX_COMMENTS} comments of at most
 * {@link #MAX_COMMENT_BYTES} bytes each are read; a longer comment is cut.
 */
public final class PacketComments {
    public static final int MAX_COMMENTS = 8;
    public static final int MAX_COMMENT_BYTES = 4096;
    private static final int OPT_ENDOFOPT = 0;
    private static final int OPT_COMMENT = 1;

    private PacketComments() {}

    /**
     * The record's comments in order (empty when it has none), or null when its options are malformed (an option
     * that runs past the end of the block).
     */
    public static List<String> of(PacketRecord r) {
        if (r.optionsLength == 0) {
            return List.of();
        }
        byte[] b = r.data;
        int q = r.optionsOffset;
        int end = q + r.optionsLength;
        List<String> out = null; // most option lists (epb_flags alone) hold no comment: no allocation then
        while (q + 4 <= end) {
            int code = u16(b, q, r.optionsLittleEndian);
            int len = u16(b, q + 2, r.optionsLittleEndian);
            if (code == OPT_ENDOFOPT) {
                break;
            }
            if (q + 4 + len > end) {
                return null;
            }
            if (code == OPT_COMMENT && (out == null || out.size() < MAX_COMMENTS)) {
                if (out == null) {
                    out = new ArrayList<>(3);
                }
                out.add(new String(b, q + 4, Math.min(len, MAX_COMMENT_BYTES), StandardCharsets.UTF_8));
            }
            q += 4 + ((len + 3) & ~3);
        }
        return out == null ? List.of() : out;
    }

    private static int u16(byte[] b, int at, boolean le) {
        int x = b[at] & 0xff;
        int y = b[at + 1] & 0xff;
        return le ? x | y << 8 : x << 8 | y;
    }
}
