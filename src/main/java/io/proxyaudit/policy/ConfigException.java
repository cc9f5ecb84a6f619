package io.proxyaudit.policy;

/** A configuration input that cannot be used; the message is one line naming file:line where known. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
