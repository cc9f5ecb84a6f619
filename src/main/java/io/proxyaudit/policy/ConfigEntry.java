package io.proxyaudit.policy;

/** One configuration variable as applied, value already redacted, and where it came from ("env", a file name, "--env"). */
public record ConfigEntry(String key, String value, String source) {}
