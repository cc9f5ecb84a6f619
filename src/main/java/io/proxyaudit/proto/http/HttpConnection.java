package io.proxyaudit.proto.http;

/**
 * What the two directions of one HTTP/1.x connection share for framing: responses answer requests in order
 * (RFC 9112 §9.3), and the request's method decides where its response ends (HEAD: no body; CONNECT: a 2xx
 * opens a tunnel, RFC 9110 §9.3.6, §6.3 items 1-2 of RFC 9112). The methods of up to {@link #MAX_PIPELINE}
 * unanswered requests are remembered; an answer to an older one is framed as for GET.
 */
public final class HttpConnection {
    static final int OTHER = 0;
    static final int HEAD = 1;
    static final int CONNECT = 2;
    /** Unanswered requests whose method is remembered (as many as the flow stage keeps exchanges by default). */
    static final int MAX_PIPELINE = 4096;

    /** Kind of request number i at i % length, for the unanswered ones. */
    private byte[] kinds = new byte[8];
    private int requests;
    private int answered;
    private int connectStatus;

    /** Requests framed on the connection so far. */
    public int requests() {
        return requests;
    }

    /** True once a CONNECT on the connection was answered with a 2xx. */
    public boolean connectAccepted() {
        return connectStatus / 100 == 2;
    }

    void request(String method) {
        // method names are case-sensitive (RFC 9110 §9.1): "connect" is not CONNECT
        if (requests - answered >= kinds.length && kinds.length < MAX_PIPELINE) {
            byte[] grown = new byte[kinds.length * 2];
            for (int i = Math.max(answered, requests - kinds.length); i < requests; i++) {
                grown[i % grown.length] = kinds[i % kinds.length];
            }
            kinds = grown;
        }
        kinds[requests % kinds.length] = (byte) ("HEAD".equals(method) ? HEAD : "CONNECT".equals(method) ? CONNECT : OTHER);
        requests++;
    }

    /** The kind of request the next final response answers. */
    int answer() {
        int i = answered++;
        return i < requests && requests - i <= kinds.length ? kinds[i % kinds.length] : OTHER;
    }

    /** Records the answer to a CONNECT; returns the connection's CONNECT status (the first 2xx sticks). */
    int connectAnswered(int status) {
        if (!connectAccepted()) {
            connectStatus = status;
        }
        return connectStatus;
    }
}
