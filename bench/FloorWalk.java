import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The least a JVM program can do with a classic little-endian pcap (bench/floor.sh): read it through the same
 * 256 KiB heap buffer as proxyaudit's reader, walk the record headers and touch one byte of each packet (the IP
 * protocol field behind a 14-byte Ethernet header). No decoding, no flows, no parsing, no output beyond one line.
 * With no argument it only prints a line: a JVM's bare start-up.
 */
public final class FloorWalk {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.out.println("started");
            return;
        }
        byte[] buf = new byte[256 << 10];
        int pos = 24; // the file header
        int lim;
        long packets = 0;
        long bytes = 0;
        long protoSum = 0;
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            lim = Math.max(0, in.readNBytes(buf, 0, buf.length));
            int magic = lim < 24 ? 0 : (buf[0] & 0xff) | (buf[1] & 0xff) << 8 | (buf[2] & 0xff) << 16 | (buf[3] & 0xff) << 24;
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
                System.err.println("FloorWalk: " + args[0] + ": not a little-endian classic pcap");
                System.exit(2);
            }
            while (true) {
                int cap = lim - pos >= 16 ? (buf[pos + 8] & 0xff) | (buf[pos + 9] & 0xff) << 8
                        | (buf[pos + 10] & 0xff) << 16 | (buf[pos + 11] & 0xff) << 24 : -1;
                if (cap < 0 || lim - pos < 16 + cap) {
                    System.arraycopy(buf, pos, buf, 0, lim - pos);
                    lim -= pos;
                    pos = 0;
                    int r = in.read(buf, lim, buf.length - lim);
                    if (r < 0) {
                        break;
                    }
                    lim += r;
                    continue;
                }
                if (cap > 23) {
                    protoSum += buf[pos + 16 + 23] & 0xff;
                }
                packets++;
                bytes += cap;
                pos += 16 + cap;
            }
        }
        System.out.println(packets + " packets, " + bytes + " captured bytes, protocol sum " + protoSum);
    }
}
