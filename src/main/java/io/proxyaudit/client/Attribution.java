package io.proxyaudit.client;

/**
 * Which program most likely made a connection ({@link ClientDetector}), on what evidence and how sure that is.
 *
 * @param client     the client whose proxy rules apply ({@link Client#OTHER} for a program without rules of its own)
 * @param evidence   the signal that decided (null only for a client set by hand: tests, fetch plans)
 * @param confidence how far that signal names the program (null likewise)
 * @param program    the program the evidence names ({@code curl}, {@code pip}, {@code java}...), or null when it names
 *                   none (endpoint, port): from the capture, so attacker-controlled text, bounded by its source
 * @param detail     what was seen, for people ({@code User-Agent pip/23.0.1 ...}, {@code endpoint pypi.org}); from
 *                   the capture, bounded
 */
public record Attribution(Client client, Evidence evidence, Confidence confidence, String program, String detail) {
    /** What decided the client, strongest first. */
    public enum Evidence {
        /** a pcapng packet comment naming the process (ptcpdump) */
        PROCESS("process"),
        /** the HTTP User-Agent of a request on the connection */
        USER_AGENT("user-agent"),
        /** the HTTP request target of a protocol only one client speaks (git's smart HTTP) */
        HTTP_TARGET("http-target"),
        /** the port of a protocol only one client speaks (ssh to a VCS host, git://) */
        PORT("port"),
        /** the TLS ClientHello's JA4 fingerprint, of a program measured in the lab */
        JA4("ja4"),
        /** the destination's role in the endpoint catalogue */
        ENDPOINT("endpoint"),
        /** nothing named a program */
        NONE("none");

        private final String wire;

        Evidence(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** How sure: high when the capture names the program, medium for a fingerprint or port, low for the endpoint. */
    public enum Confidence {
        HIGH("high"),
        MEDIUM("medium"),
        LOW("low");

        private final String wire;

        Confidence(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
