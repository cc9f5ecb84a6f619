package io.proxyaudit.client;

/**
 * pip's {@code --proxy} option in a process's arguments (a ptcpdump comment's {@code Args}, words separated by
 * blanks): {@code --proxy URL} or {@code --proxy=URL}. pip parses its options with optparse, which takes any
 * unambiguous prefix of a long option: {@code --prox} is the shortest ({@code --pro} could be
 * {@code --progress-bar}); measured with pip 23.2.1 (PipProxyWireTest). The last one given wins, as in optparse.
 */
final class PipArguments {
    private static final String[] NAMES = {"--prox", "--proxy"};

    private PipArguments() {}

    /** The value of the last {@code --proxy} in {@code args}, or null (also for a {@code --proxy} with no value). */
    static String proxy(String args) {
        if (args == null) {
            return null;
        }
        String[] words = args.trim().split(" +");
        String found = null;
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w.equals("--")) {
                break; // optparse stops there: what follows are arguments, not options
            }
            for (String name : NAMES) {
                if (w.equals(name) && i + 1 < words.length) {
                    found = words[++i];
                    break;
                }
                if (w.startsWith(name + "=")) {
                    found = w.substring(name.length() + 1);
                    break;
                }
            }
        }
        return found == null || found.isEmpty() ? null : found;
    }
}
