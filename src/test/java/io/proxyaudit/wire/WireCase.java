package io.proxyaudit.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One generated configuration for one program: the environment it runs with (git settings travel as
 * {@code GIT_CONFIG_COUNT}/{@code GIT_CONFIG_KEY_n}/{@code GIT_CONFIG_VALUE_n}, as a CI job would set them) and the
 * URL it fetches. The TSV form is {@code id, program, env (K=V;K=V or -), url}.
 */
record WireCase(String id, String program, Map<String, String> env, String url) {

    String envText() {
        if (env.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        env.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ";").append(k).append('=').append(v));
        return sb.toString();
    }

    String tsv() {
        return id + "\t" + program + "\t" + envText() + "\t" + url;
    }

    static Map<String, String> parseEnv(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!text.equals("-")) {
            for (String kv : text.split(";", -1)) {
                int eq = kv.indexOf('=');
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return env;
    }

    static WireCase parse(String[] cols) {
        return new WireCase(cols[0], cols[1], parseEnv(cols[2]), cols[3]);
    }
}
