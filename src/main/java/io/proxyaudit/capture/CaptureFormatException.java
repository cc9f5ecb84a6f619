package io.proxyaudit.capture;

import java.io.IOException;

/** The input is not a capture we can read at all (bad magic, unsupported version, empty file). */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CaptureFormatException(String message) {
        super(message);
    }
}
