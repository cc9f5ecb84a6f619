package io.proxyaudit.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Loads pcap4j/libpcap once, turning "libpcap is not installed" into one clear line instead of a JNA
 * stack trace, and keeping SLF4J's "no logger bound" notice off the user's terminal.
 */
final class Libpcap {
    private static volatile String loadError;
    private static volatile boolean loaded;

    private Libpcap() {}

    /** Throws a one-line IOException when libpcap cannot be used. */
    static void require(String forWhat) throws IOException {
        require(forWhat, "or use the default --reader java");
    }

    static synchronized void require(String forWhat, String alternative) throws IOException {
        if (!loaded && loadError == null) {
            PrintStream savedErr = System.err;
            try {
                System.setErr(new PrintStream(OutputStream.nullOutputStream()));
                String version = org.pcap4j.core.Pcaps.libVersion();
                loaded = version != null;
            } catch (LinkageError | RuntimeException e) {
                loadError = e.getClass().getSimpleName();
            } finally {
                System.setErr(savedErr);
            }
        }
        if (!loaded) {
            throw new IOException(forWhat + " needs libpcap, which is not installed or could not be loaded;"
                    + " install it (Debian/Ubuntu: apt-get install libpcap0.8) " + alternative);
        }
    }
}
