import io.proxyaudit.bench.SyntheticCapture;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Spark benchmark's captures, written by the synthetic generator in one JVM (a JVM per file would take longer
 * than the files): {@code java -cp target/test-classes:target/classes bench/spark/MakeData.java DIR COUNT SIZE
 * [FIRST_SEED]} writes DIR/cap-NNNN.pcap for seeds FIRST_SEED.. (default 1); files already there are kept.
 */
public final class MakeData {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        String size = args[2];
        int first = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        for (int i = 0; i < count; i++) {
            Path f = dir.resolve(String.format("cap-%04d.pcap", first + i));
            if (!Files.exists(f)) {
                SyntheticCapture.main(new String[] {"--size", size, "--format", "pcap", "--seed",
                        Integer.toString(first + i), "--out", f.toString()});
            }
        }
    }
}
