package io.proxyaudit.policy;

/** A dotted release number such as Go {@code 1.19} or curl {@code 7.88.1}; missing parts are 0. */
public record Version(int major, int minor, int patch) implements Comparable<Version>, java.io.Serializable {
    /** Lab default for Go (Debian 12 ships Go 1.19): Go ≥ 1.16 rules, pre-1.22 proxy URL parsing. */
    public static final Version DEFAULT_GO = new Version(1, 19, 0);
    /** Lab default for curl (Debian 12, git 2.39 links curl 7.88.1): spaces still separate NO_PROXY entries. */
    public static final Version DEFAULT_CURL = new Version(7, 88, 1);

    /** Parses {@code 1.19}, {@code go1.21.3}, {@code 7.88.1}. */
    public static Version parse(String text) {
        String s = text.trim();
        if (s.startsWith("go")) {
            s = s.substring(2);
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length == 0 || parts.length > 3) {
            throw new IllegalArgumentException("not a version: '" + text + "' (expected e.g. 1.19 or 7.88.1)");
        }
        int[] v = new int[3];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a version: '" + text + "' (expected e.g. 1.19 or 7.88.1)");
            }
            if (v[i] < 0) {
                throw new IllegalArgumentException("not a version: '" + text + "'");
            }
        }
        return new Version(v[0], v[1], v[2]);
    }

    public boolean atLeast(int maj, int min) {
        return compareTo(new Version(maj, min, 0)) >= 0;
    }

    @Override
    public int compareTo(Version o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }

    // Written out rather than left to the record: the generated ones bootstrap through invokedynamic
    // (java.lang.runtime.ObjectMethods) on first use, which costs milliseconds of start-up per record type on the
    // audit's path (bench/profile-cpu.sh, 1 GB analyze).
    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && v.major == major && v.minor == minor && v.patch == patch;
    }

    @Override
    public int hashCode() {
        return (major * 31 + minor) * 31 + patch;
    }
}
